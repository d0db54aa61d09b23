package org.convscope.vis.embed;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;

/**
 * Exact k nearest neighbours by Euclidean (L2) distance.
 *
 * <p>For query {@code q} and base points {@code b_j} (rows of equal length D), the distance is
 * {@code d(q, b_j)^2 = sum_d (q_d - b_jd)^2}, summed in double ({@link #squaredDistance}). The result
 * lists, per query, the {@code k} base indices of smallest distance in increasing order of
 * distance, ties broken by the smaller index. With {@code excludeSelf}, query {@code i} is base
 * point {@code i} and never its own neighbour (queries and base must then be the same rows).
 *
 * <p>Two implementations give the same answer: {@link #scan} (the reference: every distance,
 * {@code N_q N_b D} subtractions and multiply-adds in double) and {@link #gemmSearch}, which finds
 * candidates from {@code |a|^2 + |b|^2 - 2 a.b} with the dot products as one float32 GEMM per block of
 * queries on the CPU device (after centring the data on the base mean), and then ranks the
 * candidates by the exact distance. The candidates are certified: the float32 value {@code d~} is
 * within {@code e = 2 D u (|a|^2 + |b|^2)} of the true distance ({@code u = 2^-24}; the worst-case bound
 * of a D-term float dot product, doubled for the centring), so every j with
 * {@code d~_j - e_j <= t}, where t is the k-th smallest {@code d~_j + e_j}, is kept, and no true
 * neighbour is missed. {@link #search} picks GEMM when the work is large.
 */
public final class Neighbours {
    /** Unit roundoff of float32. */
    private static final double U = 0x1p-24;
    /** Queries per GEMM block. */
    private static final int BLOCK = 256;

    private Neighbours() {
    }

    /** Indices ({@code [query][rank]}) and squared distances of the k nearest base rows of each query. */
    public record Result(int[][] index, double[][] squaredDistance) {
        /** Euclidean distance of rank {@code r} of query {@code q}. */
        public double distance(int q, int r) {
            return Math.sqrt(squaredDistance[q][r]);
        }
    }

    /** The k nearest: {@link #gemmSearch} when {@code N_q N_b D >= 2^26} and D >= 32, else {@link #scan}. */
    public static Result search(float[][] queries, float[][] base, int k, boolean excludeSelf) {
        check(queries, base, k, excludeSelf);
        double work = (double) queries.length * base.length * base[0].length;
        return work >= (1 << 26) && base[0].length >= 32
                ? gemmSearch(queries, base, k, excludeSelf)
                : scan(queries, base, k, excludeSelf);
    }

    /** The reference: every distance in double, a bounded heap per query (queries in parallel). */
    public static Result scan(float[][] queries, float[][] base, int k, boolean excludeSelf) {
        check(queries, base, k, excludeSelf);
        int[][] idx = new int[queries.length][];
        double[][] dist = new double[queries.length][];
        IntStream.range(0, queries.length).parallel().forEach(q -> {
            TopK top = new TopK(k);
            float[] a = queries[q];
            for (int j = 0; j < base.length; j++) {
                if (!(excludeSelf && j == q)) {
                    top.offer(squaredDistance(a, base[j]), j);
                }
            }
            top.sorted(q, idx, dist);
        });
        return new Result(idx, dist);
    }

    /** Candidates from a float32 GEMM, ranked by the exact distance (see the class comment). */
    public static Result gemmSearch(float[][] queries, float[][] base, int k, boolean excludeSelf) {
        check(queries, base, k, excludeSelf);
        int nb = base.length;
        int dim = base[0].length;
        double[] mean = Pca.columnMeans(base);
        float[] bFlat = new float[nb * dim];
        double[] bNorm = new double[nb];
        centre(base, mean, bFlat, bNorm);
        double slack = 2.0 * dim * U;
        Device device = Devices.cpu();
        int[][] idx = new int[queries.length][];
        double[][] dist = new double[queries.length][];
        try (Tensor bt = Tensor.of(device, bFlat, nb, dim)) {
            for (int q0 = 0; q0 < queries.length; q0 += BLOCK) {
                int bq = Math.min(BLOCK, queries.length - q0);
                float[] qFlat = new float[bq * dim];
                double[] qNorm = new double[bq];
                centre(Arrays.copyOfRange(queries, q0, q0 + bq), mean, qFlat, qNorm);
                float[] dots;
                try (Tensor qt = Tensor.of(device, qFlat, bq, dim); Tensor ct = Tensor.zeros(device, bq, nb)) {
                    device.gemm(false, true, bq, nb, dim, 1f, qt, bt, 0f, ct);
                    dots = ct.toArray();
                }
                final int first = q0;
                IntStream.range(0, bq).parallel().forEach(r -> {
                    int q = first + r;
                    int row = r * nb;
                    TopK upper = new TopK(k);
                    double[] approx = new double[nb];
                    double[] err = new double[nb];
                    for (int j = 0; j < nb; j++) {
                        double s = qNorm[r] + bNorm[j];
                        approx[j] = s - 2.0 * dots[row + j];
                        err[j] = slack * s + 1e-30;
                        if (!(excludeSelf && j == q)) {
                            upper.offer(approx[j] + err[j], j);
                        }
                    }
                    double t = upper.worst();
                    TopK exact = new TopK(k);
                    float[] a = queries[q];
                    for (int j = 0; j < nb; j++) {
                        if (approx[j] - err[j] <= t && !(excludeSelf && j == q)) {
                            exact.offer(squaredDistance(a, base[j]), j);
                        }
                    }
                    exact.sorted(q, idx, dist);
                });
            }
        }
        return new Result(idx, dist);
    }

