package org.convscope.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.Stream;

import org.convscope.tensor.ConvCase;
import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.cpu.CpuConv.Variant;
import org.convscope.tensor.testing.Approx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every form of {@link CpuConv}: answers worked out by hand, and the fast form against the
 * plain-loop reference on random geometries and on the AlexNet layers.
 */
class CpuConvTest {

    /** Tests below loop over {@link Variant#values()}; a new variant must be added here on purpose. */
    @Test
    void everyVariantIsCounted() {
        assertEquals(2, Variant.values().length, "update the tests for the new conv variant");
    }

    // ---------------------------------------------------------------- known answers

    /**
     * Transposed convolution on paper: stride 2 with a 2x2 kernel tiles the output, each input
     * value stamping a scaled copy of the kernel at (2i, 2j).
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void transposedConvolutionStrideTwoStampsTheKernel(Variant v) {
        float[] in = {1, 2, 3, 4};
        float[] w = {1, 10, 100, 1000};
        float[] out = new float[16];
        Arrays.fill(out, Float.NaN); // overwritten, never read
        CpuConv.backwardData(v, in, Shape.of(1, 1, 2, 2), w, Shape.of(1, 1, 2, 2), ConvSpec.of(2, 0), out,
                Shape.of(1, 1, 4, 4));
        assertArrayEquals(new float[]{
                1, 10, 2, 20,
                100, 1000, 200, 2000,
                3, 30, 4, 40,
                300, 3000, 400, 4000}, out);
    }

    /** Stride 1: the stamps overlap and add, {@code out[p,q] = sum_{i,j} in[i,j] * w[p-i, q-j]}. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void transposedConvolutionStrideOneAddsOverlaps(Variant v) {
        float[] in = {1, 2, 3, 4};
        float[] w = {1, 10, 100, 1000};
        float[] out = new float[9];
        CpuConv.backwardData(v, in, Shape.of(1, 1, 2, 2), w, Shape.of(1, 1, 2, 2), ConvSpec.of(1, 0), out,
                Shape.of(1, 1, 3, 3));
        assertArrayEquals(new float[]{
                1, 12, 20,
                103, 1234, 2040,
                300, 3400, 4000}, out);
    }

    /**
     * 3x3 input 1..9, 2x2 kernel [[1,2],[3,4]], pad 1, stride 2, bias 0.5: output 2x2 with
     * {@code y[i,j] = 0.5 + sum w[u,v] x[2i-1+u, 2j-1+v]}: y[0,0] = 4*1, y[0,1] = 3*2 + 4*3,
     * y[1,0] = 2*4 + 4*7, y[1,1] = 1*5 + 2*6 + 3*8 + 4*9.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void forwardWithPadAndStride(Variant v) {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 2, 3, 4};
        float[] y = new float[4];
        CpuConv.forward(v, x, Shape.of(1, 1, 3, 3), w, Shape.of(1, 1, 2, 2), new float[]{0.5f}, ConvSpec.of(2, 1),
                y, Shape.of(1, 1, 2, 2));
        assertArrayEquals(new float[]{4.5f, 18.5f, 36.5f, 77.5f}, y);
    }

    /** Two groups keep channels apart: filter 0 sees channels 0-1 only, filter 1 channels 2-3 only. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void groupedConvolutionSeesOnlyItsGroup(Variant v) {
        float[] x = {1, 2, 3, 4};          // 1 x 4 x 1 x 1
        float[] w = {1, 1, 1, -1};         // 2 x 2 x 1 x 1: [1, 1] and [1, -1]
        float[] y = new float[2];
        CpuConv.forward(v, x, Shape.of(1, 4, 1, 1), w, Shape.of(2, 2, 1, 1), null, ConvSpec.of(1, 0, 2),
                y, Shape.of(1, 2, 1, 1));
        assertArrayEquals(new float[]{1 + 2, 3 - 4}, y);
        // and backward: dx of group g is w of its filter times dy of that filter
        float[] dx = new float[4];
        CpuConv.backwardData(v, new float[]{10, 100}, Shape.of(1, 2, 1, 1), w, Shape.of(2, 2, 1, 1),
                ConvSpec.of(1, 0, 2), dx, Shape.of(1, 4, 1, 1));
        assertArrayEquals(new float[]{10, 10, 100, -100}, dx);
    }

    /** Weight gradient by hand: 1x1x2x2 input, 1x1 kernel, so dw = sum x*dy. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void weightAndBiasGradientsByHand(Variant v) {
        float[] x = {1, 2, 3, 4};
        float[] dy = {1, 0, -1, 2};
        float[] dw = {100};
        CpuConv.backwardWeights(v, x, Shape.of(1, 1, 2, 2), dy, Shape.of(1, 1, 2, 2), ConvSpec.of(1, 0), dw,
                Shape.of(1, 1, 1, 1), false);
        assertArrayEquals(new float[]{1 - 3 + 8}, dw);
        CpuConv.backwardWeights(v, x, Shape.of(1, 1, 2, 2), dy, Shape.of(1, 1, 2, 2), ConvSpec.of(1, 0), dw,
                Shape.of(1, 1, 1, 1), true);
        assertArrayEquals(new float[]{12}, dw);
        float[] db = {5};
        CpuConv.backwardBias(dy, Shape.of(1, 1, 2, 2), db, true);
        assertArrayEquals(new float[]{7}, db);
        CpuConv.backwardBias(dy, Shape.of(1, 1, 2, 2), db, false);
        assertArrayEquals(new float[]{2}, db);
    }

    // ---------------------------------------------------------------- fast == reference

    @Property(tries = 80)
    void fastEqualsReferenceOnRandomGeometry(@ForAll long seed) {
        RandomConv c = RandomConv.of(seed);
        assertAllVariantsAgree(c.toString(), c.x(), c.w(), c.spec(), c.y(),
                c.values(c.x().size(), 1), c.values(c.w().size(), 2), c.values(c.w().n(), 3),
                c.values(c.y().size(), 4));
    }

    /** 1x1 kernels with stride 1 and no pad skip the column matrix (the input plane is the matrix). */
    @Property(tries = 30)
    void pointwiseShortcutEqualsReference(@ForAll @IntRange(min = 1, max = 2) int n,
                                          @ForAll @IntRange(min = 1, max = 3) int groups,
                                          @ForAll @IntRange(min = 1, max = 9) int cg,
                                          @ForAll @IntRange(min = 1, max = 9) int kg,
                                          @ForAll @IntRange(min = 1, max = 12) int h,
                                          @ForAll @IntRange(min = 1, max = 12) int w,
                                          @ForAll long seed) {
        ConvSpec spec = ConvSpec.of(1, 0, groups);
        Shape xs = Shape.of(n, cg * groups, h, w);
        Shape ws = Shape.of(kg * groups, cg, 1, 1);
        RandomConv c = new RandomConv(seed, xs, ws, spec, spec.outputShape(xs, ws));
        assertAllVariantsAgree("pointwise " + c, xs, ws, spec, c.y(), c.values(xs.size(), 1),
                c.values(ws.size(), 2), c.values(ws.n(), 3), c.values(c.y().size(), 4));
    }

