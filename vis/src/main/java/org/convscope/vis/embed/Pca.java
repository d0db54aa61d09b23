package org.convscope.vis.embed;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The leading principal-component scores of a data set ({@code N x D} rows), for initializing
 * t-SNE.
 *
 * <p>Randomized range finding (Halko, Martinsson &amp; Tropp 2011): with the centred data
 * {@code X}, a seeded Gaussian {@code D x l} matrix {@code W} ({@code l = c + 8}),
 * {@code Y = X W} refined by {@link #POWER_STEPS} power steps {@code Y = X (X^T Q)} and
 * orthonormalized ({@code Q}, EJML's QR) between them; then EJML's SVD of the small
 * {@code B = Q^T X = U S V^T} gives the scores {@code X V = Q U S}, first {@code c} columns. The
 * large products are plain loops over the rows (parallel over rows, the same result on any
 * thread count); every small factorization is EJML's. Signs are fixed so each column's entry of
 * largest magnitude is positive.
 */
public final class Pca {
    /** Power steps of the range finder. */
    public static final int POWER_STEPS = 4;
    private static final int OVERSAMPLE = 8;

    private Pca() {
    }

    /** The first {@code components} principal-component scores of {@code x} ({@code N x components}). */
    public static double[][] scores(float[][] x, int components, long seed) {
        int n = x.length;
        int dim = x[0].length;
        int l = Math.min(Math.min(n, dim), components + OVERSAMPLE);
        if (components > l) {
            throw new IllegalArgumentException(components + " components of " + n + " points in " + dim + " dimensions");
        }
        double[] mean = new double[dim];
        for (float[] r : x) {
            for (int d = 0; d < dim; d++) {
                mean[d] += r[d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= n;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        DMatrixRMaj w = new DMatrixRMaj(dim, l);
        for (int e = 0; e < w.data.length; e++) {
            w.data[e] = gaussian(rnd);
        }
        DMatrixRMaj q = orthonormal(times(x, mean, w));
        for (int s = 0; s < POWER_STEPS; s++) {
            q = orthonormal(times(x, mean, orthonormal(transposeTimes(x, mean, q))));
        }
        // B = Q^T X  (l x D) = (X^T Q)^T
        DMatrixRMaj b = new DMatrixRMaj(l, dim);
        CommonOps_DDRM.transpose(transposeTimes(x, mean, q), b);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(l, dim, true, false, true);
        if (!svd.decompose(b)) {
            throw new IllegalStateException("SVD failed in PCA");
        }
        DMatrixRMaj u = svd.getU(null, false);
        double[] sv = svd.getSingularValues();
        // order singular values, largest first
        Integer[] order = new Integer[sv.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, c) -> Double.compare(sv[c], sv[a]));
        double[][] out = new double[n][components];
        for (int c = 0; c < components; c++) {
            int k = order[c];
            double best = 0;
            for (int i = 0; i < n; i++) {
                double v = 0;
                for (int r = 0; r < l; r++) {
                    v += q.get(i, r) * u.get(r, k);
                }
                out[i][c] = v * sv[k];
                if (Math.abs(out[i][c]) > Math.abs(best)) {
                    best = out[i][c];
                }
            }
            if (best < 0) {
                for (int i = 0; i < n; i++) {
                    out[i][c] = -out[i][c];
                }
            }
        }
        return out;
    }

    /** {@code (X - mean) W}, N x l. */
    private static DMatrixRMaj times(float[][] x, double[] mean, DMatrixRMaj w) {
        int n = x.length;
        int dim = mean.length;
        int l = w.numCols;
        DMatrixRMaj out = new DMatrixRMaj(n, l);
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] acc = new double[l];
            float[] r = x[i];
            for (int d = 0; d < dim; d++) {
                double v = r[d] - mean[d];
                int base = d * l;
                for (int c = 0; c < l; c++) {
                    acc[c] += v * w.data[base + c];
                }
            }
            System.arraycopy(acc, 0, out.data, i * l, l);
        });
        return out;
    }

    /** {@code (X - mean)^T Q}, D x l (parallel over blocks of columns of X, summed in row order). */
    private static DMatrixRMaj transposeTimes(float[][] x, double[] mean, DMatrixRMaj q) {
        int n = x.length;
        int dim = mean.length;
        int l = q.numCols;
        DMatrixRMaj out = new DMatrixRMaj(dim, l);
        int block = 256;
        IntStream.range(0, (dim + block - 1) / block).parallel().forEach(bk -> {
            int d0 = bk * block;
            int d1 = Math.min(dim, d0 + block);
            for (int i = 0; i < n; i++) {
                float[] r = x[i];
                int qb = i * l;
                for (int d = d0; d < d1; d++) {
                    double v = r[d] - mean[d];
                    int ob = d * l;
                    for (int c = 0; c < l; c++) {
                        out.data[ob + c] += v * q.data[qb + c];
                    }
                }
            }
        });
        return out;
    }

    private static DMatrixRMaj orthonormal(DMatrixRMaj a) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
        if (!qr.decompose(a.copy())) {
            throw new IllegalStateException("QR failed in PCA");
        }
        return qr.getQ(null, true);
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller, one value per call
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
