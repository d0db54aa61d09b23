package org.convscope.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.convscope.tensor.Shape;
import org.convscope.tensor.cpu.CpuGemm.Variant;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every form of {@link CpuGemm} against the reference; the Gram matrix and its gradient. */
class CpuGemmTest {

    @Test
    void everyVariantIsCounted() {
        assertEquals(2, Variant.values().length, "update the tests for the new gemm variant");
    }

    /** [[1,2],[3,4]] [[5,6],[7,8]] = [[19,22],[43,50]], in every transpose layout of the same matrices. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void twoByTwoByHand(Variant v) {
        float[] a = {1, 2, 3, 4};
        float[] at = {1, 3, 2, 4};
        float[] b = {5, 6, 7, 8};
        float[] bt = {5, 7, 6, 8};
        float[] expected = {19, 22, 43, 50};
        for (int layout = 0; layout < 4; layout++) {
            boolean ta = (layout & 1) != 0;
            boolean tb = (layout & 2) != 0;
            float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
            CpuGemm.gemm(v, ta, tb, 2, 2, 2, 1f, ta ? at : a, 0, 2, tb ? bt : b, 0, 2, 0f, c, 0, 2);
            assertArrayEquals(expected, c, "transA " + ta + " transB " + tb);
        }
        // alpha and beta: C = 2 A B + 0.5 C
        float[] c = {2, 2, 2, 2};
        CpuGemm.gemm(v, false, false, 2, 2, 2, 2f, a, 0, 2, b, 0, 2, 0.5f, c, 0, 2);
        assertArrayEquals(new float[]{39, 45, 87, 101}, c);
    }

    /**
     * Fast == reference for all four transpose combinations, odd sizes that cross the block
     * edges (64 rows, 512 columns, 128 inner), alpha and beta, and beta == 0 over NaN.
     */
    @Property(tries = 40)
    void fastEqualsReference(@ForAll @IntRange(min = 1, max = 150) int m,
                             @ForAll @IntRange(min = 1, max = 600) int n,
                             @ForAll @IntRange(min = 1, max = 300) int k,
                             @ForAll boolean transA, @ForAll boolean transB,
                             @ForAll @IntRange(min = 0, max = 3) int betaCase,
                             @ForAll long seed) {
        float alpha = betaCase == 3 ? -0.75f : 1f;
        float beta = new float[]{0f, 1f, -0.5f, 2f}[betaCase];
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] c0 = random(r, m * n);
        if (beta == 0) {
            Arrays.fill(c0, Float.NaN);
        }
        float[] expected = c0.clone();
        CpuGemm.gemm(Variant.REFERENCE, transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0,
                transB ? k : n, beta, expected, 0, n);
        for (Variant v : Variant.values()) {
            float[] c = c0.clone();
            CpuGemm.gemm(v, transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
            Approx.assertCloseScaled(v + " " + m + "x" + n + "x" + k + " transA " + transA + " transB " + transB
                    + " alpha " + alpha + " beta " + beta, expected, c, 1e-5);
        }
    }

    /** Sizes just past every block edge, large enough for the threads to share the work. */
    @Test
    void fastEqualsReferenceAcrossBlockEdges() {
        // ... and the skinny form (up to 4 rows, B transposed): {1, 1100, 3}, {3, 700, 2049}
        int[][] sizes = {{65, 513, 129}, {1, 1100, 3}, {200, 17, 300}, {130, 1030, 257}, {64, 512, 128},
                {3, 700, 2049}, {5, 300, 1000}};
        SplittableRandom r = new SplittableRandom(7);
        for (int[] size : sizes) {
            int m = size[0];
            int n = size[1];
            int k = size[2];
            for (int layout = 0; layout < 4; layout++) {
                boolean ta = (layout & 1) != 0;
                boolean tb = (layout & 2) != 0;
                float[] a = random(r, m * k);
                float[] b = random(r, k * n);
                float[] c0 = random(r, m * n);
                float[] expected = c0.clone();
                float[] c = c0.clone();
                CpuGemm.gemm(Variant.REFERENCE, ta, tb, m, n, k, 0.5f, a, 0, ta ? m : k, b, 0, tb ? k : n, 1.5f,
                        expected, 0, n);
                CpuGemm.gemm(ta, tb, m, n, k, 0.5f, a, 0, b, 0, 1.5f, c, 0);
                Approx.assertCloseScaled("fast " + m + "x" + n + "x" + k + " transA " + ta + " transB " + tb,
                        expected, c, 1e-5);
            }
        }
    }

