package org.convscope.tensor.cpu;

import static org.convscope.tensor.cpu.CpuTesting.DEV;
import static org.convscope.tensor.cpu.CpuTesting.assertRejects;
import static org.convscope.tensor.cpu.CpuTesting.iota;
import static org.convscope.tensor.cpu.CpuTesting.rand;
import static org.convscope.tensor.cpu.CpuTesting.t;
import static org.convscope.tensor.cpu.CpuTesting.weighted;
import static org.convscope.tensor.cpu.CpuTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.tensor.IntTensor;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.GradCheck;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class CpuPoolTest {

    private static IntTensor ints(Shape s) {
        return DEV.allocateInt(s);
    }

    // ---------------------------------------------------------------- known answers

    @Test
    void maxPoolSwitchesReadOffWithTies() {
        Tensor x = t(new float[] {
            1, 3, 2, 0,
            5, 4, 2, 2,
            0, 1, 7, 7,
            2, 6, 7, 1}, 1, 1, 4, 4);
        PoolSpec spec = PoolSpec.of(2, 2, 0);
        Tensor y = zeros(1, 1, 2, 2);
        IntTensor sw = ints(y.shape());
        DEV.maxPool(x, spec, y, sw);
        assertArrayEquals(new float[] {5, 2, 6, 7}, y.toArray());
        // the 2s tie at (0,2), (1,2), (1,3): the first in row-major order wins; the 7s likewise at (2,2)
        assertArrayEquals(new int[] {4, 2, 13, 10}, sw.toArray());
    }

    @Test
    void maxPoolPaddingNeverWins() {
        // all negative: a zero from the padding would win if padding counted
        Tensor x = t(new float[] {-1, -2, -3, -4, -5, -6, -7, -8, -9}, 1, 1, 3, 3);
        PoolSpec spec = PoolSpec.of(2, 2, 1); // 3 -> 2 (the third window would start in the bottom pad)
        Tensor y = zeros(1, 1, 2, 2);
        IntTensor sw = ints(y.shape());
        DEV.maxPool(x, spec, y, sw);
        assertArrayEquals(new float[] {-1, -2, -4, -5}, y.toArray());
        assertArrayEquals(new int[] {0, 1, 3, 4}, sw.toArray());
    }

    @Test
    void maxPoolCeilModeLastWindowIsPartial() {
        // 5 wide, k2 s2: Caffe gives 3 outputs, the last covering column 4 alone
        Tensor x = t(new float[] {1, 0, 0, 2, 9}, 1, 1, 1, 5);
        PoolSpec spec = new PoolSpec(1, 2, 1, 2, 0, 0);
        Tensor y = zeros(1, 1, 1, 3);
        IntTensor sw = ints(y.shape());
        DEV.maxPool(x, spec, y, sw);
        assertArrayEquals(new float[] {1, 2, 9}, y.toArray());
        assertArrayEquals(new int[] {0, 3, 4}, sw.toArray());
    }

    @Test
    void unpoolPlacesValuesAtTheSwitches() {
        PoolSpec spec = PoolSpec.of(2, 2, 0);
        Tensor dy = t(new float[] {10, 20, 30, 40}, 1, 1, 2, 2);
        IntTensor sw = ints(dy.shape());
        DEV.write(sw, new int[] {4, 2, 13, 10});
        Tensor dx = Tensor.full(DEV, 99f, 1, 1, 4, 4); // old values must be overwritten
        DEV.maxUnpool(dy, sw, spec, dx);
        float[] expected = new float[16];
        expected[4] = 10;
        expected[2] = 20;
        expected[13] = 30;
        expected[10] = 40;
        assertArrayEquals(expected, dx.toArray());
    }

    @Test
    void unpoolAddsWhereOverlappingWindowsShareAMax() {
        Tensor x = t(new float[] {0, 9, 0}, 1, 1, 1, 3);
        PoolSpec spec = new PoolSpec(1, 2, 1, 1, 0, 0);
        Tensor y = zeros(1, 1, 1, 2);
        IntTensor sw = ints(y.shape());
        DEV.maxPool(x, spec, y, sw);
        assertArrayEquals(new int[] {1, 1}, sw.toArray());
        Tensor dx = zeros(1, 1, 1, 3);
        DEV.maxUnpool(t(new float[] {1, 2}, 1, 1, 1, 2), sw, spec, dx);
        assertArrayEquals(new float[] {0, 3, 0}, dx.toArray());
    }

    @Test
    void avgPoolUsesCaffesDivisor() {
        // 4x4 of 1..16, k3 s2 p1 -> 3x3. Divisor = window size inside the padded input (6x6):
        // 9 in the interior, 6 where the window runs past the bottom/right padding, 4 in the corner.
        Tensor x = t(iota(16), 1, 1, 4, 4);
        PoolSpec spec = PoolSpec.of(3, 2, 1);
        Tensor y = zeros(1, 1, 3, 3);
        DEV.avgPool(x, spec, y);
        Approx.assertClose("avgPool", new float[] {
            14f / 9, 30f / 9, 12f / 6,
            57f / 9, 99f / 9, 36f / 6,
            27f / 6, 45f / 6, 16f / 4}, y.toArray());
    }

    @Test
    void avgPoolBackwardSpreadsWithTheSameDivisor() {
        PoolSpec spec = PoolSpec.of(3, 2, 1);
        Tensor dx = Tensor.full(DEV, 7f, 1, 1, 4, 4);
        DEV.avgPoolBackward(Tensor.full(DEV, 1f, 1, 1, 3, 3), spec, dx);
        float[] g = dx.toArray();
        // (0,0) lies in window (0,0) only, divisor 9
        assertEquals(1f / 9, g[0], 1e-7);
        // (3,3) lies in windows (1,1) /9, (1,2) /6, (2,1) /6, (2,2) /4
        assertEquals(1f / 9 + 1f / 6 + 1f / 6 + 1f / 4, g[15], 1e-6);
        // (1,1) lies in windows (0,0), (0,1), (1,0), (1,1), all of divisor 9
        assertEquals(4f / 9, g[5], 1e-6);
    }

    @Test
    void globalPooling() {
        Tensor x = t(new float[] {1, 5, 3, 2, 0, 1, /* channel 1 */ -4, -2, -8, -6, -3, -1}, 1, 2, 2, 3);
        PoolSpec spec = PoolSpec.global(2, 3);
        assertEquals(Shape.of(1, 2, 1, 1), spec.outputShape(x.shape()));
        Tensor avg = zeros(1, 2, 1, 1);
        DEV.avgPool(x, spec, avg);
        Approx.assertClose("global avg", new float[] {2f, -4f}, avg.toArray());
        Tensor max = zeros(1, 2, 1, 1);
        IntTensor sw = ints(max.shape());
        DEV.maxPool(x, spec, max, sw);
        assertArrayEquals(new float[] {5, -1}, max.toArray());
        assertArrayEquals(new int[] {1, 5}, sw.toArray());
    }

    // ---------------------------------------------------------------- properties

    /** A valid random pooling case (pads taken modulo the kernel), or an assumption failure. */
    private static PoolSpec spec(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        int padH = ph % kh;
        int padW = pw % kw;
        Assume.that(kh <= h + 2 * padH && kw <= w + 2 * padW);
        return new PoolSpec(kh, kw, sh, sw, padH, padW);
    }

    /** {@code size} distinct values {@code step} apart (centred on 0), in an order drawn from the seed. */
    private static float[] spaced(long seed, int size, float step) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (i - size / 2f) * step;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float tmp = v[i];
            v[i] = v[j];
            v[j] = tmp;
        }
        return v;
    }

    @Property(tries = 60)
    void unpoolingIsTheGradientOfMaxPooling(@ForAll @IntRange(min = 1, max = 2) int n,
                                            @ForAll @IntRange(min = 1, max = 3) int c,
                                            @ForAll @IntRange(min = 1, max = 7) int h,
                                            @ForAll @IntRange(min = 1, max = 7) int w,
                                            @ForAll @IntRange(min = 1, max = 4) int kh,
                                            @ForAll @IntRange(min = 1, max = 4) int kw,
                                            @ForAll @IntRange(min = 1, max = 3) int sh,
                                            @ForAll @IntRange(min = 1, max = 3) int sw,
                                            @ForAll @IntRange(min = 0, max = 2) int ph,
                                            @ForAll @IntRange(min = 0, max = 2) int pw,
                                            @ForAll long seed) {
        PoolSpec spec = spec(h, w, kh, kw, sh, sw, ph, pw);
        // distinct values 0.01 apart, shuffled: no two within the finite-difference step of each
        // other, so that no window's maximum sits on a kink (a tie within h has no derivative)
        Tensor x = t(spaced(seed, n * c * h * w, 0.01f), n, c, h, w);
        Shape out = spec.outputShape(x.shape());
        float[] r = rand(seed + 1, out.dims()).toArray();
        Tensor y = DEV.allocate(out);
        IntTensor s = ints(out);
        DEV.maxPool(x, spec, y, s);
        Tensor dx = DEV.allocate(x.shape());
        DEV.maxUnpool(t(r, out.dims()), s, spec, dx);
        float[] xv = x.toArray();
        GradCheck.check("maxPool " + spec + " on " + x.shape(), xv, dx.toArray(), v -> {
            Tensor yy = DEV.allocate(out);
            DEV.maxPool(t(v, x.shape().dims()), spec, yy, ints(out));
            return weighted(yy.toArray(), r);
        }, 40, 1e-3, 1e-3, seed);
    }

    @Property(tries = 60)
    void eachSwitchIsTheFirstMaxOfItsWindowAndUnpoolPutsValuesThereOnly(
            @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 8) int h,
            @ForAll @IntRange(min = 1, max = 8) int w,
            @ForAll @IntRange(min = 1, max = 4) int k,
            @ForAll @IntRange(min = 1, max = 3) int stride,
            @ForAll @IntRange(min = 0, max = 2) int pad,
            @ForAll long seed) {
        PoolSpec spec = spec(h, w, k, k, stride, stride, pad, pad);
        // few distinct values, so ties are common
        float[] xv = rand(seed, 1, c, h, w).toArray();
        for (int i = 0; i < xv.length; i++) {
            xv[i] = Math.round(xv[i] * 2);
        }
        Tensor x = t(xv, 1, c, h, w);
        Shape out = spec.outputShape(x.shape());
        Tensor y = DEV.allocate(out);
        IntTensor s = ints(out);
        DEV.maxPool(x, spec, y, s);
        float[] yv = y.toArray();
        int[] sv = s.toArray();
        int ho = out.h();
        int wo = out.w();
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    int o = (ch * ho + i) * wo + j;
                    int p = sv[o] / w;
                    int q = sv[o] % w;
                    int p0 = i * stride - spec.padH();
                    int q0 = j * stride - spec.padW();
                    assertTrue(p >= p0 && p < p0 + k && q >= q0 && q < q0 + k && sv[o] < h * w,
                            "switch " + sv[o] + " outside window (" + i + "," + j + ")");
                    assertEquals(xv[ch * h * w + sv[o]], yv[o], "value at switch");
                    for (int pp = Math.max(p0, 0); pp < Math.min(p0 + k, h); pp++) {
                        for (int qq = Math.max(q0, 0); qq < Math.min(q0 + k, w); qq++) {
                            float v = xv[ch * h * w + pp * w + qq];
                            assertTrue(v <= yv[o], "larger value in window");
                            boolean earlier = pp * w + qq < sv[o];
                            assertTrue(!(earlier && v == yv[o]), "an earlier tie should have won");
                        }
                    }
                }
            }
        }
        // unpooling distinct powers of two: each output's value lands at its switch and nowhere else
        float[] dy = new float[out.size()];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (float) Math.scalb(1.0, i % 20);
        }
        Tensor dx = Tensor.full(DEV, -5f, x.shape().dims());
        DEV.maxUnpool(t(dy, out.dims()), s, spec, dx);
        float[] expected = new float[xv.length];
        for (int ch = 0; ch < c; ch++) {
            for (int o = 0; o < ho * wo; o++) {
                expected[ch * h * w + sv[ch * ho * wo + o]] += dy[ch * ho * wo + o];
            }
        }
        assertArrayEquals(expected, dx.toArray());
    }

    @Property(tries = 60)
    void avgPoolBackwardMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 2) int n,
                                                 @ForAll @IntRange(min = 1, max = 3) int c,
                                                 @ForAll @IntRange(min = 1, max = 7) int h,
                                                 @ForAll @IntRange(min = 1, max = 7) int w,
                                                 @ForAll @IntRange(min = 1, max = 4) int kh,
                                                 @ForAll @IntRange(min = 1, max = 4) int kw,
                                                 @ForAll @IntRange(min = 1, max = 3) int sh,
                                                 @ForAll @IntRange(min = 1, max = 3) int sw,
                                                 @ForAll @IntRange(min = 0, max = 2) int ph,
                                                 @ForAll @IntRange(min = 0, max = 2) int pw,
                                                 @ForAll long seed) {
        PoolSpec spec = spec(h, w, kh, kw, sh, sw, ph, pw);
        Tensor x = rand(seed, n, c, h, w);
        Shape out = spec.outputShape(x.shape());
        float[] r = rand(seed + 1, out.dims()).toArray();
        Tensor dx = DEV.allocate(x.shape());
        DEV.avgPoolBackward(t(r, out.dims()), spec, dx);
        float[] g = dx.toArray();
        GradCheck.check("avgPool " + spec + " on " + x.shape(), x.toArray(), g, v -> {
            Tensor yy = DEV.allocate(out);
            DEV.avgPool(t(v, x.shape().dims()), spec, yy);
            return weighted(yy.toArray(), r);
        }, 40, 1e-2, 1e-3, seed);
        // and exactly: it is the adjoint of the (linear) forward, <avgPool(x), r> = <x, backward(r)>
        Tensor y = DEV.allocate(out);
        DEV.avgPool(x, spec, y);
        assertEquals(weighted(y.toArray(), r), weighted(x.toArray(), g), 1e-4);
    }

    // ---------------------------------------------------------------- bad arguments

    @Test
    void rejectsBadShapes() {
        PoolSpec spec = PoolSpec.of(2, 2, 0);
        Tensor x = zeros(1, 2, 4, 4);
        assertRejects("maxPool", () -> DEV.maxPool(x, spec, zeros(1, 2, 3, 3), ints(Shape.of(1, 2, 2, 2))),
                "output is 1x2x3x3, expected 1x2x2x2");
        assertRejects("maxPool", () -> DEV.maxPool(x, spec, zeros(1, 2, 2, 2), ints(Shape.of(1, 1, 2, 2))),
                "switches is 1x1x2x2");
        assertRejects("maxPool", () -> DEV.maxPool(zeros(2, 4, 4), spec, zeros(1, 2, 2, 2),
                ints(Shape.of(1, 2, 2, 2))), "2x4x4");
        assertRejects("maxPool", () -> DEV.maxPool(zeros(1, 1, 1, 1), PoolSpec.of(3, 1, 0), zeros(1, 1, 1, 1),
                ints(Shape.of(1, 1, 1, 1))), "window 3x3 is larger than the padded input 1x1x1x1");
        assertRejects("maxUnpool", () -> DEV.maxUnpool(zeros(1, 2, 2, 3), ints(Shape.of(1, 2, 2, 2)), spec, x),
                "output gradient is 1x2x2x3, expected 1x2x2x2");
        assertRejects("avgPool", () -> DEV.avgPool(x, spec, zeros(1, 2, 4, 4)), "output is 1x2x4x4");
        assertRejects("avgPoolBackward", () -> DEV.avgPoolBackward(zeros(1, 3, 2, 2), spec, x),
                "1x3x2x2", "1x2x2x2");
    }

    @Test
    void unpoolRefusesASwitchOutsideThePlaneAndWritesNothing() {
        PoolSpec spec = PoolSpec.of(2, 2, 0);
        IntTensor sw = ints(Shape.of(1, 1, 2, 2));
        DEV.write(sw, new int[] {0, 3, 16, 5});
        Tensor dx = Tensor.full(DEV, 7f, 1, 1, 4, 4);
        assertRejects("maxUnpool", () -> DEV.maxUnpool(zeros(1, 1, 2, 2), sw, spec, dx),
                "switch 16", "4x4 input plane");
        for (float v : dx.toArray()) {
            assertEquals(7f, v);
        }
    }
}
