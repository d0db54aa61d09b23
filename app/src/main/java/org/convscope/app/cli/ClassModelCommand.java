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
import org.convscope.vis.optimize.Classifier;
import org.convscope.vis.optimize.Diverged;
import org.convscope.vis.optimize.Objective;
import org.convscope.vis.optimize.Outcome;
import org.convscope.vis.optimize.PixelBox;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Manifest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope classmodel}: the image that maximizes a class score or a unit. */
@Command(name = "classmodel", mixinStandardHelpOptions = true,
        description = {"Class model / unit visualization (Simonyan et al. 2014; Yosinski et al. 2015): gradient ascent "
                + "in image space on a class score before the softmax (--class) or on a unit or channel of any blob "
                + "(--blob, --unit), with L2 decay, Gaussian blur, jitter and clipping of small-norm / "
                + "small-contribution pixels. Steps are normalized (the same defaults work on any net) and every "
                + "iterate stays inside pixels 0-255.",
                "Writes OUT/classmodel.png (stretched to the full range), classmodel_pixels.png (the pixels, clamped "
                        + "to 0-255; with --class it is read back and classified again), iter_NNNNN.png with --save-every, "
                        + "sweep.png with --sweep, and manifest.json. Warns when the objective did not rise or the "
                        + "picture collapsed or saturated, saying what to change.",
                "Example: convscope classmodel --model squeezenet --class 130 --out out"})
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

    @Option(names = "--step", defaultValue = "normalized", paramLabel = "normalized|adam|raw",
            description = "Step rule: normalized (x += lr g / mean|g|: lr grey levels per pixel on average, whatever the "
                    + "scale of the net's scores), adam (Adam, lr grey levels), raw (x += lr g, the gradient itself: "
                    + "lr depends on the net) (default ${DEFAULT-VALUE}).")
    String step;

    @Option(names = "--lr", paramLabel = "LR",
            description = "First step: grey levels for normalized and adam (default 8), the raw gradient's factor for raw "
                    + "(default 1).")
    Float lr;

    @Option(names = "--lr-end", paramLabel = "LR",
            description = "Step at the last iteration, linear in between (default: --lr / 4 for normalized and adam, --lr for raw).")
    Float lrEnd;

    @Option(names = "--decay", paramLabel = "D", description = "L2 decay per step: x <- (1-D) x (preset 3: 0.0001).")
    Float decay;

    @Option(names = "--blur-every", paramLabel = "N", description = "Gaussian blur every N steps, 0 never (preset 3: 4).")
    Integer blurEvery;

    @Option(names = "--blur-sigma", paramLabel = "PX", description = "Blur standard deviation in pixels (preset 3: 1.0).")
    Float blurSigma;

    @Option(names = "--jitter", defaultValue = "8", paramLabel = "PX", description = "Random circular shift up to PX pixels each step (default ${DEFAULT-VALUE}).")
    int jitter;

    @Option(names = "--norm-pct", paramLabel = "P", description = "Zero pixels whose colour norm is below the P-th percentile (0 off).")
    Double normPct;

    @Option(names = "--contrib-pct", paramLabel = "P", description = "Zero pixels whose contribution |sum_c x g| is below the P-th percentile (0 off).")
    Double contribPct;

    @Option(names = "--clip-every", defaultValue = "1", paramLabel = "N", description = "Apply the two clippings every N steps (default ${DEFAULT-VALUE}; each finds its percentiles by about 33 counting passes on the device).")
    int clipEvery;

    @Option(names = "--start", defaultValue = "noise", paramLabel = "zeros|mean|noise|image",
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

    @Option(names = "--gallery", paramLabel = "K,K,...", split = ",",
            description = "Instead of --class: the class model of each class with the same settings, each written as "
                    + "classmodel_K.png, read back and classified again; gallery.png shows them in a grid labelled with "
                    + "the class name and that probability.")
    List<Integer> gallery;

    @Override
    List<Path> inputFiles() {
        return image != null ? List.of(image) : List.of();
    }

    ClassModel.Step stepRule() {
        return switch (step) {
            case "normalized" -> ClassModel.Step.NORMALIZED;
            case "adam" -> ClassModel.Step.ADAM;
            case "raw" -> ClassModel.Step.RAW;
            default -> throw new IllegalArgumentException("--step must be normalized, adam or raw, not '" + step + "'");
        };
    }

    /** The first and last learning rates in input units: grey levels times the scale, or raw factors. */
    float[] rates(float scale) {
        ClassModel.Step rule = stepRule();
        if (rule == ClassModel.Step.RAW) {
            float first = lr != null ? lr : 1f;
            return new float[] {first, lrEnd != null ? lrEnd : first};
        }
        float first = lr != null ? lr : ClassModel.DEFAULT_LR;
        float last = lrEnd != null ? lrEnd : lr != null ? first / 4 : ClassModel.DEFAULT_LR_END;
        return new float[] {first * scale, last * scale};
    }

    ClassModel.Settings settings(int which, float scale) {
        ClassModel.Settings b = ClassModel.Settings.yosinski(which);
        float[] rates = rates(scale);
        return new ClassModel.Settings(iterations, rates[0], rates[1],
                decay != null ? decay : b.decay(), blurEvery != null ? blurEvery : b.blurEvery(),
                blurSigma != null ? blurSigma : b.blurSigma(), jitter,
                normPct != null ? normPct : b.normPercentile(), contribPct != null ? contribPct : b.contribPercentile(),
                clipEvery, seed, explodeLimit, stepRule());
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

    /** {@code --gallery}: one class model per class, read back from its PNG, and the labelled grid. */
    int gallery(Run r) throws IOException {
        if (cls != null || unit != null || sweep) {
            throw new IllegalArgumentException("--gallery takes no --class, --unit or --sweep");
        }
        String sb = scoreBlob != null ? scoreBlob : ClassScores.scoreBlob(r.net);
        ClassModel.Settings s = settings(preset != null ? preset : 3, r.pre.scale());
        PixelBox box = PixelBox.of(r.pre, r.inputShape, r.device);
        org.convscope.nn.ClassNames names = modelOptions.defaultClassNames();
        Classifier c = new Classifier(r.net, sb);
        r.manifest.setting("scoreBlob", sb);
        r.manifest.setting("gallery", gallery);
        r.manifest.setting("preset", preset);
        r.manifest.setting("settings", Manifest.plain(s));
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        int worst = 0;
        for (int k : gallery) {
            Objective obj = Objective.classScore(r.net, r.inputShape, sb, k);
            String name = names != null && k < names.size() ? names.shortLabel(k) : "class " + k;
            ClassModel cm = ClassModel.init(obj, r.start(start, noiseStd, image, seed), s, box);
            while (cm.step()) {
                // every class runs to its end
            }
            String file = "classmodel_" + k + ".png";
            r.png(file, r.pixels(cm.result()));
            float p = c.probability(r.readBack(file), k);
            System.out.printf("class %d %s: p from %s = %.4f%n", k, name, file, p);
            tiles.add(r.pixels(cm.result()));
            labels.add(String.format(java.util.Locale.ROOT, "%d %s  p=%.3f", k, name, p));
            java.util.Map<String, Object> one = new java.util.LinkedHashMap<>();
            one.put("class", k);
            one.put("name", name);
            one.put("pngProbability", p);
            List<String> warnings = cm.outcome(r.pre.scale()).warnings();
            one.put("warnings", warnings);
            results.add(one);
            for (String w : warnings) {
                spec.commandLine().getErr().println("convscope " + spec.name() + ": warning: class " + k + ": " + w);
            }
            spec.commandLine().getErr().flush();
            worst = cm.diverged() != null ? DIVERGED : worst;
        }
        r.manifest.setting("results", results);
        r.png("gallery.png", Grid.standard().withColumns(Math.min(5, tiles.size())).withLabels(Grid.Labels.BELOW)
                .render(tiles, labels));
        return worst;
    }

    @Override
    int run(Run r) throws IOException {
        if (gallery != null) {
            return gallery(r);
        }
        Objective obj = objective(r);
        ClassModel.Settings s = settings(preset != null ? preset : 3, r.pre.scale());
        Tensor x0 = r.start(start, noiseStd, image, seed);
        PixelBox box = PixelBox.of(r.pre, r.inputShape, r.device);
        r.manifest.setting("objective", obj.toString());
        r.manifest.setting("start", start);
        r.manifest.setting("noiseStd", "noise".equals(start) ? noiseStd : null);
        r.manifest.setting("preset", preset);
        r.manifest.setting("settings", Manifest.plain(s));
        System.out.println("maximizing " + obj);
        ClassModel cm = ClassModel.init(obj, x0, s, box);
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
        if (cls != null) {
            // what the written pixels say: the PNG read back (0-255, rounded), classified again
            Classifier c = new Classifier(r.net, obj.blob());
            Tensor back = r.readBack("classmodel_pixels.png");
            float p = c.probability(back, cls);
            System.out.printf("classmodel_pixels.png read back: p(class %d) = %.4f (softmax of %s)%n", cls, p, obj.blob());
            r.manifest.setting("pngProbability", p);
        }
        Outcome outcome = cm.outcome(r.pre.scale());
        warn(r, outcome);
        if (sweep) {
            List<BufferedImage> tiles = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int k = 1; k <= 4; k++) {
                float[] rates = rates(r.pre.scale());
                ClassModel.Settings sk = ClassModel.Settings.yosinski(k).withIterations(iterations)
                        .withLr(rates[0], rates[1]).withStep(stepRule()).withJitter(jitter).withSeed(seed)
                        .withExplodeLimit(explodeLimit);
                ClassModel m = ClassModel.init(obj, x0, sk, box);
                while (m.step()) {
                    // every setting runs to its end
                }
                tiles.add(r.stretched(m.result()));
                for (String w : m.outcome(r.pre.scale()).warnings()) {
                    spec.commandLine().getErr().println("convscope " + spec.name() + ": warning: sweep setting " + k
                            + ": " + w);
                }
                spec.commandLine().getErr().flush();
                labels.add("setting " + k + (m.diverged() != null ? " (stopped)" : "")
                        + String.format(" a=%.3g", obj.value(m.result())));
            }
            r.png("sweep.png", Grid.standard().withColumns(4).withLabels(Grid.Labels.BELOW).render(tiles, labels));
        }
        return why != null ? DIVERGED : 0;
    }
}
