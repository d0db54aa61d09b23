package org.convscope.vis.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The nearest-neighbour search equals a plain scan that sorts every distance. */
class NeighboursTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void equalsABruteForceScan(boolean excludeSelf) {
        SplittableRandom r = new SplittableRandom(21);
        int n = 300;
        int dim = 37;
        float[][] base = new float[n][dim];
        for (float[] row : base) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) r.nextInt(-3, 4); // small integers: many equal distances, so ties are exercised
            }
        }
        base[10] = base[20].clone();
        base[30] = base[20].clone();
        float[][] queries = excludeSelf ? base : Arrays.copyOfRange(base, 5, 60);
        for (int k : new int[] {1, 7, 50}) {
            Neighbours.Result got = Neighbours.search(queries, base, k, excludeSelf);
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
                assertArrayEquals(want, got.index()[q], "query " + q + ", k " + k);
                for (int rank = 0; rank < k; rank++) {
                    assertEquals(d[want[rank]], got.squaredDistance()[q][rank], 0.0);
                }
            }
        }
    }
}
