package org.convscope.kernels;

import org.jocl.cl_kernel;

/**
 * Launches the kernels of {@code reduce.cl}: reductions to host scalars (each work-group writes
 * one partial, the host adds them in double; counts in integers), the per-channel sum of the bias
 * gradient, and the one-hot argmax of each row.
 */
final class ReduceKernels extends Launcher {
    static final String FILE = "reduce.cl";
    static final int SUM = 0;
    static final int SUM_ABS = 1;
    static final int DOT = 2;
    static final int SUM_SQUARES = 3;

    /** Work-groups per reduction: enough to fill a GPU, few enough to read back cheaply. */
    private static final int GROUPS = 64;
    private static final int WANTED_LOCAL = 256;

    ReduceKernels(OpenClContext ctx) {
        super(ctx, FILE, "");
    }

    /** The largest element and its flat index (the first on ties). */
    record Best(float value, int index) {
    }

    /**
     * The contiguous segment each work-group of a reduction over n elements takes: a multiple of
     * 8 floats, a float8 per work-item at least, at most {@link #GROUPS} segments.
     */
    private static int segment(int n, int local) {
        int groups = Math.max(1, Math.min(GROUPS, (int) ((n + 8L * local - 1) / (8L * local))));
        return (int) ((((long) n + groups - 1) / groups + 7) / 8 * 8);
    }

    private static int groups(int n, int seg) {
        return Math.max(1, (int) ((n + (long) seg - 1) / seg));
    }

    /**
     * How kernel k reduces n elements: work-groups of {@code local} work-items, each over a
     * segment of {@code seg} elements and writing one partial, {@code groups} of them.
     */
    private record Split(cl_kernel k, int local, int seg, int groups) {
        /** Enqueues the kernel over every group, the arguments followed by one local float per work-item. */
        void launch(OpenClContext ctx, Object... args) {
            Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
            all[args.length] = new OpenClContext.Local(4L * local);
            ctx.launch(k, new long[] {(long) groups * local}, new long[] {local}, all);
        }
    }

    private Split split(String kernel, int n) {
        cl_kernel k = k(kernel);
        int local = ctx.localSize(k, WANTED_LOCAL);
        int seg = segment(n, local);
        return new Split(k, local, seg, groups(n, seg));
    }

    double sum(int what, ClBuffer x, ClBuffer y, int n) {
        Split sp = split("kernel_reduce_sum_f32", n);
        ClBuffer partial = ctx.temporary(4L * sp.groups(), "reduction partial sums");
        try {
            sp.launch(ctx, n, what, sp.seg(), x, y == null ? x : y, partial);
            double s = 0;
            for (float v : ctx.readFloats(partial, sp.groups())) {
                s += v;
            }
            return s;
        } finally {
            partial.close();
        }
    }

    Best argmax(ClBuffer x, int n) {
        Split sp = split("kernel_reduce_argmax_f32", n);
        ClBuffer values = ctx.temporary(4L * sp.groups(), "argmax partial values");
        ClBuffer indices = ctx.temporary(4L * sp.groups(), "argmax partial indices");
        try {
            sp.launch(ctx, n, sp.seg(), x, values, indices, new OpenClContext.Local(4L * sp.local()));
            float[] v = ctx.readFloats(values, sp.groups());
            int[] at = ctx.readInts(indices, sp.groups());
            int best = -1;
            for (int g = 0; g < sp.groups(); g++) {
                if (at[g] >= n) {
                    continue; // a group that saw no element
                }
                if (best < 0 || better(v[g], at[g], v[best], at[best])) {
                    best = g;
                }
            }
            return new Best(v[best], at[best]);
        } finally {
            values.close();
            indices.close();
        }
    }

    /** The comparison of {@code argmax_better} in reduce.cl. */
    private static boolean better(float va, int ia, float vb, int ib) {
        boolean na = Float.isNaN(va);
        boolean nb = Float.isNaN(vb);
        if (na != nb) {
            return nb;
        }
        if (!na && va != vb) {
            return va > vb;
        }
        return ia < ib;
    }

    /** {@code db[k] (+)= sum_{n,p} dy[n,k,p]}: one work-group per channel. */
    void channelSum(ClBuffer dy, int items, int channels, int plane, ClBuffer db, boolean accumulate) {
        cl_kernel k = k("kernel_channel_sum_f32");
        int local = ctx.localSize(k, WANTED_LOCAL);
        ctx.launch(k, new long[] {(long) channels * local}, new long[] {local},
                items, channels, plane, dy, db, accumulate ? 1 : 0, new OpenClContext.Local(4L * local));
    }

    /** {@code y} = the one-hot of each row's argmax, for {@code rows} rows of {@code q} values. */
    void oneHotArgmax(ClBuffer x, int rows, int q, ClBuffer y) {
        ctx.launch1d(k("kernel_one_hot_argmax_f32"), rows, rows, q, x, y);
    }

    /** The number of elements below {@code threshold}: integer partial counts per work-group, added on the host. */
    int countBelow(ClBuffer x, float threshold, int n) {
        Split sp = split("kernel_count_below_f32", n);
        ClBuffer partial = ctx.temporary(4L * sp.groups(), "count partial sums");
        try {
            sp.launch(ctx, n, sp.seg(), threshold, x, partial);
            long total = 0;
            for (int c : ctx.readInts(partial, sp.groups())) {
                total += c;
            }
            return (int) total;
        } finally {
            partial.close();
        }
    }
}
