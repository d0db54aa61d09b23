package org.convscope.app.report;

import java.util.List;
import java.util.Locale;

import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.DeepDream;

/** DeepDream (Mordvintsev et al. 2015) on the last image, amplifying one layer. */
final class DeepDreamSection implements ReportSection {
    private final String layer;

    /** @param layer the blob whose activations to amplify */
    DeepDreamSection(String layer) {
        this.layer = layer;
    }

    @Override
    public String id() {
        return "deepdream";
    }

    @Override
    public String title() {
        return "DeepDream (Mordvintsev et al. 2015)";
    }

    @Override
    public String explanation() {
        return "Gradient ascent on the image to make one layer's activations larger (their squared norm), at several "
                + "scales: whatever the layer faintly sees in the photo, it is shown more of, until its patterns cover "
                + "the picture.";
    }

    @Override
    public SectionResult run(Context c) throws Exception {
        if (c.images().isEmpty()) {
            return SectionResult.skipped("no image");
        }
        float[] m = c.pre().meanBgr() != null ? c.pre().meanBgr() : new float[] {0f};
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : m) {
            lo = Math.min(lo, -v * c.pre().scale());
            hi = Math.max(hi, (255 - v) * c.pre().scale());
        }
        DeepDream.Settings s = DeepDream.Settings.defaults(c.pre().scale(), lo, hi).withOctaves(c.quick() ? 2 : 3,
                c.quick() ? 3 : 10);
        SectionResult r = SectionResult.of();
        r.setting("layer", layer);
        r.setting("octaves", s.octaves());
        r.setting("steps per octave", s.stepsPerOctave());
        r.setting("step", s.lr() + " (normalized gradient)");
        int i = c.images().size() - 1;
        Context.Image im = c.images().get(i);
        DeepDream dd = DeepDream.init(c.net(), layer, im.x(), s);
        float before = dd.objective(im.x());
        while (dd.step()) {
            // the caller owns the loop: run every step
        }
        Tensor x = dd.result();
        float after = dd.objective(x);
        r.row(im.name() + ": amplifying " + layer, List.of(c.input(i),
                c.figure(id() + "_" + i + ".png", c.drawing().input(c.pre().deprocess(x)), "dreamed")),
                List.of(String.format(Locale.ROOT, "1/2 |%s|^2: %.4g before, %.4g after", layer, before, after)));
        return r;
    }
}
