package org.convscope.kernels;

import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.Shape;

/** Launches the kernels of {@code lrn.cl}: LRN forward and backward, both regions. */
final class LrnKernels extends Launcher {
    static final String FILE = "lrn.cl";

    LrnKernels(OpenClContext ctx) {
        super(ctx, FILE, "");
    }

    /** The 3-D range of the WITHIN_CHANNEL kernels: (column, row, item*channel). */
    private static long[] range(Shape s) {
        return new long[] {s.w(), s.h(), (long) s.n() * s.c()};
    }

    /** The range of the walking ACROSS_CHANNELS kernels: (runs of 8 positions of a plane, item). */
    private static long[] runs(Shape s) {
        return new long[] {((long) s.h() * s.w() + 7) / 8, s.n()};
    }

    private static boolean across(LrnSpec spec) {
        return spec.region() == LrnSpec.Region.ACROSS_CHANNELS;
    }

    void forward(ClBuffer x, Shape s, LrnSpec spec, ClBuffer y) {
        if (across(spec)) {
            ctx.launch(k("kernel_lrn_across_f32"), runs(s), null, s.c(), s.h(),
                    s.w(), spec.localSize(), spec.alpha(), spec.beta(), spec.k(), x, y);
            return;
        }
        ctx.launch(k("kernel_lrn_within_f32"), range(s), null, s.h(), s.w(), spec.localSize(), spec.alpha(),
                spec.beta(), x, y);
    }

    void backward(ClBuffer x, ClBuffer y, ClBuffer dy, Shape s, LrnSpec spec, ClBuffer dx) {
        int total = s.size();
        ClBuffer scale = ctx.scratch("lrn scale", 4L * total);
        if (across(spec)) {
            ctx.launch(k("kernel_lrn_across_scale_f32"), runs(s), null, s.c(), s.h(), s.w(), spec.localSize(),
                    spec.alpha(), spec.k(), x, scale);
            ctx.launch(k("kernel_lrn_across_backward_f32"), runs(s), null, s.c(), s.h(), s.w(),
                    spec.localSize(), spec.alpha(), spec.beta(), x, y, dy, scale, dx);
            return;
        }
        ctx.launch(k("kernel_lrn_within_scale_f32"), range(s), null, s.h(), s.w(), spec.localSize(), spec.alpha(),
                x, scale);
        ctx.launch(k("kernel_lrn_within_backward_f32"), range(s), null, s.h(), s.w(), spec.localSize(),
                spec.alpha(), spec.beta(), x, y, dy, scale, dx);
    }
}
