package org.convscope.tensor.cpu;

import static org.convscope.tensor.cpu.CpuTesting.DEV;
import static org.convscope.tensor.cpu.CpuTesting.assertRejects;
import static org.convscope.tensor.cpu.CpuTesting.rand;
import static org.convscope.tensor.cpu.CpuTesting.t;
import static org.convscope.tensor.cpu.CpuTesting.weighted;
import static org.convscope.tensor.cpu.CpuTesting.zeros;

import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.GradCheck;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

class CpuLrnTest {

    private static float[] lrn(Tensor x, LrnSpec spec) {
        Tensor y = DEV.allocate(x.shape());
        DEV.lrn(x, spec, y);
        return y.toArray();
    }

    @Test
    void acrossChannelsByHand() {
        // channels 1, 2, 3 at one pixel; n = 3, alpha/n = 1, beta = 1/2, k = 1
        // s0 = 1 + (1 + 4) = 6, s1 = 1 + (1 + 4 + 9) = 15, s2 = 1 + (4 + 9) = 14 (the window is clipped,
        // the divisor stays n)
        float[] y = lrn(t(new float[] {1, 2, 3}, 1, 3, 1, 1), LrnSpec.across(3, 3f, 0.5f, 1f));
        Approx.assertClose("lrn across", new float[] {
            (float) (1 / Math.sqrt(6)), (float) (2 / Math.sqrt(15)), (float) (3 / Math.sqrt(14))}, y);
        // k enters across channels: k = 2 adds one to every scale
        float[] y2 = lrn(t(new float[] {1, 2, 3}, 1, 3, 1, 1), LrnSpec.across(3, 3f, 0.5f, 2f));
        Approx.assertClose("lrn across k=2", new float[] {
            (float) (1 / Math.sqrt(7)), (float) (2 / Math.sqrt(16)), (float) (3 / Math.sqrt(15))}, y2);
    }

    @Test
    void acrossChannelsAlexNetValue() {
        // AlexNet's norm1 (5, 1e-4, 0.75, 1) on channel 2 of 5 channels of value 10:
        // s = 1 + 1e-4/5 * 5*100 = 1.01, y = 10 * 1.01^-0.75
        Tensor x = Tensor.full(DEV, 10f, 1, 5, 1, 1);
        float[] y = lrn(x, LrnSpec.across(5, 1e-4f, 0.75f, 1f));
        Approx.assertClose("alexnet norm1 centre", new float[] {(float) (10 * Math.pow(1.01, -0.75))},
                new float[] {y[2]});
        // channel 0 sees three channels only: s = 1 + 1e-4/5 * 300 = 1.006
        Approx.assertClose("alexnet norm1 edge", new float[] {(float) (10 * Math.pow(1.006, -0.75))},
                new float[] {y[0]});
    }

    @Test
    void withinChannelByHand() {
        // a 1x3 map 1, 2, 3 with a 3x3 window: the window sums 1+4, 1+4+9, 4+9 (zero padding),
        // divided by n = 9 always; alpha = 9 makes alpha/n = 1; k = 5 is ignored (Caffe uses 1)
        LrnSpec spec = new LrnSpec(LrnSpec.Region.WITHIN_CHANNEL, 3, 9f, 0.5f, 5f);
        float[] y = lrn(t(new float[] {1, 2, 3}, 1, 1, 1, 3), spec);
        Approx.assertClose("lrn within", new float[] {
            (float) (1 / Math.sqrt(6)), (float) (2 / Math.sqrt(15)), (float) (3 / Math.sqrt(14))}, y);
        // channels do not mix within a channel: the same map beside another channel gives the same values
        Tensor two = t(new float[] {1, 2, 3, 100, 100, 100}, 1, 2, 1, 3);
        float[] y2 = lrn(two, spec);
        Approx.assertClose("lrn within, first channel", y, new float[] {y2[0], y2[1], y2[2]});
    }

    @Test
    void withinChannelCentreOfA3x3() {
        // all nine values in the window of the centre: s = 1 + alpha/9 * sum x^2
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] y = lrn(t(x, 1, 1, 3, 3), LrnSpec.within(3, 0.9f, 0.75f));
        double s = 1 + 0.1 * 285;
        Approx.assertClose("centre", new float[] {(float) (5 * Math.pow(s, -0.75))}, new float[] {y[4]});
        // corner (0,0): window holds 1, 2, 4, 5
        double s0 = 1 + 0.1 * (1 + 4 + 16 + 25);
        Approx.assertClose("corner", new float[] {(float) Math.pow(s0, -0.75)}, new float[] {y[0]});
    }

    @Property(tries = 50)
    void backwardMatchesFiniteDifferences(@ForAll boolean across,
                                          @ForAll @IntRange(min = 1, max = 2) int n,
                                          @ForAll @IntRange(min = 1, max = 6) int c,
                                          @ForAll @IntRange(min = 1, max = 5) int h,
                                          @ForAll @IntRange(min = 1, max = 5) int w,
                                          @ForAll @IntRange(min = 0, max = 3) int halfSize,
                                          @ForAll @FloatRange(min = 0.05f, max = 2f) float alpha,
                                          @ForAll @FloatRange(min = 0.25f, max = 1f) float beta,
                                          @ForAll @FloatRange(min = 0.5f, max = 2f) float k,
                                          @ForAll long seed) {
        int size = 2 * halfSize + 1;
        LrnSpec spec = across ? LrnSpec.across(size, alpha, beta, k)
                : new LrnSpec(LrnSpec.Region.WITHIN_CHANNEL, size, alpha, beta, k);
        Tensor x = Tensor.uniform(DEV, seed, -2f, 2f, n, c, h, w);
        float[] r = rand(seed + 1, n, c, h, w).toArray();
        Tensor y = DEV.allocate(x.shape());
        DEV.lrn(x, spec, y);
        Tensor dx = DEV.allocate(x.shape());
        DEV.lrnBackward(x, y, t(r, n, c, h, w), spec, dx);
        GradCheck.check("lrnBackward " + spec + " on " + x.shape(), x.toArray(), dx.toArray(),
                v -> weighted(lrn(t(v, n, c, h, w), spec), r), 40, 1e-3, 2e-3, seed);
    }

    @Test
    void rejectsBadShapes() {
        LrnSpec spec = LrnSpec.across(5, 1e-4f, 0.75f, 1f);
        assertRejects("lrn", () -> DEV.lrn(zeros(1, 3, 4, 4), spec, zeros(1, 3, 4, 5)), "1x3x4x4", "1x3x4x5");
        assertRejects("lrn", () -> DEV.lrn(zeros(3, 16), spec, zeros(3, 16)), "N x C x H x W", "3x16");
        assertRejects("lrnBackward", () -> DEV.lrnBackward(zeros(1, 3, 4, 4), zeros(1, 3, 4, 4),
                zeros(1, 2, 4, 4), spec, zeros(1, 3, 4, 4)), "output gradient is 1x2x4x4");
        assertRejects("lrn", () -> LrnSpec.across(4, 1f, 1f, 1f), "odd", "4");
    }
}
