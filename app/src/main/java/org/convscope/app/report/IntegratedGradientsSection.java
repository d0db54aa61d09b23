package org.convscope.app.report;

import java.util.List;
import java.util.Locale;

import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.IntegratedGradients;
import org.convscope.vis.attribution.Maps;

/** Integrated gradients from the all-zero input, with the completeness check. */
final class IntegratedGradientsSection extends PerImageSection {
    @Override
    public String id() {
        return "intgrad";
    }

    @Override
    public String title() {
        return "Integrated gradients (Sundararajan et al. 2017)";
    }

    @Override
    public String explanation() {
        return "Each pixel's share of the score difference between a baseline (the zero input: the mean colour) and "
                + "the image, summed along the straight path between them. Red pixels pushed the score up, blue ones "
                + "down; the shares add up to the score difference (the completeness check below each row).";
    }

    private int steps(Context c) {
        return c.quick() ? 10 : 50;
    }

    @Override
    void settings(Context c, SectionResult r) {
        r.setting("baseline", "zero input");
        r.setting("steps", steps(c));
        r.setting("rule", "trapezoid");
        r.setting("colours clipped at percentile", 99);
    }

    @Override
    List<SectionResult.Figure> explain(Context c, int i, int cls, List<String> lines) throws Exception {
        Tensor x = c.images().get(i).x();
        Tensor base = Tensor.zeros(c.net().device(), x.shape().dims());
        IntegratedGradients.Result ig = IntegratedGradients.compute(c.net(), x, base, c.scoreBlob(), cls, steps(c),
                IntegratedGradients.Rule.TRAPEZOID, 10);
        lines.add(String.format(Locale.ROOT, "score of the image %.4f, of the baseline %.4f: difference %.4f",
                ig.scoreInput(), ig.scoreBaseline(), (double) ig.scoreInput() - ig.scoreBaseline()));
        lines.add(String.format(Locale.ROOT, "sum of attributions %.4f: completeness gap %.3g (%.2f%%)",
                ig.attributionSum(), ig.gap(), 100 * ig.relativeGap()));
        Tensor perPixel = Maps.sumOverChannels(ig.attribution());
        var d = c.drawing().withPercentile(99);
        return List.of(
                c.figure(file(i, "map"), d.heat(Maps.abs(perPixel)), "|attribution|"),
                c.figure(file(i, "overlay"), d.overlay(c.images().get(i).seen(), Maps.abs(perPixel),
                        SaliencySection.ALPHA), "over the image"),
                c.figure(file(i, "signed"), d.signed(perPixel), "red for, blue against"));
    }
}