    /** The column matrix cut into bands of output rows gives the same answers as in one piece. */
    @Property(tries = 30)
    void bandsOfOutputRowsChangeNothing(@ForAll long seed) {
        int saved = CpuConv.colMaxFloats;
        CpuConv.colMaxFloats = 1; // one output row per band
        try {
            RandomConv c = RandomConv.of(seed);
            assertAllVariantsAgree("banded " + c, c.x(), c.w(), c.spec(), c.y(),
                    c.values(c.x().size(), 1), c.values(c.w().size(), 2), null, c.values(c.y().size(), 4));
        } finally {
            CpuConv.colMaxFloats = saved;
        }
    }

    static Stream<ConvCase> alexnet() {
        return ConvCase.ALEXNET.stream();
    }

    /** The real AlexNet shapes (stride 4, 11x11, groups 2, 13x13 maps): forward and both gradients. */
    @ParameterizedTest
    @MethodSource("alexnet")
    void fastEqualsReferenceOnAlexNet(ConvCase cc) {
        RandomConv r = new RandomConv(cc.hashCode(), cc.inputShape(), cc.weightShape(), cc.spec(), cc.outputShape());
        assertAllVariantsAgree(cc.name(), cc.inputShape(), cc.weightShape(), cc.spec(), cc.outputShape(),
                r.values(cc.inputShape().size(), 1), r.values(cc.weightShape().size(), 2),
                r.values(cc.k(), 3), r.values(cc.outputShape().size(), 4));
    }

