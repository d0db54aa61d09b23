package org.convscope.kernels;

import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.Shape;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/** Launches the kernels of {@code lrn.cl}: LRN forward and backward, both regions. */
final class LrnKernels {
    static final String FILE = "lrn.cl";
    private final OpenClDevice dev;

    LrnKernels(OpenClDevice dev) {
        this.dev = dev;
    }

    private cl_kernel k(String name) {
        return dev.kernel(LrnKernels.class, FILE, "", name);
    }

    private static int region(LrnSpec spec) {
        return spec.region() == LrnSpec.Region.ACROSS_CHANNELS ? 0 : 1;
    }

    /** The 3-D range of the LRN kernels: (column, row, item*channel). */
    private static long[] range(Shape s) {
        return new long[] {s.w(), s.h(), (long) s.n() * s.c()};
    }

    void forward(cl_mem x, Shape s, LrnSpec spec, cl_mem y) {
        dev.launch(k("kernel_lrn_f32"), range(s), null, s.c(), s.h(), s.w(), region(spec), spec.localSize(),
                spec.alpha(), spec.beta(), spec.k(), x, y);
    }

    void backward(cl_mem x, cl_mem y, cl_mem dy, Shape s, LrnSpec spec, cl_mem dx) {
        int total = s.size();
        cl_mem scale = dev.scratch("lrn scale", 4L * total);
        dev.launch(k("kernel_lrn_scale_f32"), range(s), null, s.c(), s.h(), s.w(), region(spec), spec.localSize(),
                spec.alpha(), spec.k(), x, scale);
        dev.launch(k("kernel_lrn_backward_f32"), range(s), null, s.c(), s.h(), s.w(), region(spec),
                spec.localSize(), spec.alpha(), spec.beta(), x, y, dy, scale, dx);
    }
}
