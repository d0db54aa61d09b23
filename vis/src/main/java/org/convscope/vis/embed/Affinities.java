package org.convscope.vis.embed;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The input similarities of t-SNE (van der Maaten &amp; Hinton 2008, section 2).
 *
 * <p>Conditional probabilities {@code p_j|i = exp(-beta_i d_ij^2) / sum_{k != i} exp(-beta_i d_ik^2)},
 * with {@code beta_i = 1 / (2 sigma_i^2)} found per point by binary search so that the entropy
 * {@code H(P_i) = -sum_j p_j|i ln p_j|i} equals {@code ln(perplexity)} (natural log: perplexity
 * {@code = e^H}). The joint probabilities are symmetrized: {@code p_ij = (p_j|i + p_i|j) / (2N)},
 * so that {@code sum_ij p_ij = 1}.
 *
 * <p>Exact t-SNE uses every other point ({@link #dense}); Barnes-Hut t-SNE (van der Maaten 2014)
 * only the {@code floor(3 perplexity)} nearest neighbours of each point, a sparse P ({@link #sparse}).
 */
public final class Affinities {
    /** Entropy tolerance of the binary search, in nats. */
    public static final double TOLERANCE = 1e-5;
    /** Most bisection steps per point. */
    public static final int MAX_STEPS = 200;

    private Affinities() {
    }

    /**
     * Fills {@code p} with {@code p_j = exp(-beta d_j) / sum_k exp(-beta d_k)} for the squared
     * distances {@code d} (to the other points only), with beta chosen so that the entropy of p is
     * {@code ln(perplexity)}. The distances are shifted by their minimum first (p does not change),
     * so large distances do not underflow. Returns beta.
     */
    public static double calibrate(double[] d, double perplexity, double[] p) {
        int n = d.length;
        if (n == 0) {
            return 1;
        }
        double min = Double.POSITIVE_INFINITY;
        double mean = 0;
        for (double v : d) {
            min = Math.min(min, v);
            mean += v;
        }
        mean = mean / n - min;
        double target = Math.log(perplexity);
        double beta = mean > 0 ? 1 / mean : 1;
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        for (int step = 0; step < MAX_STEPS; step++) {
            double h = fill(d, min, beta, p);
            double diff = h - target;
            if (Math.abs(diff) < TOLERANCE) {
                break;
            }
            if (diff > 0) { // too flat: narrower kernel
                lo = beta;
                beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
        fill(d, min, beta, p);
        return beta;
    }

    /** Sets p to the normalized kernel and returns its entropy (nats). */
    private static double fill(double[] d, double min, double beta, double[] p) {
        double sum = 0;
        for (int j = 0; j < d.length; j++) {
            p[j] = Math.exp(-beta * (d[j] - min));
            sum += p[j];
        }
        double dot = 0;
        for (int j = 0; j < d.length; j++) {
            p[j] /= sum;
            dot += p[j] * (d[j] - min);
        }
        // H = ln(sum) + beta * sum_j p_j (d_j - min)
        return Math.log(sum) + beta * dot;
    }

    /** Entropy in nats of a probability vector (0 ln 0 = 0). */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    /** Checks that the perplexity is positive and smaller than the neighbours a point has. */
    static void checkPerplexity(double perplexity, int n) {
        if (!(perplexity > 0) || perplexity >= n - 1) {
            throw new IllegalArgumentException("perplexity " + perplexity + " needs more than " + (int) Math.ceil(perplexity + 1)
                    + " points (t-SNE got " + n + "); lower --perplexity");
        }
    }

    /** The dense symmetric P ({@code N x N}, row-major, zero diagonal) from every pair's distance. */
    public static double[] dense(float[][] x, double perplexity) {
        int n = x.length;
        checkPerplexity(perplexity, n);
        double[] cond = new double[n * n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] d = new double[n - 1];
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    d[k++] = Neighbours.squaredDistance(x[i], x[j]);
                }
            }
            double[] p = new double[n - 1];
            calibrate(d, perplexity, p);
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    cond[i * n + j] = p[k++];
                }
            }
        });
        double[] joint = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                joint[i * n + j] = (cond[i * n + j] + cond[j * n + i]) / (2.0 * n);
            }
        }
        return joint;
    }

    /**
     * The sparse symmetric P of Barnes-Hut t-SNE: {@code p_j|i} over the
     * {@code K = min(N - 1, floor(3 perplexity))} nearest neighbours of each point (zero elsewhere),
     * then {@code p_ij = (p_j|i + p_i|j) / (2N)}.
     */
    public static SparseP sparse(float[][] x, double perplexity) {
        int n = x.length;
        checkPerplexity(perplexity, n);
        int k = Math.min(n - 1, (int) Math.floor(3 * perplexity));
        Neighbours.Result nn = Neighbours.search(x, x, k, true);
        return sparse(nn, perplexity);
    }

    /** The sparse symmetric P from given nearest neighbours ({@code k} per point). */
    public static SparseP sparse(Neighbours.Result nn, double perplexity) {
        int n = nn.index().length;
        int k = nn.index()[0].length;
        double[][] cond = new double[n][k];
        IntStream.range(0, n).parallel().forEach(i -> calibrate(nn.squaredDistance()[i], perplexity, cond[i]));
        // both directions of every entry, sorted by (row, column), duplicates summed
        long[] keys = new long[2 * n * k];
        double[] vals = new double[2 * n * k];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < k; r++) {
                int j = nn.index()[i][r];
                keys[m] = (long) i * n + j;
                vals[m++] = cond[i][r];
                keys[m] = (long) j * n + i;
                vals[m++] = cond[i][r];
            }
        }
        Integer[] order = new Integer[m];
        for (int e = 0; e < m; e++) {
            order[e] = e;
        }
        Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        int[] rowStart = new int[n + 1];
        int[] col = new int[m];
        double[] val = new double[m];
        int nnz = 0;
        long last = -1;
        for (int e = 0; e < m; e++) {
            int o = order[e];
            if (keys[o] == last) {
                val[nnz - 1] += vals[o];
            } else {
                last = keys[o];
                col[nnz] = (int) (keys[o] % n);
                val[nnz] = vals[o];
                rowStart[(int) (keys[o] / n) + 1]++;
                nnz++;
            }
        }
        for (int i = 0; i < n; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        for (int e = 0; e < nnz; e++) {
            val[e] /= 2.0 * n;
        }
        return new SparseP(n, rowStart, Arrays.copyOf(col, nnz), Arrays.copyOf(val, nnz));
    }

    /** The sparse form of a dense P: every non-zero entry (tests use it to compare gradients on the same P). */
    public static SparseP toSparse(double[] dense, int n) {
        int[] rowStart = new int[n + 1];
        int nnz = 0;
        for (double v : dense) {
            if (v != 0) {
                nnz++;
            }
        }
        int[] col = new int[nnz];
        double[] val = new double[nnz];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = dense[i * n + j];
                if (v != 0) {
                    col[e] = j;
                    val[e++] = v;
                }
            }
            rowStart[i + 1] = e;
        }
        return new SparseP(n, rowStart, col, val);
    }

    /**
     * A symmetric P in compressed rows: row {@code i}'s entries are {@code col[rowStart[i] .. rowStart[i+1])}
     * with values {@code val[...]}.
     */
    public record SparseP(int n, int[] rowStart, int[] col, double[] val) {
        /** Number of stored entries. */
        public int nonZeros() {
            return val.length;
        }
    }
}