    /** Rows minus the mean, as float, into {@code flat}; their squared norms (of the float values) in double. */
    private static void centre(float[][] rows, double[] mean, float[] flat, double[] norm) {
        int dim = mean.length;
        IntStream.range(0, rows.length).parallel().forEach(i -> {
            double s = 0;
            for (int d = 0; d < dim; d++) {
                float v = (float) (rows[i][d] - mean[d]);
                flat[i * dim + d] = v;
                s += (double) v * v;
            }
            norm[i] = s;
        });
    }

    /** {@code sum_d (a_d - b_d)^2} in double, with four independent partial sums. */
    public static double squaredDistance(float[] a, float[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int d = 0;
        for (; d + 3 < n; d += 4) {
            double e0 = a[d] - b[d];
            double e1 = a[d + 1] - b[d + 1];
            double e2 = a[d + 2] - b[d + 2];
            double e3 = a[d + 3] - b[d + 3];
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        for (; d < n; d++) {
            double e = a[d] - b[d];
            s0 += e * e;
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void check(float[][] queries, float[][] base, int k, boolean excludeSelf) {
        int available = base.length - (excludeSelf ? 1 : 0);
        if (k < 1 || k > available) {
            throw new IllegalArgumentException("k = " + k + " nearest neighbours asked of " + available + " points");
        }
        if (excludeSelf && queries.length != base.length) {
            throw new IllegalArgumentException("excludeSelf needs the queries to be the base points");
        }
        int dim = base[0].length;
        for (float[] r : base) {
            checkDim(r, dim);
        }
        for (float[] r : queries) {
            checkDim(r, dim);
        }
    }

    private static void checkDim(float[] r, int dim) {
        if (r.length != dim) {
            throw new IllegalArgumentException("rows of " + r.length + " and " + dim + " values");
        }
    }

    /** The k best (smallest distance, then smallest index) of the offers: a bounded max-heap, worst at the root. */
    private static final class TopK {
        private final double[] hd;
        private final int[] hi;
        private int size;

        TopK(int k) {
            hd = new double[k];
            hi = new int[k];
        }

        void offer(double d, int j) {
            int k = hd.length;
            if (size < k) {
                hd[size] = d;
                hi[size] = j;
                int c = size++;
                while (c > 0) {
                    int p = (c - 1) / 2;
                    if (!worse(hd[c], hi[c], hd[p], hi[p])) {
                        break;
                    }
                    swap(c, p);
                    c = p;
                }
            } else if (worse(hd[0], hi[0], d, j)) {
                hd[0] = d;
                hi[0] = j;
                int p = 0;
                while (true) {
                    int l = 2 * p + 1;
                    int w = p;
                    if (l < k && worse(hd[l], hi[l], hd[w], hi[w])) {
                        w = l;
                    }
                    if (l + 1 < k && worse(hd[l + 1], hi[l + 1], hd[w], hi[w])) {
                        w = l + 1;
                    }
                    if (w == p) {
                        break;
                    }
                    swap(p, w);
                    p = w;
                }
            }
        }

        /** The worst kept distance (the k-th smallest once k were offered). */
        double worst() {
            return hd[0];
        }

        void sorted(int q, int[][] idx, double[][] dist) {
            Integer[] order = new Integer[size];
            for (int r = 0; r < size; r++) {
                order[r] = r;
            }
            Arrays.sort(order, (x, y) -> worse(hd[x], hi[x], hd[y], hi[y]) ? 1 : worse(hd[y], hi[y], hd[x], hi[x]) ? -1 : 0);
            idx[q] = new int[size];
            dist[q] = new double[size];
            for (int r = 0; r < size; r++) {
                idx[q][r] = hi[order[r]];
                dist[q][r] = hd[order[r]];
            }
        }

        private void swap(int a, int b) {
            double t = hd[a];
            hd[a] = hd[b];
            hd[b] = t;
            int u = hi[a];
            hi[a] = hi[b];
            hi[b] = u;
        }

        /** Whether (d1, i1) ranks after (d2, i2): farther, or as far with a larger index. */
        private static boolean worse(double d1, int i1, double d2, int i2) {
            return d1 > d2 || (d1 == d2 && i1 > i2);
        }
    }
}
