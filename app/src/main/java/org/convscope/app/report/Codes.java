package org.convscope.app.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.train.LinearClassifier;
import org.convscope.vis.embed.LayerCodes;
import org.convscope.vis.embed.NeighbourRows;

/** The code layer's values for the context's data set, with its labels and pictures (shared by t-SNE and neighbours). */
record Codes(float[][] codes, int[] labels, List<String> classes, List<BufferedImage> pictures) {

    /** A report section drawn from the codes: skipped, with the reason, when there are none. */
    interface Section extends ReportSection {
        /** The section, given the codes. */
        SectionResult run(Context c, Codes codes) throws Exception;

        @Override
        default SectionResult run(Context c) throws Exception {
            String why = missing(c);
            return why != null ? SectionResult.skipped(why) : run(c, of(c));
        }
    }

    /** Why there are no codes (no data set, no code layer, other channels), or null. */
    static String missing(Context c) {
        Dataset d = c.data();
        if (d == null) {
            return "no labelled data set was given (convscope report --data SPEC)";
        }
        if (c.codeLayer() == null || !c.net().blobNames().contains(c.codeLayer())) {
            return "the net has no fully connected layer before its scores to take codes from";
        }
        int netChannels = c.net().shape(c.net().inputNames().get(0)).c();
        if (d.channels() != netChannels) {
            return "the data set's images have " + d.channels() + " channels, the net takes " + netChannels;
        }
        return null;
    }

    /** The codes of the context's data set (see {@link #missing} for when there are none). */
    static Codes of(Context c) {
        Dataset d = c.data();
        float[][] x = LinearClassifier.codes(c.net(), d, InputTransform.of(c.pre()), c.net().inputNames().get(0),
                c.codeLayer(), 50);
        List<BufferedImage> pics = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            pics.add(NeighbourRows.picture(d, i));
        }
        return new Codes(x, LayerCodes.labels(d), d.classNames(), pics);
    }
}