    /** The device entry point (natural leading dimensions, offsets) agrees with the full form. */
    @Property(tries = 20)
    void offsetsAndLeadingDimensionsAddressSubmatrices(@ForAll @IntRange(min = 1, max = 40) int m,
                                                       @ForAll @IntRange(min = 1, max = 40) int n,
                                                       @ForAll @IntRange(min = 1, max = 40) int k,
                                                       @ForAll @IntRange(min = 0, max = 5) int pad,
                                                       @ForAll boolean transA, @ForAll long seed) {
        // A lives inside a larger array: offset 7, rows of length (natural + pad)
        SplittableRandom r = new SplittableRandom(seed);
        int lda = (transA ? m : k) + pad;
        int ldc = n + pad;
        float[] a = random(r, 7 + lda * (transA ? k : m));
        float[] b = random(r, k * n);
        float[] c = new float[3 + ldc * m];
        Arrays.fill(c, 42f);
        CpuGemm.gemm(Variant.FAST, transA, false, m, n, k, 1f, a, 7, lda, b, 0, n, 0f, c, 3, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) (transA ? a[7 + p * lda + i] : a[7 + i * lda + p]) * b[p * n + j];
                }
                assertEquals(s, c[3 + i * ldc + j], 1e-4 * Math.max(1, Math.abs(s)), "C[" + i + "," + j + "]");
            }
            for (int j = n; j < ldc && 3 + i * ldc + j < c.length; j++) {
                assertEquals(42f, c[3 + i * ldc + j], "padding of row " + i + " untouched");
            }
        }
        assertEquals(42f, c[0]);
    }

    /** {@code g[n][i][j] = sum_p x[n,i,p] x[n,j,p]} directly, for every variant. */
    @Property(tries = 30)
    void gramIsTheDirectSum(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 20) int c,
                            @ForAll @IntRange(min = 1, max = 9) int h, @ForAll @IntRange(min = 1, max = 9) int w,
                            @ForAll long seed) {
        Shape s = Shape.of(n, c, h, w);
        float[] x = random(new SplittableRandom(seed), s.size());
        int hw = h * w;
        float[] expected = new float[n * c * c];
        for (int item = 0; item < n; item++) {
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    double sum = 0;
                    for (int p = 0; p < hw; p++) {
                        sum += (double) x[(item * c + i) * hw + p] * x[(item * c + j) * hw + p];
                    }
                    expected[(item * c + i) * c + j] = (float) sum;
                }
            }
        }
        for (Variant v : Variant.values()) {
            float[] g = new float[n * c * c];
            Arrays.fill(g, Float.NaN);
            CpuGemm.gram(v, x, s, g);
            Approx.assertCloseScaled(v + " gram " + s, expected, g, 1e-5);
        }
    }

    /** Maps long enough for the fast form to split the positions in parts (the last one short or empty). */
    @Property(tries = 8)
    void gramOverManyPositionsIsTheDirectSum(@ForAll @IntRange(min = 5, max = 40) int c,
                                             @ForAll @IntRange(min = 32, max = 70) int h,
                                             @ForAll @IntRange(min = 32, max = 37) int w, @ForAll long seed) {
        Shape s = Shape.of(1, c, h, w);
        Assume.that(h * w >= CpuGemm.GRAM_SPLIT_MIN && c <= CpuGemm.GRAM_SPLIT_MAX_C);
        float[] x = random(new SplittableRandom(seed), s.size());
        int hw = h * w;
        float[] expected = new float[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                double sum = 0;
                for (int p = 0; p < hw; p++) {
                    sum += (double) x[i * hw + p] * x[j * hw + p];
                }
                expected[i * c + j] = (float) sum;
            }
        }
        float[] g = new float[c * c];
        Arrays.fill(g, Float.NaN);
        CpuGemm.gram(Variant.FAST, x, s, g);
        Approx.assertCloseScaled("fast gram " + s, expected, g, 1e-5);
    }

    /** {@code L = sum gram(x) * r}: its gradient is {@code gramBackward(x, dg = r)}. */
    @Property(tries = 30)
    void gramBackwardIsTheGradient(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 6) int c,
                                   @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 5) int w,
                                   @ForAll long seed) {
        Shape s = Shape.of(n, c, h, w);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = random(rnd, s.size());
        float[] r = random(rnd, n * c * c);
        for (Variant v : Variant.values()) {
            float[] dx = new float[x.length];
            CpuGemm.gramBackward(v, x, s, r, dx);
            GradCheck.check(v + " gramBackward " + s, x, dx, xs -> {
                float[] g = new float[n * c * c];
                CpuGemm.gram(Variant.REFERENCE, xs, s, g);
                double sum = 0;
                for (int i = 0; i < g.length; i++) {
                    sum += (double) g[i] * r[i];
                }
                return sum;
            }, 40, 1e-2, 2e-3, seed);
        }
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }
}
