package org.convscope.nn.data;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * AlexNet's colour augmentation (Krizhevsky et al. 2012, section 4.1): PCA of the 3x3 covariance
 * of the pixel colours of the training set (values scaled to [0, 1]) gives eigenvectors
 * {@code p_i} and eigenvalues {@code lambda_i}; each training image gets, at every pixel, the offset
 * <pre>  [p1 p2 p3] [alpha1*lambda1, alpha2*lambda2, alpha3*lambda3]^T,   alpha_i ~ N(0, sigma) (sigma 0.1)</pre>
 * drawn once per image. Here the offset is returned in the 0-255 units of the images (times 255).
 * The eigen-decomposition is EJML's symmetric one.
 */
public final class PcaColour {
    private final double[][] vectors; // vectors[i] = p_i (unit length), channel order of the data set
    private final double[] values;

    /** From given eigenvectors (rows) and eigenvalues. */
    public PcaColour(double[][] vectors, double[] values) {
        this.vectors = new double[3][];
        for (int i = 0; i < 3; i++) {
            this.vectors[i] = vectors[i].clone();
        }
        this.values = values.clone();
    }

    /** The PCA of the pixel colours of up to {@code maxImages} images of a 3-channel data set (evenly spread). */
    public static PcaColour of(Dataset d, int maxImages) {
        if (d.channels() != 3) {
            throw new IllegalArgumentException("PCA colour augmentation needs 3 channels, the data set has " + d.channels());
        }
        int n = Math.min(maxImages, d.size());
        int plane = d.height() * d.width();
        double[] sum = new double[3];
        double[][] sq = new double[3][3];
        long count = 0;
        float[] img = new float[3 * plane];
        for (int k = 0; k < n; k++) {
            int i = (int) ((long) k * d.size() / n);
            d.image(i, img, 0);
            for (int p = 0; p < plane; p++) {
                double[] v = {img[p] / 255.0, img[p + plane] / 255.0, img[p + 2 * plane] / 255.0};
                for (int a = 0; a < 3; a++) {
                    sum[a] += v[a];
                    for (int b = 0; b < 3; b++) {
                        sq[a][b] += v[a] * v[b];
                    }
                }
            }
            count += plane;
        }
        double[][] cov = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                cov[a][b] = sq[a][b] / count - (sum[a] / count) * (sum[b] / count);
            }
        }
        return ofCovariance(cov);
    }

    /** The eigen-decomposition of a 3x3 covariance (symmetric), eigenvalues in decreasing order. */
    public static PcaColour ofCovariance(double[][] cov) {
        DMatrixRMaj m = new DMatrixRMaj(cov);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(3, true, true);
        if (!eig.decompose(m)) {
            throw new IllegalArgumentException("eigen-decomposition of the colour covariance failed");
        }
        Integer[] order = {0, 1, 2};
        double[] ev = new double[3];
        for (int i = 0; i < 3; i++) {
            ev[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(ev[y], ev[x]));
        double[][] vec = new double[3][3];
        double[] val = new double[3];
        for (int k = 0; k < 3; k++) {
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            double norm = Math.sqrt(v.get(0) * v.get(0) + v.get(1) * v.get(1) + v.get(2) * v.get(2));
            for (int c = 0; c < 3; c++) {
                vec[k][c] = v.get(c) / norm;
            }
            val[k] = Math.max(0, ev[order[k]]);
        }
        return new PcaColour(vec, val);
    }

    /** Eigenvector {@code i} (unit length; {@code i = 0} has the largest eigenvalue). */
    public double[] vector(int i) {
        return vectors[i].clone();
    }

    /** Eigenvalue {@code i}, decreasing. */
    public double value(int i) {
        return values[i];
    }

    /** The per-channel offset for these alphas, in 0-255 units: {@code 255 * sum_i alpha_i lambda_i p_i}. */
    public float[] offset(double[] alphas) {
        float[] o = new float[3];
        for (int c = 0; c < 3; c++) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
                s += alphas[i] * values[i] * vectors[i][c];
            }
            o[c] = (float) (255 * s);
        }
        return o;
    }
}
