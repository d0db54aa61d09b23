package org.convscope.app.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.ClassScores;
import org.convscope.vis.attribution.Unit;
import org.convscope.vis.optimize.ClassModel;
import org.convscope.vis.optimize.Diverged;
import org.convscope.vis.optimize.Objective;
import org.convscope.vis.render.Grid;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope classmodel}: the image that maximizes a class score or a unit. */
@Command(name = "classmodel", mixinStandardHelpOptions = true,
        description = {"Class model / unit visualization (Simonyan et al. 2014; Yosinski et al. 2015): gradient ascent "
                + "in image space on a class score before the softmax (--class) or on a unit or channel of any blob "
                + "(--blob, --unit), with L2 decay, Gaussian blur, jitter and clipping of small-norm / "
                + "small-contribution pixels.",
                "Writes OUT/classmodel.png (stretched to the full range), classmodel_pixels.png (the pixels, clamped "
                        + "to 0-255), iter_NNNNN.png with --save-every, sweep.png with --sweep, and manifest.json.",
                "Example: convscope classmodel -m lenet.prototxt -w lenet.caffemodel --scale 0.00390625 --class 3 "
                        + "--lr 0.5 --out out"})
final class ClassModelCommand extends OptimizeCommand {
    @Option(names = "--class", paramLabel = "K", description = "Class whose score (before the softmax) to maximize.")
    Integer cls;

    @Option(names = "--score-blob", paramLabel = "BLOB",
            description = "Blob of class scores before the softmax (default: the bottom of the final Softmax).")
    String scoreBlob;

    @Option(names = "--blob", paramLabel = "BLOB", description = "Blob of the unit to maximize (with --unit).")
    String blob;

    @Option(names = "--unit", paramLabel = "C|C,Y,X",
            description = "Unit of --blob: channel C (its mean over positions) or the unit C,Y,X.")
    String unit;

    @Option(names = "--preset", paramLabel = "1-4",
            description = "Start from Yosinski et al.'s regularization setting 1-4 (Table 1); the options below override it (default 3).")
    Integer preset;

    @Option(names = "--iterations", defaultValue = "200", paramLabel = "N", description = "Steps (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--lr", defaultValue = "1", paramLabel = "LR",
            description = "Learning rate on the raw gradient, so it depends on the net's scale: about 0.2 for LeNet, 20 for "
                    + "the demo model, 20000 for cifar10_quick (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--lr-end", paramLabel = "LR", description = "Learning rate at the last step, linear in between (default: --lr).")
    Float lrEnd;

    @Option(names = "--decay", paramLabel = "D", description = "L2 decay per step: x <- (1-D) x (preset 3: 0.0001).")
    Float decay;

    @Option(names = "--blur-every", paramLabel = "N", description = "Gaussian blur every N steps, 0 never (preset 3: 4).")
    Integer blurEvery;

    @Option(names = "--blur-sigma", paramLabel = "PX", description = "Blur standard deviation in pixels (preset 3: 1.0).")
    Float blurSigma;

    @Option(names = "--jitter", defaultValue = "0", paramLabel = "PX", description = "Random circular shift up to PX pixels each step (default ${DEFAULT-VALUE}).")
    int jitter;

    @Option(names = "--norm-pct", paramLabel = "P", description = "Zero pixels whose colour norm is below the P-th percentile (0 off).")
    Double normPct;

    @Option(names = "--contrib-pct", paramLabel = "P", description = "Zero pixels whose contribution |sum_c x g| is below the P-th percentile (0 off).")
    Double contribPct;

    @Option(names = "--clip-every", defaultValue = "1", paramLabel = "N", description = "Apply the two clippings every N steps (default ${DEFAULT-VALUE}; each finds its percentiles by about 33 counting passes on the device).")
    int clipEvery;

    @Option(names = "--start", defaultValue = "mean", paramLabel = "zeros|mean|noise|image",
            description = "First image: black, the mean image, the mean plus noise, or --image (default ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--noise-std", defaultValue = "10", paramLabel = "GREY", description = "Noise of --start noise, in grey levels (default ${DEFAULT-VALUE}).")
    double noiseStd;

