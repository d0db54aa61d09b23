package org.convscope.app.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.Classifier;
import org.convscope.vis.optimize.Diverged;
import org.convscope.vis.optimize.Fgsm;
import org.convscope.vis.optimize.Perturbation;
import org.convscope.vis.optimize.TargetedAttack;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Pictures;
import org.convscope.vis.render.Manifest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope adversarial}: FGSM or a targeted iterative attack on one image. */
@Command(name = "adversarial", mixinStandardHelpOptions = true,
        description = {"Adversarial examples: the fast gradient sign method (Goodfellow et al. 2014), "
                + "x' = x + epsilon sign(dJ/dx), or a targeted iterative method (after Szegedy et al. 2013) that "
                + "stops at the first image the net assigns to --target. Prints the L2 and L-infinity of the "
                + "perturbation in grey levels.",
                "Writes OUT/adversarial.png (original | perturbation x10 around grey | adversarial), "
                        + "adversarial_image.png, and manifest.json.",
                "Example: convscope adversarial -m lenet.prototxt -w lenet.caffemodel --scale 0.00390625 digit.png "
                        + "--method targeted --target 3 --out out"})
final class AdversarialCommand extends OptimizeCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to perturb.")
    Path image;

    @Option(names = "--method", defaultValue = "fgsm", paramLabel = "fgsm|targeted",
            description = "fgsm (one signed step) or targeted (iterative, needs --target) (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--label", paramLabel = "K", description = "The true class FGSM moves away from (default: the prediction).")
    Integer label;

    @Option(names = "--epsilon", paramLabel = "GREY",
            description = "FGSM step in grey levels (default: the smallest of 1,2,4,8,16,32,64 that flips the answer).")
    Float epsilon;

    @Option(names = "--target", paramLabel = "K", description = "The class the targeted method must reach.")
    Integer target;

    @Option(names = "--step", defaultValue = "25", paramLabel = "GREY",
            description = "Targeted: L2 length of each step in grey levels (default ${DEFAULT-VALUE}).")
    float step;

    @Option(names = "--shrink", defaultValue = "0.01", paramLabel = "C",
            description = "Targeted: shrink the perturbation by this fraction each step (Szegedy's c|r|) (default ${DEFAULT-VALUE}).")
    float shrink;

    @Option(names = "--confidence", defaultValue = "0.5", paramLabel = "P",
            description = "Targeted: stop when the target's probability reaches P (and it is the answer) (default ${DEFAULT-VALUE}).")
    float confidence;

    @Option(names = "--max-steps", defaultValue = "1000", paramLabel = "N", description = "Targeted: give up after N steps (default ${DEFAULT-VALUE}).")
    int maxSteps;

    @Override
    List<Path> inputFiles() {
        return List.of(image);
    }

    @Override
    int run(Run r) throws IOException {
        Tensor x = r.image(image);
        Classifier c = Classifier.of(r.net);
        float scale = r.pre.scale();
        float[] box = r.box();
        int predicted = c.predict(x);
        float[] p0 = c.probabilities(x);
        r.manifest.setting("method", method);
        r.manifest.setting("scoreBlob", c.scoreBlob());
        r.manifest.setting("originalClass", predicted);
        r.manifest.setting("originalProbability", p0[predicted]);
        r.manifest.setting("validInputRange", box);
        System.out.printf("original: class %d (p %.4f)%n", predicted, p0[predicted]);
        Tensor adv;
        int status = 0;
        switch (method) {
            case "fgsm": {
                int y = label != null ? label : predicted;
                float eps;
                if (epsilon != null) {
                    eps = epsilon;
                } else {
                    float[] grid = {1, 2, 4, 8, 16, 32, 64};
                    float[] inUnits = new float[grid.length];
                    for (int i = 0; i < grid.length; i++) {
                        inUnits[i] = grid[i] * scale;
                    }
                    float e = Fgsm.smallestFlipping(c, x, y, inUnits, box[0], box[1]);
                    eps = e < 0 ? 64 : e / scale;
                    System.out.println(e < 0 ? "no epsilon up to 64 grey levels flips the answer; showing 64"
                            : "smallest flipping epsilon of 1,2,4,...,64: " + eps + " grey levels");
                }
                r.manifest.setting("label", y);
                r.manifest.setting("epsilonGreyLevels", eps);
                adv = Fgsm.attack(c, x, y, eps * scale, box[0], box[1]);
                break;
            }
            case "targeted": {
                if (target == null) {
                    throw new IllegalArgumentException("--method targeted needs --target K");
                }
                TargetedAttack.Settings s = new TargetedAttack.Settings(step * scale, shrink, confidence, maxSteps,
                        box[0], box[1]);
                r.manifest.setting("target", target);
                r.manifest.setting("settings", Manifest.plain(s));
                TargetedAttack a = TargetedAttack.init(c, x, target, s);
                Diverged why = drive(r, a, maxSteps, r::pixels);
                r.manifest.setting("reached", a.reached());
                if (!a.reached()) {
                    System.out.println("target " + target + " not reached in " + a.iteration() + " steps");
                }
                status = why != null ? DIVERGED : 0;
                adv = a.result();
                break;
            }
            default:
                throw new IllegalArgumentException("--method must be fgsm or targeted, not '" + method + "'");
        }
        check(r, adv, "targeted".equals(method) ? "crossEntropy" : null, false,
                "raise --step (now " + step + ") or --max-steps",
                "the perturbation is too large: lower --step (now " + step + ") or --epsilon", false);
        int now = c.predict(adv);
        float[] p1 = c.probabilities(adv);
        Perturbation p = Perturbation.between(x, adv);
        System.out.printf("adversarial: class %d (p %.4f); perturbation L2 %.2f, L-infinity %.2f grey levels%n",
                now, p1[now], p.l2() / scale, p.linf() / scale);
        r.manifest.setting("adversarialClass", now);
        r.manifest.setting("adversarialProbability", p1[now]);
        r.manifest.setting("perturbationL2GreyLevels", p.l2() / scale);
        r.manifest.setting("perturbationLinfGreyLevels", p.linf() / scale);
        r.manifest.setting("perturbationL2InputUnits", p.l2());
        r.manifest.setting("perturbationLinfInputUnits", p.linf());
        BufferedImage magnified = magnified(r, x, adv, scale);
        r.png("adversarial.png", Grid.standard().withColumns(3).withLabels(Grid.Labels.BELOW).render(
                List.of(r.pixels(x), magnified, r.pixels(adv)),
                List.of(String.format("class %d (p %.3f)", predicted, p0[predicted]),
                        String.format("x10, L2 %.1f, Linf %.1f", p.l2() / scale, p.linf() / scale),
                        String.format("class %d (p %.3f)", now, p1[now]))));
        r.png("adversarial_image.png", r.pre.deprocess(adv));
        return status;
    }

    /** The perturbation in grey levels, times 10, around grey 128. */
    private static BufferedImage magnified(Run r, Tensor x, Tensor adv, float scale) {
        float[] a = x.toArray();
        float[] b = adv.toArray();
        float[] v = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            v[i] = 128f + 10f * (b[i] - a[i]) / scale;
        }
        Tensor t = Tensor.of(Devices.cpu(), v, x.shape().dims());
        return r.enlarge(Pictures.fromTensor(t, ChannelOrder.BGR, Display.of(Display.Mode.RAW)));
    }
}
