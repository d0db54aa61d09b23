package org.convscope.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.IntegratedGradients;
import org.convscope.vis.attribution.Maps;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convscope intgrad}: integrated gradients from a baseline, with the completeness check. */
@Command(name = "intgrad", mixinStandardHelpOptions = true,
        description = {"Integrated gradients (Sundararajan et al. 2017): (x - x') times the class-score gradient "
                + "integrated along the straight path from a baseline x' to the image x, by the trapezoid rule "
                + "(or --rule left|right|midpoint) over STEPS intervals. Prints the completeness check "
                + "sum(attributions) = s(x) - s(x') and writes it to completeness.json.",
                "Baselines: zero (the all-zero input: the mean colour for mean-subtracted nets, black for LeNet) "
                        + "or black (a black image, preprocessed).",
                "Writes OUT/input.png, intgrad.png (|sum over colours|), intgrad_overlay.png, intgrad_signed.png "
                        + "(red for, blue against), completeness.json, manifest.json.",
                "Example: convscope intgrad -w bvlc_alexnet.caffemodel cat.jpg --steps 100 --out out"})
final class IntGradCommand extends AttributionCommand {
    @Mixin
    ClassTargetOptions target;

    @Option(names = "--steps", defaultValue = "50", paramLabel = "M", description = "Intervals of the path (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rule", defaultValue = "trapezoid", paramLabel = "RULE",
            description = "trapezoid, left, right or midpoint (default ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--baseline", defaultValue = "zero", paramLabel = "zero|black", description = "Baseline (default ${DEFAULT-VALUE}).")
    String baseline;

    @Option(names = "--batch", defaultValue = "10", paramLabel = "B",
            description = "Path points per forward/backward pass (speed and memory only; default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    double defaultClip() {
        return 99;
    }

    @Override
    void run(Run r) throws IOException {
        IntegratedGradients.Rule q = IntegratedGradients.Rule.named(rule);
        Tensor base = baseline(r);
        String scoreBlob = target.scoreBlob(r.net);
        int cls = r.chooseClass(target.cls, scoreBlob);
        IntegratedGradients.Result ig = IntegratedGradients.compute(r.net, r.x, base, scoreBlob, cls, steps, q, batch);
        r.manifest.setting("steps", steps);
        r.manifest.setting("rule", q);
        r.manifest.setting("baseline", baseline);
        r.manifest.setting("batch", batch);
        String check = String.format(Locale.ROOT,
                "{\n  \"attributionSum\": %.9g,\n  \"class\": %d,\n  \"gap\": %.9g,\n  \"relativeGap\": %.9g,\n"
                        + "  \"rule\": \"%s\",\n  \"scoreBaseline\": %.9g,\n  \"scoreDifference\": %.9g,\n"
                        + "  \"scoreInput\": %.9g,\n  \"steps\": %d\n}\n",
                ig.attributionSum(), cls, ig.gap(), ig.relativeGap(), q.name().toLowerCase(Locale.ROOT),
                ig.scoreBaseline(), (double) ig.scoreInput() - ig.scoreBaseline(), ig.scoreInput(), steps);
        System.out.printf(Locale.ROOT, "class %d: s(x) = %.5f, s(baseline) = %.5f, difference %.5f; "
                        + "sum of attributions %.5f (completeness gap %.3g, %.3f%%, %s rule, %d steps)%n",
                cls, ig.scoreInput(), ig.scoreBaseline(), (double) ig.scoreInput() - ig.scoreBaseline(),
                ig.attributionSum(), ig.gap(), 100 * ig.relativeGap(), q.name().toLowerCase(Locale.ROOT), steps);
        Tensor perPixel = Maps.sumOverChannels(ig.attribution());
        r.png("input.png", r.images.input(r.seen));
        r.png("intgrad.png", r.images.heat(Maps.abs(perPixel)));
        r.png("intgrad_overlay.png", r.images.overlay(r.seen, Maps.abs(perPixel), alpha));
        r.png("intgrad_signed.png", r.images.signed(perPixel));
        System.out.println("wrote " + r.out.writeBytes("completeness.json", check.getBytes(StandardCharsets.UTF_8)));
    }

    private Tensor baseline(Run r) {
        return switch (baseline.toLowerCase(Locale.ROOT)) {
            case "zero" -> Tensor.zeros(r.net.device(), r.x.shape().dims());
            case "black" -> {
                java.awt.image.BufferedImage black = new java.awt.image.BufferedImage(r.x.shape().w(), r.x.shape().h(),
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                Preprocessing p = r.pre;
                Preprocessing same = new Preprocessing(0, p.crop(), p.meanBgr(), p.meanImage(), p.meanShape(), p.scale());
                yield r.x.shape().c() == 1 ? same.applyGrey(black, r.net.device()) : same.apply(black, r.net.device());
            }
            default -> throw new IllegalArgumentException("--baseline must be zero or black, not '" + baseline + "'");
        };
    }
}