    @Option(names = "--image", paramLabel = "FILE", description = "The start image of --start image.")
    Path image;

    @Option(names = "--explode-limit", defaultValue = "1e20", paramLabel = "V", description = "Stop when a loss term's magnitude exceeds V (default ${DEFAULT-VALUE}).")
    double explodeLimit;

    @Option(names = "--sweep", description = "Also run Yosinski's four settings with the same learning rate and write them side by side as sweep.png.")
    boolean sweep;

    @Override
    List<Path> inputFiles() {
        return image != null ? List.of(image) : List.of();
    }

    ClassModel.Settings settings(int which) {
        ClassModel.Settings b = ClassModel.Settings.yosinski(which);
        return new ClassModel.Settings(iterations, lr, lrEnd != null ? lrEnd : lr,
                decay != null ? decay : b.decay(), blurEvery != null ? blurEvery : b.blurEvery(),
                blurSigma != null ? blurSigma : b.blurSigma(), jitter,
                normPct != null ? normPct : b.normPercentile(), contribPct != null ? contribPct : b.contribPercentile(),
                clipEvery, seed, explodeLimit);
    }

    Objective objective(Run r) {
        if ((cls == null) == (unit == null)) {
            throw new IllegalArgumentException("give --class K, or --blob BLOB with --unit C|C,Y,X");
        }
        if (cls != null) {
            String sb = scoreBlob != null ? scoreBlob : ClassScores.scoreBlob(r.net);
            r.manifest.setting("class", cls);
            r.manifest.setting("scoreBlob", sb);
            return Objective.classScore(r.net, r.inputShape, sb, cls);
        }
        if (blob == null) {
            throw new IllegalArgumentException("--unit needs --blob");
        }
        Unit u = Unit.parse(unit);
        r.manifest.setting("blob", blob);
        r.manifest.setting("unit", u.toString());
        return Objective.unit(r.net, r.inputShape, blob, u);
    }

    @Override
    int run(Run r) throws IOException {
        Objective obj = objective(r);
        ClassModel.Settings s = settings(preset != null ? preset : 3);
        Tensor x0 = r.start(start, noiseStd, image, seed);
        r.manifest.setting("objective", obj.toString());
        r.manifest.setting("start", start);
        r.manifest.setting("noiseStd", "noise".equals(start) ? noiseStd : null);
        r.manifest.setting("preset", preset);
        r.manifest.setting("settings", plain(s));
        System.out.println("maximizing " + obj);
        ClassModel cm = ClassModel.init(obj, x0, s);
        Diverged why = drive(r, cm, s.iterations(), r::stretched);
        Tensor x = cm.result();
        float value = obj.value(x);
        r.manifest.setting("finalObjective", value);
        System.out.printf("%s = %.5g%n", obj, value);
        if (cls != null) {
            float[] p = r.net.forward(x).toArray();
            if (cls < p.length) {
                System.out.printf("net output for class %d: %.5g%n", cls, p[cls]);
                r.manifest.setting("finalOutput", p[cls]);
            }
        }
        r.png("classmodel.png", r.stretched(x));
        r.png("classmodel_pixels.png", r.pixels(x));
        if (sweep) {
            List<BufferedImage> tiles = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int k = 1; k <= 4; k++) {
                ClassModel.Settings sk = ClassModel.Settings.yosinski(k).withIterations(iterations)
                        .withLr(lr, lrEnd != null ? lrEnd : lr).withJitter(jitter).withSeed(seed)
                        .withExplodeLimit(explodeLimit);
                ClassModel m = ClassModel.init(obj, x0, sk);
                while (m.step()) {
                    // every setting runs to its end
                }
                tiles.add(r.stretched(m.result()));
                labels.add("setting " + k + (m.diverged() != null ? " (stopped)" : "")
                        + String.format(" a=%.3g", obj.value(m.result())));
            }
            r.png("sweep.png", Grid.standard().withColumns(4).withLabels(Grid.Labels.BELOW).render(tiles, labels));
        }
        return why != null ? DIVERGED : 0;
    }
}
