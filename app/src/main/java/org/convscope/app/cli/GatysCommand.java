package org.convscope.app.cli;

import java.io.IOException;
import java.util.List;

import org.convscope.nn.Net;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.Adam;
import org.convscope.vis.optimize.Diverged;
import org.convscope.vis.optimize.Energy;
import org.convscope.vis.optimize.Iterative;
import org.convscope.vis.optimize.Lbfgs;
import org.convscope.vis.optimize.NeuralStyle;
import org.convscope.vis.optimize.StyleLayers;

import picocli.CommandLine.Option;

/** What {@code texture} and {@code style} share: style layers, weights, the optimizer and its loop. */
abstract class GatysCommand extends OptimizeCommand {
    @Option(names = "--style-layers", paramLabel = "BLOB[:W],...", split = ",",
            description = "Style layers and weights (default: VGG conv1_1..conv5_1; a net of modules such as SqueezeNet: "
                    + "the first convolution and every module's Concat; otherwise every convolution), equal weights summing to 1.")
    List<String> styleLayers;

    @Option(names = "--style-weight", defaultValue = "1000", paramLabel = "W", description = "Weight of the style loss (default ${DEFAULT-VALUE}).")
    float styleWeight;

    @Option(names = "--tv-weight", defaultValue = "0", paramLabel = "W", description = "Weight of total variation (default ${DEFAULT-VALUE}).")
    float tvWeight;

    @Option(names = "--optimizer", defaultValue = "lbfgs", paramLabel = "lbfgs|adam", description = "Optimizer (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--iterations", defaultValue = "100", paramLabel = "N", description = "Steps (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--lr", defaultValue = "2", paramLabel = "GREY",
            description = "Adam's step in grey levels; L-BFGS's first step per pixel (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--memory", defaultValue = "10", paramLabel = "M", description = "L-BFGS pairs kept (default ${DEFAULT-VALUE}).")
    int memory;

    @Option(names = "--pooling", defaultValue = "max", paramLabel = "max|avg",
            description = "Pooling in the loss net: the net's own (max) or average, as Gatys et al. prefer (default ${DEFAULT-VALUE}).")
    String pooling;

    boolean averagePooling() {
        return switch (pooling) {
            case "max" -> false;
            case "avg" -> true;
            default -> throw new IllegalArgumentException("--pooling must be max or avg, not '" + pooling + "'");
        };
    }

    @Option(names = "--noise-std", defaultValue = "20", paramLabel = "GREY", description = "Noise of a noise start (default ${DEFAULT-VALUE}).")
    double noiseStd;

    List<NeuralStyle.Weighted> styleLayers(Net net) {
        return StyleLayers.parse(styleLayers != null ? styleLayers : StyleLayers.defaultStyle(net));
    }

    /** Runs the chosen optimizer on the energy from {@code start}; returns the exit status and the image. */
    Tensor optimize(Run r, Energy e, Tensor start, int[] status) throws IOException {
        float sc = r.pre.scale();
        Checks.stepSize("--lr", lr, sc, r.box());
        Iterative opt;
        switch (optimizer) {
            case "lbfgs":
                opt = Lbfgs.init(e, start, new Lbfgs.Settings(iterations, memory, lr * sc, 30));
                break;
            case "adam":
                opt = Adam.init(e, start, Adam.Settings.of(iterations, lr * sc));
                break;
            default:
                throw new IllegalArgumentException("--optimizer must be lbfgs or adam, not '" + optimizer + "'");
        }
        r.manifest.setting("optimizer", optimizer);
        r.manifest.setting("iterations", iterations);
        r.manifest.setting("lrGreyLevels", lr);
        r.manifest.setting("styleWeight", styleWeight);
        r.manifest.setting("tvWeight", tvWeight);
        Diverged why = drive(r, opt, iterations, r::pixels);
        if (opt instanceof Lbfgs l && l.converged()) {
            System.out.println("L-BFGS: the line search found no lower energy after step " + l.iteration()
                    + " (converged)");
            r.manifest.setting("converged", true);
        }
        status[0] = why != null ? DIVERGED : 0;
        check(r, opt.result(), "E", false, "raise --lr (now " + lr + ") or --iterations",
                "lower --lr (now " + lr + ") or --style-weight", true);
        return opt.result();
    }

    Shape shapeOf(Run r, Integer size) {
        return size == null ? r.inputShape : Shape.of(1, r.inputShape.c(), size, size);
    }
}
