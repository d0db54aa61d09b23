package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.Diverged;
import org.convscope.vis.optimize.FeatureInversion;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Manifest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope invert}: the image whose code at a layer matches a given image's. */
@Command(name = "invert", mixinStandardHelpOptions = true,
        description = {"Feature inversion (Mahendran & Vedaldi 2015): from noise, find an image whose code at --layer "
                + "matches IMAGE's, minimizing |Phi(x)-Phi0|^2/|Phi0|^2 + alpha-norm + total variation (normalized "
                + "form, B = 80 grey levels, V = B/6.5).",
                "Writes OUT/invert.png (IMAGE | reconstruction), invert_image.png (the reconstruction's pixels), "
                        + "iter_NNNNN.png with --save-every, and manifest.json.",
                "Example: convscope invert -m demo shape.png --layer conv3 --out out"})
final class InvertCommand extends OptimizeCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image whose code to invert.")
    Path image;

    @Option(names = "--layer", required = true, paramLabel = "BLOB",
            description = "The blob whose code to match (conv3, pool5, fc6, or conv3@conv3 before the ReLU).")
    String layer;

    @Option(names = "--iterations", defaultValue = "200", paramLabel = "N", description = "Steps (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--lr", defaultValue = "4", paramLabel = "GREY",
            description = "Step per pixel at the start, grey levels (the gradient is normalized by its mean |g|) (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--lr-end", defaultValue = "0.4", paramLabel = "GREY", description = "Step at the last iteration (default ${DEFAULT-VALUE}).")
    float lrEnd;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "MU", description = "Momentum (default ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--alpha", defaultValue = "6", paramLabel = "A", description = "Exponent of the alpha-norm (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--lambda-alpha", defaultValue = "1", paramLabel = "W", description = "Weight of the alpha-norm (default ${DEFAULT-VALUE}).")
    double lambdaAlpha;

    @Option(names = "--beta", defaultValue = "2", paramLabel = "B", description = "Exponent of total variation (default ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--lambda-beta", defaultValue = "0.05", paramLabel = "W", description = "Weight of total variation (default ${DEFAULT-VALUE}).")
    double lambdaBeta;

    @Option(names = "--range", defaultValue = "80", paramLabel = "GREY", description = "B, the typical pixel range about the mean (default ${DEFAULT-VALUE}).")
    double range;

    @Option(names = "--start", defaultValue = "noise", paramLabel = "zeros|mean|noise|image",
            description = "First iterate (default ${DEFAULT-VALUE}; image means --start-image).")
    String start;

    @Option(names = "--start-image", paramLabel = "FILE", description = "The first iterate of --start image.")
    Path startImage;

    @Option(names = "--noise-std", defaultValue = "20", paramLabel = "GREY", description = "Noise of --start noise (default ${DEFAULT-VALUE}).")
    double noiseStd;

    @Option(names = "--explode-limit", defaultValue = "1e20", paramLabel = "V", description = "Stop when a loss term exceeds V (default ${DEFAULT-VALUE}).")
    double explodeLimit;

    @Override
    List<Path> inputFiles() {
        return startImage != null ? List.of(image, startImage) : List.of(image);
    }

    @Override
    int run(Run r) throws IOException {
        float sc = r.pre.scale();
        Checks.stepSize("--lr", lr, sc, r.box());
        Checks.stepSize("--lr-end", lrEnd, sc, r.box());
        Tensor x = r.image(image);
        Tensor x0 = r.start(start, noiseStd, startImage, seed);
        FeatureInversion.Settings s = new FeatureInversion.Settings(iterations, lr * sc, lrEnd * sc, momentum, alpha,
                lambdaAlpha, beta, lambdaBeta, range * sc, explodeLimit, -1, 1).withBox(r.box()[0], r.box()[1]);
        r.manifest.setting("layer", layer);
        r.manifest.setting("start", start);
        r.manifest.setting("settings", Manifest.plain(s));
        FeatureInversion inv = FeatureInversion.init(r.net, layer, x, x0, s);
        System.out.println("inverting the code of " + image + " at '" + layer + "' " + r.net.shape(layer));
        Diverged why = drive(r, inv, iterations, r::pixels);
        double[] e = inv.energy();
        r.manifest.setting("finalCodeLoss", e[0]);
        System.out.printf("final code loss %.4g (relative), alpha %.4g, tv %.4g%n", e[0], e[1], e[2]);
        r.png("invert.png", Grid.standard().withColumns(2).withLabels(Grid.Labels.BELOW).render(
                List.of(r.pixels(x), r.pixels(inv.result())),
                List.of("image", String.format("from %s, code loss %.3f", layer, e[0]))));
        r.png("invert_image.png", r.pre.deprocess(inv.result()));
        check(r, inv.result(), "code", false, "raise --lr (now " + lr + ") or --iterations, or lower --lambda-alpha "
                + "and --lambda-beta", "the steps are too large: lower --lr (now " + lr + ")", true);
        return why != null ? DIVERGED : 0;
    }
}
