package org.convscope.app.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.train.LinearClassifier;
import org.convscope.vis.embed.NeighbourRows;

/** The code layer's values for the context's data set, with its labels and pictures (shared by t-SNE and neighbours). */
record Codes(float[][] codes, int[] labels, List<String> classes, List<BufferedImage> pictures) {

    /** Null with the reason in {@code why[0]} when the context has no data set or the net no code layer. */
    static Codes of(Context c, String[] why) {
        Dataset d = c.data();
        if (d == null) {
            why[0] = "no labelled data set was given (convscope report --data SPEC)";
            return null;
        }
        if (c.codeLayer() == null || !c.net().blobNames().contains(c.codeLayer())) {
            why[0] = "the net has no fully connected layer before its scores to take codes from";
            return null;
        }
        int netChannels = c.net().shape(c.net().inputNames().get(0)).c();
        if (d.channels() != netChannels) {
            why[0] = "the data set's images have " + d.channels() + " channels, the net takes " + netChannels;
            return null;
        }
        float[][] x = LinearClassifier.codes(c.net(), d, InputTransform.of(c.pre()), c.net().inputNames().get(0),
                c.codeLayer(), 50);
        int[] labels = new int[d.size()];
        List<BufferedImage> pics = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            labels[i] = d.label(i);
            pics.add(NeighbourRows.picture(d, i));
        }
        return new Codes(x, labels, d.classNames(), pics);
    }
}
