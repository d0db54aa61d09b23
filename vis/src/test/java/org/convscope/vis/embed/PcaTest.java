package org.convscope.vis.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.simple.SimpleMatrix;
import org.ejml.simple.SimpleSVD;
import org.junit.jupiter.api.Test;

/** The randomized PCA scores equal those of a full SVD of the centred data (up to sign). */
class PcaTest {
    @Test
    void scoresEqualAFullSvd() {
        float[][] x = TsneTest.clusters(6, 40 - 6, 60, 3, 13, new int[6 * 34]);
        int n = x.length;
        int dim = x[0].length;
        double[][] got = Pca.scores(x, 2, 3);
        SimpleMatrix m = new SimpleMatrix(n, dim);
        for (int d = 0; d < dim; d++) {
            double mean = 0;
            for (float[] r : x) {
                mean += r[d];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                m.set(i, d, x[i][d] - mean);
            }
        }
        SimpleSVD<SimpleMatrix> svd = m.svd(true);
        double[] sv = svd.getSingularValues();
        Integer[] order = new Integer[sv.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(sv[b], sv[a]));
        SimpleMatrix u = svd.getU();
        for (int c = 0; c < 2; c++) {
            double sign = Math.signum(u.get(0, order[c]) * sv[order[c]] * got[0][c]);
            double scale = sv[order[c]];
            for (int i = 0; i < n; i++) {
                double want = sign * u.get(i, order[c]) * sv[order[c]];
                assertEquals(want, got[i][c], 1e-3 * scale, "component " + c + ", point " + i);
            }
        }
    }
}
