package org.convscope.app.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.Classifier;
import org.convscope.vis.optimize.Diverged;
import org.convscope.vis.optimize.FoolingEvolution;
import org.convscope.vis.optimize.TargetedAttack;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Manifest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope fool}: unrecognizable images the net is sure about. */
@Command(name = "fool", mixinStandardHelpOptions = true,
        description = {"Fooling images (Nguyen et al. 2015): images classified with high confidence that look like "
                + "nothing. --method evolution (default): MAP-Elites over directly encoded pixels with polynomial "
                + "mutation, forward passes only, every class at once (or --class); --method gradient: ascent on "
                + "log p(class) from noise.",
                "Writes OUT/fool.png (one image per class with its probability), fool_K.png per class (with more than "
                        + "20 classes, of the 20 most confident), and manifest.json.",
                "Example: convscope fool -m lenet.prototxt -w lenet.caffemodel --scale 0.00390625 --out out"})
final class FoolCommand extends OptimizeCommand {
    /** Evolution over more classes than this writes the pictures of the most confident this many. */
    static final int SHOWN = 20;

    @Option(names = "--method", defaultValue = "evolution", paramLabel = "evolution|gradient", description = "Search (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--class", paramLabel = "K", split = ",", description = "Target class(es) (default: every class for evolution; required for gradient).")
    int[] classes;

    @Option(names = "--confidence", defaultValue = "0.99", paramLabel = "P", description = "Probability to reach (default ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--budget", defaultValue = "200000", paramLabel = "N", description = "Evolution: most images to evaluate (default ${DEFAULT-VALUE}).")
    long budget;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Evolution: offspring per generation (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--rate", defaultValue = "0.1", paramLabel = "R", description = "Evolution: per-pixel mutation probability, halved every 1000 generations (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--step", defaultValue = "50", paramLabel = "GREY", description = "Gradient: L2 length of each step in grey levels (default ${DEFAULT-VALUE}).")
    float step;

    @Option(names = "--max-steps", defaultValue = "1000", paramLabel = "N", description = "Gradient: most steps (default ${DEFAULT-VALUE}).")
    int maxSteps;

    @Override
    int run(Run r) throws IOException {
        Classifier c = Classifier.of(r.net);
        float[] box = r.box();
        r.manifest.setting("method", method);
        r.manifest.setting("confidence", confidence);
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int status = 0;
        switch (method) {
            case "evolution": {
                int[] targets = classes;
                if (targets == null) {
                    targets = new int[c.classes()];
                    for (int k = 0; k < targets.length; k++) {
                        targets[k] = k;
                    }
                }
                FoolingEvolution.Settings s = new FoolingEvolution.Settings(batch, rate, 15, confidence, budget,
                        box[0], box[1], seed);
                r.manifest.setting("settings", Manifest.plain(s));
                FoolingEvolution evo = FoolingEvolution.init(c, r.inputShape, targets, s);
                Diverged why = drive(r, evo, (int) Math.min(Integer.MAX_VALUE, budget / batch), r::pixels);
                status = why != null ? DIVERGED : 0;
                System.out.println((evo.reached() ? "every target reached " : "budget spent: not every target reached ")
                        + confidence + " after " + evo.evaluated() + " forward images");
                r.manifest.setting("forwardImages", evo.evaluated());
                r.manifest.setting("reached", evo.reached());
                // with many classes (ImageNet's 1000), the pictures of the most confident SHOWN only
                Integer[] order = new Integer[targets.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                int[] t = targets;
                java.util.Arrays.sort(order, (i, j) -> Double.compare(evo.fitness(t[j]), evo.fitness(t[i])));
                for (int i = 0; i < targets.length; i++) {
                    int k = targets[order[i]];
                    r.manifest.setting("fitness." + k, evo.fitness(k));
                    if (i >= SHOWN) {
                        continue;
                    }
                    Tensor x = evo.champion(k);
                    float p = c.probabilities(x)[k];
                    r.manifest.setting("probability." + k, p);
                    r.png("fool_" + k + ".png", r.pixels(x));
                    tiles.add(r.pixels(x));
                    labels.add(String.format("%d: %.4f", k, p));
                }
                if (targets.length > SHOWN) {
                    System.out.println("pictures of the " + SHOWN + " most confident of " + targets.length
                            + " classes (every class's fitness in manifest.json)");
                }
                break;
            }
            case "gradient": {
                if (classes == null) {
                    throw new IllegalArgumentException("--method gradient needs --class K[,K...]");
                }
                for (int k : classes) {
                    Tensor noise = Tensor.uniform(r.device, seed, box[0], box[1], r.inputShape.dims());
                    TargetedAttack a = TargetedAttack.init(c, noise, k, new TargetedAttack.Settings(step * r.pre.scale(),
                            0f, (float) confidence, maxSteps, box[0], box[1]));
                    System.out.println("class " + k + ":");
                    Diverged why = drive(r, a, maxSteps, r::pixels);
                    if (why != null) {
                        status = DIVERGED;
                    }
                    check(r, a.result(), "crossEntropy", false, "raise --step (now " + step + ") or --max-steps",
                            "the steps are too large: lower --step (now " + step + ")", true);
                    float p = c.probabilities(a.result())[k];
                    r.manifest.setting("probability." + k, p);
                    r.manifest.setting("steps." + k, a.iteration());
                    r.png("fool_" + k + ".png", r.pixels(a.result()));
                    tiles.add(r.pixels(a.result()));
                    labels.add(String.format("%d: %.4f", k, p));
                }
                break;
            }
            default:
                throw new IllegalArgumentException("--method must be evolution or gradient, not '" + method + "'");
        }
        r.png("fool.png", Grid.standard().withColumns(Math.min(5, tiles.size())).withLabels(Grid.Labels.BELOW)
                .render(tiles, labels));
        return status;
    }
}
