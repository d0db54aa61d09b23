package org.convscope.vis.embed;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Exact k nearest neighbours by Euclidean (L2) distance, by a scan over every base point.
 *
 * <p>For query {@code q} and base points {@code b_j} (rows of equal length D), the distance is
 * {@code d(q, b_j)^2 = sum_d (q_d - b_jd)^2}, summed in double. The result lists, per query, the
 * {@code k} base indices of smallest distance in increasing order of distance, ties broken by the
 * smaller index. With {@code excludeSelf}, query {@code i} is base point {@code i} and never its own
 * neighbour (queries and base must then be the same rows). Cost: {@code N_q * N_b * D} subtractions
 * and multiply-adds; the queries run in parallel and the answer does not depend on the thread count.
 */
public final class Neighbours {
    private Neighbours() {
    }

    /** Indices ({@code [query][rank]}) and squared distances of the k nearest base rows of each query. */
    public record Result(int[][] index, double[][] squaredDistance) {
        /** Euclidean distance of rank {@code r} of query {@code q}. */
        public double distance(int q, int r) {
            return Math.sqrt(squaredDistance[q][r]);
        }
    }

    /**
     * The {@code k} nearest rows of {@code base} for every row of {@code queries}.
     *
     * @throws IllegalArgumentException when k is not in 1..(base points available) or rows differ in length
     */
    public static Result search(float[][] queries, float[][] base, int k, boolean excludeSelf) {
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
        int[][] idx = new int[queries.length][];
        double[][] dist = new double[queries.length][];
        IntStream.range(0, queries.length).parallel().forEach(q -> {
            // bounded max-heap of (distance, index): the root is the worst kept neighbour
            double[] hd = new double[k];
            int[] hi = new int[k];
            int size = 0;
            float[] a = queries[q];
            for (int j = 0; j < base.length; j++) {
                if (excludeSelf && j == q) {
                    continue;
                }
                double d = squaredDistance(a, base[j]);
                if (size < k) {
                    hd[size] = d;
                    hi[size] = j;
                    siftUp(hd, hi, size++);
                } else if (worse(hd[0], hi[0], d, j)) {
                    hd[0] = d;
                    hi[0] = j;
                    siftDown(hd, hi, k);
                }
            }
            Integer[] order = new Integer[k];
            for (int r = 0; r < k; r++) {
                order[r] = r;
            }
            Arrays.sort(order, (x, y) -> worse(hd[x], hi[x], hd[y], hi[y]) ? 1 : worse(hd[y], hi[y], hd[x], hi[x]) ? -1 : 0);
            idx[q] = new int[k];
            dist[q] = new double[k];
            for (int r = 0; r < k; r++) {
                idx[q][r] = hi[order[r]];
                dist[q][r] = hd[order[r]];
            }
        });
        return new Result(idx, dist);
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

    /** Whether (d1, i1) ranks after (d2, i2): farther, or as far with a larger index. */
    private static boolean worse(double d1, int i1, double d2, int i2) {
        return d1 > d2 || (d1 == d2 && i1 > i2);
    }

    private static void siftUp(double[] hd, int[] hi, int c) {
        while (c > 0) {
            int p = (c - 1) / 2;
            if (!worse(hd[c], hi[c], hd[p], hi[p])) {
                return;
            }
            swap(hd, hi, c, p);
            c = p;
        }
    }

    private static void siftDown(double[] hd, int[] hi, int n) {
        int p = 0;
        while (true) {
            int l = 2 * p + 1;
            int w = p;
            if (l < n && worse(hd[l], hi[l], hd[w], hi[w])) {
                w = l;
            }
            if (l + 1 < n && worse(hd[l + 1], hi[l + 1], hd[w], hi[w])) {
                w = l + 1;
            }
            if (w == p) {
                return;
            }
            swap(hd, hi, p, w);
            p = w;
        }
    }

    private static void swap(double[] hd, int[] hi, int a, int b) {
        double t = hd[a];
        hd[a] = hd[b];
        hd[b] = t;
        int u = hi[a];
        hi[a] = hi[b];
        hi[b] = u;
    }

    private static void checkDim(float[] r, int dim) {
        if (r.length != dim) {
            throw new IllegalArgumentException("rows of " + r.length + " and " + dim + " values");
        }
    }
}
