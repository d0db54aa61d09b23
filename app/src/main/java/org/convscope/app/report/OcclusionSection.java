package org.convscope.app.report;

import java.util.List;
import java.util.Locale;

import org.convscope.tensor.Shape;
import org.convscope.vis.occlusion.Occlusion;
import org.convscope.vis.occlusion.OcclusionFigure;

/** Zeiler and Fergus's occlusion sensitivity of the predicted class, the occluded copies in batches. */
final class OcclusionSection extends PerImageSection {
    @Override
    public String id() {
        return "occlusion";
    }

    @Override
    public String title() {
        return "Occlusion sensitivity (Zeiler & Fergus 2014)";
    }

    @Override
    public String explanation() {
        return "A grey square slides over the image and the net classifies every occluded copy. Where hiding a "
                + "region makes the probability of the class fall (bright in the map), the net relied on that region; "
                + "the last picture colours each position by the class the net then prefers.";
    }

    /** The square for the context's input size (larger with --quick), moved by its own side. */
    static Occlusion.Settings settings(Context c) {
        Shape s = c.images().get(0).x().shape();
        Occlusion.Settings d = Occlusion.Settings.defaults(s.h(), s.w());
        // squares side by side (7 x 7 positions at 227): a quarter of the passes of the overlapping default
        int size = c.quick() ? Math.max(d.size(), Math.min(s.h(), s.w()) / 3) : d.size();
        return new Occlusion.Settings(size, size, null, d.batch());
    }

    @Override
    void settings(Context c, SectionResult r) {
        Occlusion.Settings s = settings(c);
        r.setting("square", s.size() + " px");
        r.setting("stride", s.stride() + " px");
        r.setting("fill", "the image's mean colour");
        r.setting("batch", s.batch() + " copies per forward pass");
    }

    @Override
    List<SectionResult.Figure> explain(Context c, int i, int cls, List<String> lines) throws Exception {
        Context.Image im = c.images().get(i);
        Occlusion.Result r = Occlusion.run(c.net(), im.x(), c.scoreBlob(), cls, settings(c), null);
        float min = Float.POSITIVE_INFINITY;
        int at = 0;
        for (int k = 0; k < r.classProb().length; k++) {
            if (r.classProb()[k] < min) {
                min = r.classProb()[k];
                at = k;
            }
        }
        lines.add(String.format(Locale.ROOT, "p(%s) = %.3f; %d x %d positions", c.label(cls), r.baseline(), r.rows(),
                r.cols()));
        lines.add(String.format(Locale.ROOT, "lowest %.3f with the square at row %d, column %d", min, at / r.cols(),
                at % r.cols()));
        OcclusionFigure figure = new OcclusionFigure(OcclusionFigure.DEFAULT_MIN_TILE, 0.6);
        return List.of(c.figure(file(i, "maps"), figure.render(im.seen(), r, c::label), "occlusion maps"));
    }
}
