package org.convscope.app.report;

import java.util.List;

import org.convscope.vis.attribution.Saliency;

/** Simonyan's saliency map of the predicted class. */
final class SaliencySection extends PerImageSection {
    static final double ALPHA = 0.7;

    @Override
    public String id() {
        return "saliency";
    }

    @Override
    public String title() {
        return "Saliency map (Simonyan et al. 2014)";
    }

    @Override
    public String explanation() {
        return "How much each pixel would change the class score if it changed a little: the gradient of the score "
                + "(before the softmax), max |.| over colours. Bright pixels are those the score is most sensitive "
                + "to; expect them on the object's edges, noisy and scattered.";
    }

    @Override
    void settings(Context c, SectionResult r) {
        r.setting("map", "max over colour channels of |d score / d pixel|");
        r.setting("overlay opacity", ALPHA);
    }

    @Override
    List<SectionResult.Figure> explain(Context c, int i, int cls, List<String> lines) throws Exception {
        Saliency.Result s = Saliency.compute(c.net(), c.images().get(i).x(), c.scoreBlob(), cls);
        lines.add(String.format(java.util.Locale.ROOT, "score %.3f", s.score()));
        return List.of(
                c.figure(file(i, "map"), c.drawing().heat(s.map()), "saliency"),
                c.figure(file(i, "overlay"), c.drawing().overlay(c.images().get(i).seen(), s.map(), ALPHA), "over the image"),
                c.figure(file(i, "gradient"), c.drawing().signed(s.gradient()), "signed gradient"));
    }
}
