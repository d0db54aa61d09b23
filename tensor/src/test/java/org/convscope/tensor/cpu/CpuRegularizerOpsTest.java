package org.convscope.tensor.cpu;

import static org.convscope.tensor.cpu.CpuTesting.DEV;
import static org.convscope.tensor.cpu.CpuTesting.assertRejects;
import static org.convscope.tensor.cpu.CpuTesting.rand;
import static org.convscope.tensor.cpu.CpuTesting.t;
import static org.convscope.tensor.cpu.CpuTesting.weighted;
import static org.convscope.tensor.cpu.CpuTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.GradCheck;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The ops that let the image optimizations stay on the device: sign and powers, Adam's update,
 * counting and percentiles, per-pixel maps, total variation and the counter-based random fills;
 * each against values written out by hand, an independent loop, or finite differences.
 */
class CpuRegularizerOpsTest {

    // ---------------------------------------------------------------- abs, sign, |x|^p

    @Test
    void absAndSignByHand() {
        Tensor x = t(new float[] {2.5f, -3f, 0f, -0f, Float.NaN}, 5);
        Tensor y = zeros(5);
        DEV.abs(x, y);
        assertArrayEquals(new float[] {2.5f, 3f, 0f, 0f, Float.NaN}, y.toArray());
        DEV.sign(x, y);
        float[] s = y.toArray();
        assertArrayEquals(new float[] {1f, -1f, 0f, -0f, Float.NaN}, s);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(s[3]), "sign keeps a negative zero");
    }

    @Test
    void absPowByHand() {
        Tensor x = t(new float[] {2f, -2f, 0f, 0.5f}, 4);
        Tensor y = zeros(4);
        DEV.absPow(x, 6f, y);
        assertArrayEquals(new float[] {64f, 64f, 0f, 0.015625f}, y.toArray());
        DEV.absPowGradient(x, 6f, y);
        assertArrayEquals(new float[] {192f, -192f, 0f, 0.1875f}, y.toArray());
        DEV.absPowGradient(x, 1f, y);
        assertArrayEquals(new float[] {1f, -1f, 0f, 1f}, y.toArray(), "p = 1: the sign, 0 at the kink");
    }

    @Property(tries = 30)
    void absPowGradientMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 40) int size,
                                                @ForAll @IntRange(min = 0, max = 3) int which, @ForAll long seed) {
        float p = new float[] {1f, 1.5f, 2f, 6f}[which];
        Tensor x = Tensor.uniform(DEV, seed, -2f, 2f, size);
        float[] r = rand(seed + 1, size).toArray();
        Tensor g = zeros(size);
        DEV.absPowGradient(x, p, g);
        float[] gr = g.toArray();
        for (int i = 0; i < size; i++) {
            gr[i] *= r[i];
        }
        GradCheck.check("|x|^" + p, x.toArray(), gr, v -> {
            Tensor y = zeros(size);
            DEV.absPow(t(v, size), p, y);
            return weighted(y.toArray(), r);
        }, 40, 1e-3, 2e-3, seed);
    }

    @Test
    void powersRejectBadExponents() {
        Tensor x = zeros(3);
        assertRejects("absPow", () -> DEV.absPow(x, 0f, x), "exponent", "> 0");
        assertRejects("absPowGradient", () -> DEV.absPowGradient(x, 0.5f, x), "exponent", ">= 1");
        assertRejects("abs", () -> DEV.abs(x, zeros(4)), "input is 3", "output is 4");
    }

    // ---------------------------------------------------------------- Adam

    @Test
    void adamFollowsItsFormulaOverThreeSteps() {
        int n = 50;
        float[] x0 = rand(1, n).toArray();
        Tensor x = t(x0, n);
        Tensor m = zeros(n);
        Tensor v = zeros(n);
        double[] xe = new double[n];
        double[] me = new double[n];
        double[] ve = new double[n];
        for (int i = 0; i < n; i++) {
            xe[i] = x0[i];
        }
        float lr = 0.1f;
        for (int step = 1; step <= 3; step++) {
            float[] g = rand(10 + step, n).toArray();
            DEV.adamUpdate(x, t(g, n), m, v, lr, 0.9f, 0.999f, 1e-8f, step);
            for (int i = 0; i < n; i++) {
                me[i] = 0.9 * me[i] + 0.1 * g[i];
                ve[i] = 0.999 * ve[i] + 0.001 * g[i] * g[i];
                xe[i] -= lr * (me[i] / (1 - Math.pow(0.9, step))) / (Math.sqrt(ve[i] / (1 - Math.pow(0.999, step))) + 1e-8);
            }
        }
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = (float) xe[i];
        }
        Approx.assertClose("x after three Adam steps", expected, x.toArray());
    }

    @Test
    void adamsFirstStepMovesEachElementByTheLearningRate() {
        // at t = 1 the bias corrections cancel: x - lr * g / (|g| + eps)
        Tensor x = t(new float[] {1f, 1f, 1f}, 3);
        DEV.adamUpdate(x, t(new float[] {3f, -0.5f, 0f}, 3), zeros(3), zeros(3), 0.25f, 0.9f, 0.999f, 1e-8f, 1);
        Approx.assertClose("x", new float[] {0.75f, 1.25f, 1f}, x.toArray());
        assertRejects("adamUpdate", () -> DEV.adamUpdate(x, x, x, x, 0.1f, 0.9f, 0.999f, 1e-8f, 0), "counts from 1");
        assertRejects("adamUpdate", () -> DEV.adamUpdate(x, zeros(4), x, x, 0.1f, 0.9f, 0.999f, 1e-8f, 1), "gradient");
    }

    // ---------------------------------------------------------------- counting and percentiles

    @Property(tries = 60)
    void kthSmallestIsTheSortedElement(@ForAll @IntRange(min = 1, max = 300) int size, @ForAll boolean ties,
                                       @ForAll boolean specials, @ForAll long seed) {
        float[] v = Tensor.uniform(DEV, seed, -5f, 5f, size).toArray();
        if (ties) {
            for (int i = 0; i < size; i++) {
                v[i] = Math.round(v[i]);
            }
        }
        if (specials && size >= 4) {
            v[0] = -0f;
            v[1] = Float.NEGATIVE_INFINITY;
            v[2] = Float.MIN_VALUE;
            v[3] = -Float.MAX_VALUE;
        }
        Tensor x = t(v, size);
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        SplittableRandom r = new SplittableRandom(seed);
        for (int k : new int[] {0, size - 1, r.nextInt(size), size / 2}) {
            float got = DEV.kthSmallest(x, k);
            assertEquals(sorted[k] == 0f ? 0f : sorted[k], got, "k = " + k + " of " + Arrays.toString(v));
            int below = 0;
            for (float e : v) {
                below += e < sorted[k] ? 1 : 0;
            }
            assertEquals(below, DEV.countBelow(x, sorted[k]));
        }
    }

    @Test
    void countBelowAndKthSmallestWithInfinitiesAndNaN() {
        Tensor x = t(new float[] {Float.NaN, 1f, Float.POSITIVE_INFINITY, -2f}, 4);
        assertEquals(2, DEV.countBelow(x, Float.POSITIVE_INFINITY));
        assertEquals(0, DEV.countBelow(x, Float.NaN));
        assertEquals(-2f, DEV.kthSmallest(x, 0));
        assertEquals(1f, DEV.kthSmallest(x, 1));
        assertEquals(Float.POSITIVE_INFINITY, DEV.kthSmallest(x, 2));
        assertEquals(Float.POSITIVE_INFINITY, DEV.kthSmallest(x, 3), "NaN sorts last and comes back as +inf");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DEV.kthSmallest(x, 4));
        assertTrue(e.getMessage().startsWith("kthSmallest: k = 4"), e.getMessage());
    }

    @Test
    void oneHotArgmaxByHand() {
        // rows: a clear max, a tie (the first wins), a NaN (never wins), all equal
        Tensor x = t(new float[] {1, 3, 2, 5, 0, 5, Float.NaN, -1, -2, 4, 4, 4}, 4, 3);
        Tensor y = zeros(4, 3);
        DEV.oneHotArgmax(x, y);
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0}, y.toArray());
        assertRejects("oneHotArgmax", () -> DEV.oneHotArgmax(x, x), "must not be the input");
        assertRejects("oneHotArgmax", () -> DEV.oneHotArgmax(zeros(12), zeros(12)), "R x Q");
    }

    // ---------------------------------------------------------------- per-pixel maps

    @Test
    void channelMapsAndZeroingByHand() {
        // 1 x 2 x 1 x 3: channel 0 = (3, 0, 1), channel 1 = (4, 0, -1)
        Tensor x = t(new float[] {3, 0, 1, 4, 0, -1}, 1, 2, 1, 3);
        Tensor map = zeros(1, 1, 1, 3);
        DEV.channelNorm(x, map);
        Approx.assertClose("norm", new float[] {5, 0, (float) Math.sqrt(2)}, map.toArray());
        DEV.channelDot(x, t(new float[] {1, 1, 2, 1, 1, 2}, 1, 2, 1, 3), map);
        assertArrayEquals(new float[] {7, 0, 0}, map.toArray());
        Tensor y = zeros(1, 2, 1, 3);
        DEV.zeroWhereBelow(x, t(new float[] {2, 1, Float.NaN}, 1, 1, 1, 3), 1.5f, y);
        assertArrayEquals(new float[] {3, 0, 1, 4, 0, -1}, y.toArray());
        DEV.zeroWhereBelow(x, t(new float[] {1, 2, 0}, 1, 1, 1, 3), 1.5f, x);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, x.toArray(), "in place; pixels 0 and 2 zeroed");
        assertRejects("channelNorm", () -> DEV.channelNorm(x, zeros(1, 2, 1, 3)), "output", "1x1x1x3");
        assertRejects("zeroWhereBelow", () -> DEV.zeroWhereBelow(x, zeros(1, 2, 1, 3), 0f, x), "map", "1x1x1x3");
    }

    @Property(tries = 30)
    void channelMapsMatchAPlainLoop(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 5) int c,
                                    @ForAll @IntRange(min = 1, max = 6) int h, @ForAll @IntRange(min = 1, max = 6) int w,
                                    @ForAll long seed) {
        float[] a = rand(seed, n, c, h, w).toArray();
        float[] b = rand(seed + 1, n, c, h, w).toArray();
        Tensor norm = zeros(n, 1, h, w);
        Tensor dot = zeros(n, 1, h, w);
        DEV.channelNorm(t(a, n, c, h, w), norm);
        DEV.channelDot(t(a, n, c, h, w), t(b, n, c, h, w), dot);
        float[] en = new float[n * h * w];
        float[] ed = new float[n * h * w];
        for (int item = 0; item < n; item++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double sn = 0;
                    double sd = 0;
                    for (int k = 0; k < c; k++) {
                        int at = ((item * c + k) * h + i) * w + j;
                        sn += a[at] * a[at];
                        sd += a[at] * b[at];
                    }
                    en[(item * h + i) * w + j] = (float) Math.sqrt(sn);
                    ed[(item * h + i) * w + j] = (float) sd;
                }
            }
        }
        Approx.assertClose("channelNorm", en, norm.toArray());
        Approx.assertClose("channelDot", ed, dot.toArray());
    }

    // ---------------------------------------------------------------- total variation

    @Test
    void totalVariationByHand() {
        // 1 x 1 x 2 x 2: [[0, 1], [2, 0]]: one term at (0, 0): dh = 1, dv = 2 -> 5^(b/2)
        Tensor x = t(new float[] {0, 1, 2, 0}, 1, 1, 2, 2);
        assertEquals(5f, DEV.totalVariation(x, 2f, null), 1e-6);
        assertEquals((float) Math.sqrt(5), DEV.totalVariation(x, 1f, null), 1e-6);
        Tensor g = zeros(1, 1, 2, 2);
        DEV.totalVariation(x, 2f, g);
        // b = 2: s = 2; (0,1) gets 2*1, (1,0) gets 2*2, (0,0) gets -2*(1+2)
        assertArrayEquals(new float[] {-6, 2, 4, 0}, g.toArray());
        assertEquals(0f, DEV.totalVariation(Tensor.full(DEV, 3f, 1, 1, 2, 2), 1f, g));
        assertArrayEquals(new float[4], g.toArray(), "flat image: zero (sub)gradient");
        assertRejects("totalVariation", () -> DEV.totalVariation(x, 0f, null), "beta");
        assertRejects("totalVariation", () -> DEV.totalVariation(x, 2f, x), "must not be the input");
    }

    @Property(tries = 20)
    void totalVariationGradientMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 2) int n,
                                                        @ForAll @IntRange(min = 1, max = 3) int c,
                                                        @ForAll @IntRange(min = 2, max = 7) int h,
                                                        @ForAll @IntRange(min = 2, max = 7) int w,
                                                        @ForAll @IntRange(min = 0, max = 2) int which,
                                                        @ForAll long seed) {
        float beta = new float[] {1f, 1.5f, 2f}[which];
        int[] dims = {n, c, h, w};
        Tensor x = rand(seed, dims);
        Tensor g = zeros(dims);
        DEV.totalVariation(x, beta, g);
        GradCheck.check("TV beta=" + beta + " " + Shape.of(dims), x.toArray(), g.toArray(),
                v -> DEV.totalVariation(t(v, dims), beta, null), 40, 1e-3, 2e-2, seed);
    }

    // ---------------------------------------------------------------- random fills

    @Test
    void uniformBitsAreSplittableRandomsSequence() {
        // SplittableRandom(seed).nextLong() is SplitMix64 of seed + (i+1) * gamma: the same counter hash
        long seed = 0x1234_5678_9abcL;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 100; i++) {
            assertEquals(r.nextLong(), CpuRandom.hash(seed, i), "element " + i);
        }
        Tensor y = zeros(100);
        DEV.randomUniform(y, seed, -1f, 3f);
        r = new SplittableRandom(seed);
        float[] v = y.toArray();
        for (int i = 0; i < 100; i++) {
            float u = (r.nextLong() >>> 40) * 0x1p-24f;
            assertEquals(-1f + 4f * u, v[i], "element " + i);
        }
    }

    @Test
    void randomFillsHaveTheirMomentsAndDependOnTheSeedAlone() {
        int n = 200_000;
        Tensor u = zeros(n);
        DEV.randomUniform(u, 7, 2f, 4f);
        Tensor z = zeros(n);
        DEV.randomNormal(z, 7, 1f, 3f);
        double[] mu = moments(u.toArray());
        double[] mz = moments(z.toArray());
        assertEquals(3.0, mu[0], 0.01);
        assertEquals(4.0 / 12, mu[1], 0.01);
        assertTrue(mu[2] >= 2 && mu[3] < 4, "uniform within [2, 4): " + mu[2] + ".." + mu[3]);
        assertEquals(1.0, mz[0], 0.03);
        assertEquals(9.0, mz[1], 0.1);
        assertTrue(mz[2] >= 1 - 18 && mz[3] <= 1 + 18, "Irwin-Hall stays within 6 std");
        Tensor again = zeros(n);
        DEV.randomNormal(again, 7, 1f, 3f);
        assertArrayEquals(z.toArray(), again.toArray(), "same seed, same values");
        DEV.randomNormal(again, 8, 1f, 3f);
        assertNotEquals(z.toArray()[0], again.toArray()[0], "another seed, other values");
        Tensor prefix = zeros(10);
        DEV.randomUniform(prefix, 7, 2f, 4f);
        assertArrayEquals(Arrays.copyOf(u.toArray(), 10), prefix.toArray(), "each value depends on (seed, index) only");
        assertRejects("randomUniform", () -> DEV.randomUniform(u, 1, 1f, 0f), "lo <= hi");
        assertRejects("randomNormal", () -> DEV.randomNormal(u, 1, 0f, -1f), "std >= 0");
    }

    /** mean, variance, min, max */
    private static double[] moments(float[] v) {
        double s = 0;
        double s2 = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            s += f;
            s2 += (double) f * f;
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        double mean = s / v.length;
        return new double[] {mean, s2 / v.length - mean * mean, lo, hi};
    }
}
