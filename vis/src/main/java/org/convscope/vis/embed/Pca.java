package org.convscope.vis.embed;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
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
 * large products ({@code N x D} by {@code D x l}) are float32 GEMMs on the CPU device; every small
 * factorization is EJML's, in double. Signs are fixed so each column's entry of
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
        double[] mean = columnMeans(x);
        float[] centred = new float[n * dim];
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int d = 0; d < dim; d++) {
                centred[i * dim + d] = (float) (x[i][d] - mean[d]);
            }
        });
        Device device = Devices.cpu();
        try (Tensor xt = Tensor.of(device, centred, n, dim)) {
            SplittableRandom rnd = new SplittableRandom(seed);
            DMatrixRMaj w = new DMatrixRMaj(dim, l);
            for (int e = 0; e < w.data.length; e++) {
                w.data[e] = gaussian(rnd);
            }
            DMatrixRMaj q = orthonormal(product(device, false, xt, n, dim, w));
            for (int s = 0; s < POWER_STEPS; s++) {
                q = orthonormal(product(device, false, xt, n, dim, orthonormal(product(device, true, xt, n, dim, q))));
            }
            // B = Q^T X  (l x D) = (X^T Q)^T
            DMatrixRMaj b = new DMatrixRMaj(l, dim);
            CommonOps_DDRM.transpose(product(device, true, xt, n, dim, q), b);
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(l, dim, true, false, true);
            if (!svd.decompose(b)) {
                throw new IllegalStateException("SVD failed in PCA");
            }
            DMatrixRMaj u = svd.getU(null, false);
            double[] sv = svd.getSingularValues();
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
    }

    /** {@code X M} (N x l, M is D x l) or, transposed, {@code X^T M} (D x l, M is N x l), one float32 GEMM on the CPU device. */
    private static DMatrixRMaj product(Device device, boolean transposeX, Tensor xt, int n, int dim, DMatrixRMaj m) {
        int l = m.numCols;
        float[] mf = new float[m.data.length];
        for (int e = 0; e < mf.length; e++) {
            mf[e] = (float) m.data[e];
        }
        int rows = transposeX ? dim : n;
        int inner = transposeX ? n : dim;
        try (Tensor mt = Tensor.of(device, mf, inner, l); Tensor ot = Tensor.zeros(device, rows, l)) {
            device.gemm(transposeX, false, rows, l, inner, 1f, xt, mt, 0f, ot);
            float[] o = ot.toArray();
            DMatrixRMaj out = new DMatrixRMaj(rows, l);
            for (int e = 0; e < o.length; e++) {
                out.data[e] = o[e];
            }
            return out;
        }
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

    /** The mean of each column of {@code rows} (all of one length), summed in double in row order. */
    static double[] columnMeans(float[][] rows) {
        int dim = rows[0].length;
        double[] mean = new double[dim];
        for (float[] r : rows) {
            for (int d = 0; d < dim; d++) {
                mean[d] += r[d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= rows.length;
        }
        return mean;
    }
}
