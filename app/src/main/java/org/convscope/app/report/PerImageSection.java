package org.convscope.app.report;

import java.util.ArrayList;
import java.util.List;

import org.convscope.vis.attribution.ClassScores;

/**
 * A section that explains the net's predicted class for each image, one row per image: the
 * input, then the section's pictures. Skips when the net has no class scores.
 */
abstract class PerImageSection implements ReportSection {

    /** The pictures for image {@code i} and its predicted class {@code cls}, after the input. */
    abstract List<SectionResult.Figure> explain(Context c, int i, int cls, List<String> lines) throws Exception;

    /** Records the section's settings (called once, before the rows). */
    abstract void settings(Context c, SectionResult r);

    @Override
    public SectionResult run(Context c) throws Exception {
        if (c.scoreBlob() == null) {
            return SectionResult.skipped("the net has no blob of class scores (no final Softmax or fully connected layer)");
        }
        SectionResult r = SectionResult.of();
        r.setting("class", "the predicted class of each image");
        r.setting("score blob", c.scoreBlob());
        settings(c, r);
        for (int i = 0; i < c.images().size(); i++) {
            Context.Image im = c.images().get(i);
            if (c.images().size() > 1) {
                c.log().printf("      image %d/%d: %s%n", i + 1, c.images().size(), im.name());
                c.log().flush();
            }
            int cls = ClassScores.predicted(c.net(), im.x(), c.scoreBlob());
            List<SectionResult.Figure> figs = new ArrayList<>();
            figs.add(c.input(i));
            List<String> lines = new ArrayList<>();
            figs.addAll(explain(c, i, cls, lines));
            r.row(im.name() + ": explaining " + c.label(cls), figs, lines);
        }
        return r;
    }

    /** {@code id_i_suffix.png}. */
    String file(int i, String suffix) {
        return id() + "_" + i + "_" + suffix + ".png";
    }
}
