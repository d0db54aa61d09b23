package org.convscope.kernels;

import java.util.List;

import org.convscope.tensor.ReluMode;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Launches the kernels of {@code elementwise.cl}: one work-item per run of {@link #VEC}
 * consecutive elements, handled as one vector.
 */
final class ElementwiseKernels {
    static final String FILE = "elementwise.cl";
    /**
     * Elements per work-item (a tuning knob, passed to the kernels as {@code -DVEC}; 2, 4, 8 or 16).
     * 16 ran element-wise ops 3-4x faster than one element per work-item on PoCL (CPU).
     */
    static final int VEC = 16;
    static final String OPTIONS = "-DVEC=" + VEC;
    /** The builds of elementwise.cl (for OpenClDevice's build at open). */
    static final List<String> BUILDS = List.of(OPTIONS);
    private final OpenClContext ctx;

    ElementwiseKernels(OpenClContext ctx) {
        this.ctx = ctx;
    }

    private cl_kernel k(String name) {
        return ctx.kernel(ElementwiseKernels.class, FILE, OPTIONS, name);
    }

    /** {@code y = f(x)}. */
    void unary(String kernel, cl_mem x, cl_mem y, int n) {
        ctx.launch1d(k(kernel), runs(n), n, x, y);
    }

    /** {@code y = f(a, b)}. */
    void binary(String kernel, cl_mem a, cl_mem b, cl_mem y, int n) {
        ctx.launch1d(k(kernel), runs(n), n, a, b, y);
    }

    /** {@code y = f(s, x)} for a scalar s (scale, add_scalar, axpy, abs_pow, abs_pow_gradient). */
    void withScalar(String kernel, float s, cl_mem x, cl_mem y, int n) {
        ctx.launch1d(k(kernel), runs(n), n, s, x, y);
    }

    void reluBackward(cl_mem x, cl_mem dy, ReluMode mode, cl_mem dx, int n) {
        ctx.launch1d(k("kernel_relu_backward_f32"), runs(n), n, mode.ordinal(), x, dy, dx);
    }

    void clamp(cl_mem x, float lo, float hi, cl_mem y, int n) {
        ctx.launch1d(k("kernel_clamp_f32"), runs(n), n, lo, hi, x, y);
    }

    void fill(cl_mem y, float value, int n) {
        ctx.launch1d(k("kernel_fill_f32"), runs(n), n, value, y);
    }

    void copy(cl_mem src, int srcOff, cl_mem dst, int dstOff, int n) {
        ctx.launch1d(k("kernel_copy_f32"), runs(n), n, src, srcOff, dst, dstOff);
    }

    /** {@code y[n,c,p] += b[c]} (add) or {@code = b[c]} (set) over {@code total} elements. */
    void channelBias(cl_mem y, int total, int channels, int plane, cl_mem b, boolean add) {
        String name = add ? "kernel_add_channel_bias_f32" : "kernel_set_channel_bias_f32";
        ctx.launch(k(name), new long[] {runs(plane), channels, total / ((long) channels * plane)}, null,
                channels, plane, y, b);
    }

    /** One Adam step in place ({@code c1 = 1 - beta1^t}, {@code c2 = 1 - beta2^t} computed by the caller). */
    void adamUpdate(cl_mem x, cl_mem g, cl_mem m, cl_mem v, float lr, float beta1, float beta2, float eps, float c1,
                    float c2, int n) {
        ctx.launch1d(k("kernel_adam_update_f32"), runs(n), n, lr, beta1, beta2, eps, c1, c2, x, g, m, v);
    }

    /** Work-items for {@code n} elements. */
    private static long runs(long n) {
        return (n + VEC - 1) / VEC;
    }
}
