package org.convscope.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuConv.Variant;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.GradCheck;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The three gradients of the convolution against central finite differences of
 * {@code L = sum(conv2d(x, w, b) * r)} with a fixed random r, for every variant; and the
 * device-level promises: {@code convTranspose2d} is backward-data plus a bias, accumulate adds.
 */
class ConvGradientTest {
    private static final double H = 1e-2;
    private static final double TOL = 2e-3;
    private static final int SAMPLES = 40;

    /** {@code L(x, w, b) = sum y * r}, the forward pass by the reference, summed in double. */
    private static double loss(RandomConv c, float[] x, float[] w, float[] b, float[] r) {
        float[] y = new float[c.y().size()];
        CpuConv.forward(Variant.REFERENCE, x, c.x(), w, c.w(), b, c.spec(), y, c.y());
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) y[i] * r[i];
        }
        return s;
    }

    @Property(tries = 50)
    void backwardDataIsTheInputGradient(@ForAll long seed) {
        RandomConv c = RandomConv.of(seed);
        float[] x = c.values(c.x().size(), 1);
        float[] w = c.values(c.w().size(), 2);
        float[] b = c.values(c.w().n(), 3);
        float[] r = c.values(c.y().size(), 4);
        for (Variant v : Variant.values()) {
            float[] dx = new float[x.length];
            CpuConv.backwardData(v, r, c.y(), w, c.w(), c.spec(), dx, c.x());
            GradCheck.check(v + " dL/dx, " + c, x, dx, xs -> loss(c, xs, w, b, r), SAMPLES, H, TOL, seed);
        }
    }

    @Property(tries = 50)
    void backwardWeightsIsTheWeightGradient(@ForAll long seed) {
        RandomConv c = RandomConv.of(seed);
        float[] x = c.values(c.x().size(), 1);
        float[] w = c.values(c.w().size(), 2);
        float[] b = c.values(c.w().n(), 3);
        float[] r = c.values(c.y().size(), 4);
        for (Variant v : Variant.values()) {
            float[] dw = new float[w.length];
            CpuConv.backwardWeights(v, x, c.x(), r, c.y(), c.spec(), dw, c.w(), false);
            GradCheck.check(v + " dL/dw, " + c, w, dw, ws -> loss(c, x, ws, b, r), SAMPLES, H, TOL, seed);
        }
    }

    @Property(tries = 50)
    void backwardBiasIsTheBiasGradient(@ForAll long seed) {
        RandomConv c = RandomConv.of(seed);
        float[] x = c.values(c.x().size(), 1);
        float[] w = c.values(c.w().size(), 2);
        float[] b = c.values(c.w().n(), 3);
        float[] r = c.values(c.y().size(), 4);
        float[] db = new float[b.length];
        CpuConv.backwardBias(r, c.y(), db, false);
        GradCheck.check("dL/db, " + c, b, db, bs -> loss(c, x, w, bs, r), SAMPLES, H, TOL, seed);
    }

    /** On the device: {@code convTranspose2d(x, w, bias) == conv2dBackwardData(dy = x, w) + bias}, exactly. */
    @Property(tries = 50)
    void convTransposeIsBackwardDataPlusBias(@ForAll long seed) {
        RandomConv c = RandomConv.of(seed);
        Device d = CpuDevice.shared();
        try (Tensor x = Tensor.of(d, c.values(c.y().size(), 1), c.y().dims());
             Tensor w = Tensor.of(d, c.values(c.w().size(), 2), c.w().dims());
             Tensor bias = Tensor.of(d, c.values(c.x().c(), 3), c.x().c());
             Tensor viaTranspose = Tensor.full(d, Float.NaN, c.x().dims());
             Tensor viaBackward = Tensor.full(d, Float.NaN, c.x().dims())) {
            d.convTranspose2d(x, w, bias, c.spec(), viaTranspose);
            d.conv2dBackwardData(x, w, c.spec(), viaBackward);
            float[] expected = viaBackward.toArray();
            float[] b = bias.toArray();
            int plane = c.x().h() * c.x().w();
            for (int i = 0; i < expected.length; i++) {
                expected[i] += b[(i / plane) % c.x().c()];
            }
            assertArrayEquals(expected, viaTranspose.toArray(), c.toString());
        }
    }

    /** On the device: accumulate adds the gradient to what is there, for the weights and the bias. */
    @Property(tries = 30)
    void accumulateAddsToTheOldGradient(@ForAll long seed) {
        RandomConv c = RandomConv.of(seed);
        Device d = CpuDevice.shared();
        try (Tensor x = Tensor.of(d, c.values(c.x().size(), 1), c.x().dims());
             Tensor dy = Tensor.of(d, c.values(c.y().size(), 4), c.y().dims());
             Tensor dw = Tensor.of(d, c.values(c.w().size(), 5), c.w().dims());
             Tensor fresh = Tensor.full(d, Float.NaN, c.w().dims());
             Tensor db = Tensor.of(d, c.values(c.w().n(), 6), c.w().n());
             Tensor freshB = Tensor.full(d, Float.NaN, c.w().n())) {
            float[] old = dw.toArray();
            float[] oldB = db.toArray();
            d.conv2dBackwardWeights(x, dy, c.spec(), dw, true);
            d.conv2dBackwardWeights(x, dy, c.spec(), fresh, false);
            d.conv2dBackwardBias(dy, db, true);
            d.conv2dBackwardBias(dy, freshB, false);
            float[] expected = fresh.toArray();
            for (int i = 0; i < expected.length; i++) {
                expected[i] += old[i];
            }
            float[] expectedB = freshB.toArray();
            for (int i = 0; i < expectedB.length; i++) {
                expectedB[i] += oldB[i];
            }
            Approx.assertCloseScaled("accumulated dw, " + c, expected, dw.toArray(), 1e-5);
            Approx.assertCloseScaled("accumulated db, " + c, expectedB, db.toArray(), 1e-5);
        }
    }
}
