package org.convscope.app.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convscope.nn.ClassNames;
import org.convscope.vis.attribution.ClassScores;

/** The top-5 classes of each image, with their probabilities. */
final class ClassificationSection implements ReportSection {
    static final int TOP = 5;

    @Override
    public String id() {
        return "classify";
    }

    @Override
    public String title() {
        return "Classification: the top-5 classes";
    }

    @Override
    public String explanation() {
        return "What the net says each image is: the five most probable classes after the softmax. The pictures are "
                + "what the net saw, after resizing and cropping; every section below explains the first class.";
    }

    @Override
    public SectionResult run(Context c) throws Exception {
        SectionResult r = SectionResult.of();
        String out = c.net().outputName();
        boolean isSoftmax = c.net().layer(c.net().layerNames().get(c.net().layerNames().size() - 1)).type()
                .equals("Softmax");
        r.setting("output blob", out);
        r.setting("softmax", isSoftmax ? "the net's own" : "applied to the output");
        for (int i = 0; i < c.images().size(); i++) {
            Context.Image im = c.images().get(i);
            float[] p = c.net().forward(im.x(), out).toArray();
            if (!isSoftmax) {
                p = softmax(p);
            }
            List<String> lines = new ArrayList<>();
            for (ClassNames.Prediction q : ClassNames.top(p, 0, p.length, Math.min(TOP, p.length), null)) {
                lines.add(String.format(Locale.ROOT, "%6.2f%%  %s", 100 * q.score(), c.label(q.index())));
            }
            if (im.trueLabel() >= 0) {
                lines.add("true class: " + c.label(im.trueLabel()));
            }
            r.row(im.name(), List.of(c.input(i)), lines);
        }
        return r;
    }

    static float[] softmax(float[] z) {
        return ClassScores.softmax(z);
    }
}
