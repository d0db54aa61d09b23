package org.convscope.vis.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The nearest-neighbour search equals a plain scan that sorts every distance. */
class NeighboursTest {

    /** Every implementation, counted so none is forgotten. */
    enum Impl { SCAN, GEMM }

    static Neighbours.Result run(Impl impl, float[][] q, float[][] b, int k, boolean self) {
        return switch (impl) {
            case SCAN -> Neighbours.scan(q, b, k, self);
            case GEMM -> Neighbours.gemmSearch(q, b, k, self);
        };
    }

    static float[][] integers(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] base = new float[n][dim];
        for (float[] row : base) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) r.nextInt(-3, 4); // small integers: many equal distances, so ties are exercised
            }
        }
        base[10] = base[20].clone();
        base[30] = base[20].clone();
        return base;
    }

    /** Clustered data far from the origin with small within-cluster distances: the float32 GEMM's worst case. */
    static float[][] offsetClusters(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] base = new float[n][dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                base[i][d] = (float) (1000 + 20 * ((i % 5) == (d % 5) ? 1 : 0) + 0.01 * r.nextDouble());
            }
        }
        return base;
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void everyImplementationEqualsABruteForceScan(Impl impl) {
        assertEquals(2, Impl.values().length);
        for (boolean self : new boolean[] {false, true}) {
            check(impl, integers(300, 37, 21), self);
            check(impl, offsetClusters(200, 300, 5), self);
        }
    }

    private static void check(Impl impl, float[][] base, boolean excludeSelf) {
        int n = base.length;
        int dim = base[0].length;
        float[][] queries = excludeSelf ? base : Arrays.copyOfRange(base, 5, 60);
        for (int k : new int[] {1, 7, 50}) {
            Neighbours.Result got = run(impl, queries, base, k, excludeSelf);
            for (int q = 0; q < queries.length; q++) {
                final int qq = q;
                double[] d = new double[n];
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int c = 0; c < dim; c++) {
                        double e = (double) queries[q][c] - base[j][c];
                        s += e * e;
                    }
                    d[j] = s;
                }
                Integer[] all = new Integer[n];
                for (int j = 0; j < n; j++) {
                    all[j] = j;
                }
                Arrays.sort(all, Comparator.<Integer>comparingDouble(j -> d[j]).thenComparingInt(j -> j));
                int[] want = Arrays.stream(all).filter(j -> !(excludeSelf && j == qq)).limit(k).mapToInt(Integer::intValue).toArray();
                assertArrayEquals(want, got.index()[q], impl + ": query " + q + ", k " + k + ", self " + excludeSelf);
                for (int rank = 0; rank < k; rank++) {
                    assertEquals(d[want[rank]], got.squaredDistance()[q][rank], 0.0);
                }
            }
        }
    }
}