    /**
     * Convolutions started from many threads at once (as a layer that splits its batch would),
     * each using the GEMM's threads too: no two calls may share a column buffer or packed panels.
     * Each result equals the same call made alone, bit for bit (the blocking depends on the sizes only).
     */
    @Test
    void concurrentCallsGiveTheSameAnswers() {
        int calls = 12;
        RandomConv[] cases = new RandomConv[calls];
        float[][] alone = new float[calls][];
        float[][] together = new float[calls][];
        for (int i = 0; i < calls; i++) {
            // big enough for the GEMM to use its threads and share a packed B (several row blocks)
            Shape xs = Shape.of(1, 16 + i, 20, 20);
            Shape ws = Shape.of(96, 16 + i, 3, 3);
            ConvSpec spec = ConvSpec.of(1, 1);
            cases[i] = new RandomConv(100 + i, xs, ws, spec, spec.outputShape(xs, ws));
            alone[i] = run(cases[i]);
        }
        java.util.stream.IntStream.range(0, calls).parallel().forEach(i -> together[i] = run(cases[i]));
        for (int i = 0; i < calls; i++) {
            assertArrayEquals(alone[i], together[i], "call " + i + ": " + cases[i]);
        }
    }

    private static float[] run(RandomConv c) {
        float[] y = new float[c.y().size()];
        CpuConv.forward(c.values(c.x().size(), 1), c.x(), c.values(c.w().size(), 2), c.w(), null, c.spec(), y, c.y());
        float[] dx = new float[c.x().size()];
        CpuConv.backwardData(y, c.y(), c.values(c.w().size(), 2), c.w(), c.spec(), dx, c.x());
        return dx;
    }

    /**
     * Runs forward, backward-data and backward-weights (overwriting, then accumulating) with every
     * variant and compares each with the reference, with a tolerance scaled to the largest value
     * (the fast form sums in float, the reference in double).
     */
    private static void assertAllVariantsAgree(String what, Shape xs, Shape ws, ConvSpec spec, Shape ys,
                                               float[] x, float[] w, float[] b, float[] dy) {
        float[] yRef = new float[ys.size()];
        float[] dxRef = new float[xs.size()];
        float[] dwRef = new float[ws.size()];
        float[] dwAccRef = w.clone();
        CpuConv.forward(Variant.REFERENCE, x, xs, w, ws, b, spec, yRef, ys);
        CpuConv.backwardData(Variant.REFERENCE, dy, ys, w, ws, spec, dxRef, xs);
        CpuConv.backwardWeights(Variant.REFERENCE, x, xs, dy, ys, spec, dwRef, ws, false);
        CpuConv.backwardWeights(Variant.REFERENCE, x, xs, dy, ys, spec, dwAccRef, ws, true);
        for (Variant v : Variant.values()) {
            float[] y = filled(ys.size());
            float[] dx = filled(xs.size());
            float[] dw = filled(ws.size());
            float[] dwAcc = w.clone();
            CpuConv.forward(v, x, xs, w, ws, b, spec, y, ys);
            CpuConv.backwardData(v, dy, ys, w, ws, spec, dx, xs);
            CpuConv.backwardWeights(v, x, xs, dy, ys, spec, dw, ws, false);
            CpuConv.backwardWeights(v, x, xs, dy, ys, spec, dwAcc, ws, true);
            Approx.assertCloseScaled(v + " forward, " + what, yRef, y, 1e-5);
            Approx.assertCloseScaled(v + " backwardData, " + what, dxRef, dx, 1e-5);
            Approx.assertCloseScaled(v + " backwardWeights, " + what, dwRef, dw, 1e-5);
            Approx.assertCloseScaled(v + " backwardWeights accumulate, " + what, dwAccRef, dwAcc, 1e-5);
        }
    }

    /** Garbage in the output buffer, to prove that overwriting ops never read it. */
    private static float[] filled(int size) {
        float[] a = new float[size];
        Arrays.fill(a, Float.NaN);
        return a;
    }
}
