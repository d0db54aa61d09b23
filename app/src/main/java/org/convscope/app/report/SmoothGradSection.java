package org.convscope.app.report;

import java.util.List;
import java.util.Locale;

import org.convscope.tensor.ReluMode;
import org.convscope.vis.attribution.SmoothGrad;

/** SmoothGrad: the saliency gradient averaged over noisy copies. */
final class SmoothGradSection extends PerImageSection {
    static final double NOISE = 0.15;

    @Override
    public String id() {
        return "smoothgrad";
    }

    @Override
    public String title() {
        return "SmoothGrad (Smilkov et al. 2017)";
    }

    @Override
    public String explanation() {
        return "The saliency gradient averaged over many copies of the image with Gaussian noise added: the "
                + "speckle of a single gradient averages out and the object's shape remains. Read it like the "
                + "saliency map, with more trust in regions than in single pixels.";
    }

    private int samples(Context c) {
        return c.quick() ? 8 : 50;
    }

    @Override
    void settings(Context c, SectionResult r) {
        r.setting("samples", samples(c));
        r.setting("noise (fraction of the input range)", NOISE);
        r.setting("seed", c.seed());
        r.setting("colours clipped at percentile", 99);
    }

    @Override
    List<SectionResult.Figure> explain(Context c, int i, int cls, List<String> lines) throws Exception {
        SmoothGrad.Result s = SmoothGrad.compute(c.net(), c.images().get(i).x(), c.scoreBlob(), cls, samples(c),
                NOISE, c.seed() + i, ReluMode.STANDARD, 10);
        lines.add(String.format(Locale.ROOT, "noise sigma %.4g", s.sigma()));
        var d = c.drawing().withPercentile(99);
        return List.of(
                c.figure(file(i, "map"), d.heat(s.map()), "SmoothGrad"),
                c.figure(file(i, "overlay"), d.overlay(c.images().get(i).seen(), s.map(), SaliencySection.ALPHA),
                        "over the image"));
    }
}
