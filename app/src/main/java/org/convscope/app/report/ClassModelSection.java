package org.convscope.app.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.ClassModel;
import org.convscope.vis.optimize.PixelBox;
import org.convscope.vis.optimize.Objective;

/**
 * Class models (Simonyan et al. 2014) of a few chosen classes with the library's default settings,
 * each picture classified again from its pixels.
 */
final class ClassModelSection implements ReportSection {
    /** Steps with --quick. */
    static final int QUICK_ITERATIONS = 6;

    private final int[] classes;

    /** @param classes the classes to draw */
    ClassModelSection(int... classes) {
        this.classes = classes.clone();
    }

    @Override
    public String id() {
        return "classmodel";
    }

    @Override
    public String title() {
        return "Class models (Simonyan et al. 2014; Yosinski et al. 2015)";
    }

    @Override
    public String explanation() {
        return "Starting from faint noise around the mean image, normalized gradient ascent on one class's score before the softmax, with decay, "
                + "blur and jitter keeping the picture natural: what the net takes to be the class. Each picture is "
                + "classified again from its 0-255 pixels.";
    }

    @Override
    public SectionResult run(Context c) throws Exception {
        if (c.scoreBlob() == null) {
            return SectionResult.skipped("the net has no blob of class scores");
        }
        ClassModel.Settings s = ClassModel.Settings.defaults(c.pre().scale()).withSeed(c.seed());
        if (c.quick()) {
            s = s.withIterations(QUICK_ITERATIONS);
        }
        SectionResult r = SectionResult.of();
        r.setting("settings", "ClassModel.Settings.defaults(scale)" + (c.quick() ? ", " + s.iterations() + " steps" : ""));
        r.setting("steps", s.iterations());
        r.setting("start", "the mean image plus noise of 10 grey levels (seeded)");
        Shape in = c.images().isEmpty() ? c.net().shape(c.net().inputNames().get(0)) : c.images().get(0).x().shape();
        List<SectionResult.Figure> figs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int cls : classes) {
            c.log().printf("      class %d %s%n", cls, c.label(cls));
            c.log().flush();
            Objective obj = Objective.classScore(c.net(), in, c.scoreBlob(), cls);
            // on the mean image itself every unit above a class score may be off (SqueezeNet): a zero gradient
            try (Tensor zero = Tensor.normal(c.net().device(), c.seed(), 0f, 10f * c.pre().scale(), in.dims())) {
                ClassModel cm = ClassModel.init(obj, zero, s, PixelBox.of(c.pre(), in, c.net().device()));
                while (cm.step()) {
                    // the caller owns the loop: run every step
                }
                Tensor x = cm.result();
                float score = obj.value(x);
                BufferedImage picture = c.pre().deprocess(x);
                float p = probabilityFromPixels(c, picture, cls);
                figs.add(c.figure(id() + "_" + cls + ".png", c.drawing().input(picture), c.label(cls)));
                lines.add(String.format(Locale.ROOT, "%s: score %.3g, p from the PNG's pixels %.3f%s", c.label(cls),
                        score, p, cm.diverged() != null ? " (stopped: " + cm.diverged().message() + ")" : ""));
                for (String w : cm.outcome(c.pre().scale()).warnings()) {
                    lines.add("  warning: " + w);
                }
            }
        }
        r.row("classes " + java.util.Arrays.toString(classes), figs, lines);
        return r;
    }

    /** The softmax probability of {@code cls} for a picture, preprocessed again as the report's images. */
    static float probabilityFromPixels(Context c, BufferedImage picture, int cls) {
        Tensor x = c.pre().apply(picture, c.net().device());
        float[] z = c.net().forward(x, c.scoreBlob()).toArray();
        float[] p = ClassificationSection.softmax(z);
        return p[cls];
    }
}
