package org.convscope.vis.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Perplexity calibration and the symmetric P. */
class AffinitiesTest {

    @ParameterizedTest
    @ValueSource(doubles = {2, 5, 30, 80})
    void calibrationReachesTheTargetEntropy(double perplexity) {
        SplittableRandom r = new SplittableRandom(3);
        for (double scale : new double[] {1e-3, 1, 1e4}) { // tiny, unit, and fc7-sized squared distances
            double[] d = new double[199];
            for (int j = 0; j < d.length; j++) {
                d[j] = scale * (50 + 30 * r.nextDouble());
            }
            double[] p = new double[d.length];
            double beta = Affinities.calibrate(d, perplexity, p);
            assertTrue(beta > 0);
            double sum = 0;
            for (double v : p) {
                sum += v;
            }
            assertEquals(1, sum, 1e-12);
            assertEquals(Math.log(perplexity), Affinities.entropy(p), 1e-4,
                    "entropy at perplexity " + perplexity + ", distances x" + scale);
        }
    }

    @Test
    void sparsePIsSymmetricAndSumsToOne() {
        int[] labels = new int[100];
        float[][] x = TsneTest.clusters(2, 50, 5, 2, 4, labels);
        Affinities.SparseP p = Affinities.sparse(x, 10);
        double sum = 0;
        java.util.Map<Long, Double> m = new java.util.HashMap<>();
        for (int i = 0; i < p.n(); i++) {
            for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
                sum += p.val()[e];
                m.put((long) i * p.n() + p.col()[e], p.val()[e]);
                assertTrue(p.col()[e] != i, "no diagonal");
            }
        }
        assertEquals(1, sum, 1e-12);
        m.forEach((k, v) -> assertEquals(v, m.get((k % 100) * 100 + k / 100), 1e-15, "p_ij = p_ji"));
        assertTrue(p.nonZeros() >= 100 * 30 && p.nonZeros() <= 2 * 100 * 30);
        double[] dense = Affinities.dense(x, 10);
        double dsum = 0;
        for (double v : dense) {
            dsum += v;
        }
        assertEquals(1, dsum, 1e-12);
    }
}
