package org.convscope.kernels;

import org.convscope.tensor.Shape;

/**
 * Launches the kernels of {@code pixels.cl}: per-pixel maps across channels (norm, dot product),
 * zeroing pixels by such a map, and total variation (its terms summed by {@link ReduceKernels}).
 */
final class PixelKernels extends Launcher {
    static final String FILE = "pixels.cl";
    private static final int NORM = 0;
    private static final int DOT = 1;
    private final ReduceKernels reduce;

    PixelKernels(OpenClContext ctx, ReduceKernels reduce) {
        super(ctx, FILE, "");
        this.reduce = reduce;
    }

    /** {@code y[n, p] = sqrt(sum_c a^2)} ({@code b == null}) or {@code sum_c a b}. */
    void channelReduce(ClBuffer a, ClBuffer b, Shape s, ClBuffer y) {
        int plane = s.h() * s.w();
        ctx.launch(k("kernel_channel_reduce_f32"), new long[] {(plane + 7) / 8, s.n()}, null,
                s.c(), plane, b == null ? NORM : DOT, a, b == null ? a : b, y);
    }

    void zeroWhereBelow(ClBuffer x, Shape s, ClBuffer map, float threshold, ClBuffer y) {
        int plane = s.h() * s.w();
        ctx.launch(k("kernel_zero_where_below_f32"), new long[] {plane, s.c(), s.n()}, null,
                s.c(), plane, threshold, x, map, y);
    }

    /** R_TV: the terms into a temporary buffer, summed like {@code sum}; the gradient gathered per element. */
    double totalVariation(ClBuffer x, Shape s, float beta, ClBuffer grad) {
        long[] range = {s.w(), s.h(), (long) s.n() * s.c()};
        int total = s.size();
        ClBuffer terms = ctx.temporary(4L * total, "total-variation terms of shape " + s);
        try {
            int squared = beta == 2f ? 1 : 0;
            ctx.launch(k("kernel_tv_terms_f32"), range, null, s.h(), s.w(), beta, squared, x, terms);
            if (grad != null) {
                ctx.launch(k("kernel_tv_gradient_f32"), range, null, s.h(), s.w(), beta, squared, x, grad);
            }
            return reduce.sum(ReduceKernels.SUM, terms, null, total);
        } finally {
            terms.close();
        }
    }
}
