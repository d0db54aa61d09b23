package org.convscope.vis.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** t-SNE: its cost falls, it keeps clusters apart, Barnes-Hut at theta 0 is exact, it is seeded. */
class TsneTest {

    /** {@code clusters} isotropic Gaussian clusters (sigma 1) in {@code dim} dimensions, centres {@code spread} apart per axis. */
    static float[][] clusters(int clusters, int perCluster, int dim, double spread, long seed, int[] labels) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centres = new double[clusters][dim];
        for (double[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = spread * Pca.gaussian(r);
            }
        }
        float[][] x = new float[clusters * perCluster][dim];
        for (int i = 0; i < x.length; i++) {
            int c = i % clusters;
            labels[i] = c;
            for (int d = 0; d < dim; d++) {
                x[i][d] = (float) (centres[c][d] + Pca.gaussian(r));
            }
        }
        return x;
    }

    static double purity(double[][] y, int[] labels) {
        float[][] f = new float[y.length][];
        for (int i = 0; i < y.length; i++) {
            f[i] = new float[] {(float) y[i][0], (float) y[i][1]};
        }
        int[][] nn = Neighbours.search(f, f, 1, true).index();
        int same = 0;
        for (int i = 0; i < y.length; i++) {
            if (labels[nn[i][0]] == labels[i]) {
                same++;
            }
        }
        return same / (double) y.length;
    }

    @ParameterizedTest
    @EnumSource(Tsne.Method.class)
    void klFallsOverIterations(Tsne.Method method) {
        int[] labels = new int[150];
        float[][] x = clusters(3, 50, 10, 3, 7, labels);
        Tsne t = new Tsne(Tsne.Options.defaults().withMethod(method).withPerplexity(15).withIterations(500));
        t.init(x);
        List<Double> kl = new ArrayList<>();
        while (!t.done()) {
            kl.add(t.step());
        }
        // after the exaggeration phase the cost of the true P falls: compare windows of 50 steps
        double prev = Double.POSITIVE_INFINITY;
        for (int from = 250; from < 500; from += 50) {
            double k = kl.get(from);
            assertTrue(k <= prev + 1e-9, method + ": KL rose to " + k + " at iteration " + from + " from " + prev);
            prev = k;
        }
        assertTrue(kl.get(499) < 0.8 * kl.get(1), method + ": KL " + kl.get(1) + " -> " + kl.get(499));
        assertTrue(kl.get(499) > 0, "KL is positive");
    }

    @ParameterizedTest
    @EnumSource(Tsne.Method.class)
    void keepsSeparatedClustersApart(Tsne.Method method) {
        int[] labels = new int[250];
        float[][] x = clusters(5, 50, 20, 4, 11, labels);
        Tsne t = new Tsne(Tsne.Options.defaults().withMethod(method).withIterations(400));
        t.init(x);
        while (!t.done()) {
            t.step();
        }
        double p = purity(t.result(), labels);
        assertTrue(p > 0.95, method + ": nearest-neighbour purity " + p);
    }

    @Test
    void barnesHutAtThetaZeroIsTheExactGradient() {
        int[] labels = new int[120];
        float[][] x = clusters(4, 30, 8, 3, 3, labels);
        double[] p = Affinities.dense(x, 10);
        SplittableRandom r = new SplittableRandom(5);
        double[][] y0 = new double[x.length][2];
        for (double[] row : y0) {
            row[0] = 3 * Pca.gaussian(r);
            row[1] = 3 * Pca.gaussian(r);
        }
        y0[7] = y0[3].clone(); // two points at the same place
        double[] flat = new double[2 * x.length];
        for (int i = 0; i < x.length; i++) {
            flat[2 * i] = y0[i][0];
            flat[2 * i + 1] = y0[i][1];
        }
        Tsne exact = new Tsne(Tsne.Options.defaults().withMethod(Tsne.Method.EXACT)).init(p, y0);
        Tsne bh0 = new Tsne(Tsne.Options.defaults().withTheta(0)).init(p, y0);
        Tsne bh5 = new Tsne(Tsne.Options.defaults().withTheta(0.5)).init(p, y0);
        double[] ge = new double[flat.length];
        double[] g0 = new double[flat.length];
        double[] g5 = new double[flat.length];
        double kle = exact.gradient(flat, 4, ge);
        double kl0 = bh0.gradient(flat, 4, g0);
        bh5.gradient(flat, 4, g5);
        double scale = 0;
        for (double v : ge) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int e = 0; e < ge.length; e++) {
            assertEquals(ge[e], g0[e], 1e-10 * scale, "gradient entry " + e);
        }
        assertEquals(kle, kl0, 1e-10 * Math.abs(kle));
        // theta 0.5 approximates: relative error of the whole gradient a few percent at most, but not zero
        double err = 0;
        double norm = 0;
        for (int e = 0; e < ge.length; e++) {
            err += (g5[e] - ge[e]) * (g5[e] - ge[e]);
            norm += ge[e] * ge[e];
        }
        double rel = Math.sqrt(err / norm);
        assertTrue(rel < 0.05 && rel > 0, "theta 0.5 relative gradient error " + rel);
    }

    @ParameterizedTest
    @EnumSource(Tsne.Init.class)
    void sameSeedSameBytes(Tsne.Init init) {
        int[] labels = new int[90];
        float[][] x = clusters(3, 30, 6, 3, 1, labels);
        double[][] a = run(x, init, 9);
        double[][] b = run(x, init, 9);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0.0, "point " + i);
        }
        if (init == Tsne.Init.RANDOM) {
            double[][] c = run(x, init, 10);
            assertFalse(java.util.Arrays.deepEquals(a, c), "another seed gives another map");
        }
    }

    @Test
    void oneThreadGivesTheSameBytes() throws Exception {
        int[] labels = new int[120];
        float[][] x = clusters(4, 30, 40, 3, 2, labels);
        double[][] many = run(x, Tsne.Init.PCA, 3);
        java.util.concurrent.ForkJoinPool one = new java.util.concurrent.ForkJoinPool(1);
        try {
            double[][] single = one.submit(() -> run(x, Tsne.Init.PCA, 3)).get();
            for (int i = 0; i < many.length; i++) {
                assertArrayEquals(many[i], single[i], 0.0, "point " + i);
            }
        } finally {
            one.shutdown();
        }
    }

    private static double[][] run(float[][] x, Tsne.Init init, long seed) {
        Tsne t = new Tsne(Tsne.Options.defaults().withPerplexity(10).withIterations(120).withInit(init).withSeed(seed));
        t.init(x);
        while (!t.done()) {
            t.step();
        }
        return t.result();
    }

    @Test
    void tooFewPointsForThePerplexityIsAClearError() {
        float[][] x = new float[10][3];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tsne(Tsne.Options.defaults()).init(x));
        assertTrue(e.getMessage().contains("perplexity"), e.getMessage());
    }

    @Test
    void nanInputIsRefused() {
        float[][] x = new float[50][3];
        x[4][1] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> new Tsne(Tsne.Options.defaults().withPerplexity(5)).init(x));
    }
}
