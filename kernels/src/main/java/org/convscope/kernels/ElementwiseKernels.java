package org.convscope.kernels;

import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.ReluMode;

/**
 * Launches the kernels of {@code elementwise.cl}: one work-item per run of {@link #VEC}
 * consecutive elements, handled as one vector.
 */
final class ElementwiseKernels extends Launcher {
    static final String FILE = "elementwise.cl";
    /**
     * Elements per work-item (a tuning knob, passed to the kernels as {@code -DVEC}; 2, 4, 8 or 16).
     * 16 ran element-wise ops 3-4x faster than one element per work-item on PoCL (CPU).
     */
    static final int VEC = 16;
    static final String OPTIONS = "-DVEC=" + VEC;

    ElementwiseKernels(OpenClContext ctx) {
        super(ctx, FILE, OPTIONS);
    }

    /** {@code y = f(x)}. */
    void unary(String kernel, ClBuffer x, ClBuffer y, int n) {
        ctx.launch1d(k(kernel), runs(n), n, x, y);
    }

    /** {@code y = f(a, b)}. */
    void binary(String kernel, ClBuffer a, ClBuffer b, ClBuffer y, int n) {
        ctx.launch1d(k(kernel), runs(n), n, a, b, y);
    }

    /** {@code y = f(s, x)} for a scalar s (scale, add_scalar, axpy, abs_pow, abs_pow_gradient). */
    void withScalar(String kernel, float s, ClBuffer x, ClBuffer y, int n) {
        ctx.launch1d(k(kernel), runs(n), n, s, x, y);
    }

    void reluBackward(ClBuffer x, ClBuffer dy, ReluMode mode, ClBuffer dx, int n) {
        ctx.launch1d(k("kernel_relu_backward_f32"), runs(n), n, mode.ordinal(), x, dy, dx);
    }

    void clamp(ClBuffer x, float lo, float hi, ClBuffer y, int n) {
        ctx.launch1d(k("kernel_clamp_f32"), runs(n), n, lo, hi, x, y);
    }

    void fill(ClBuffer y, float value, int n) {
        ctx.launch1d(k("kernel_fill_f32"), runs(n), n, value, y);
    }

    void copy(ClBuffer src, int srcOff, ClBuffer dst, int dstOff, int n) {
        ctx.launch1d(k("kernel_copy_f32"), runs(n), n, src, srcOff, dst, dstOff);
    }

    /** {@code y[n,c,p] += b[c]} (add) or {@code = b[c]} (set) over {@code total} elements. */
    void channelBias(ClBuffer y, int total, int channels, int plane, ClBuffer b, boolean add) {
        String name = add ? "kernel_add_channel_bias_f32" : "kernel_set_channel_bias_f32";
        ctx.launch(k(name), new long[] {runs(plane), channels, total / ((long) channels * plane)}, null,
                channels, plane, y, b);
    }

    /** One Adam step in place ({@code c1 = 1 - beta1^t}, {@code c2 = 1 - beta2^t} computed by the caller). */
    void adamUpdate(ClBuffer x, ClBuffer g, ClBuffer m, ClBuffer v, float lr, float beta1, float beta2, float eps, float c1,
                    float c2, int n) {
        ctx.launch1d(k("kernel_adam_update_f32"), runs(n), n, lr, beta1, beta2, eps, c1, c2, x, g, m, v);
    }

    /**
     * A tensor as an argument of the {@code *_slices} kernels: its buffer, the element where item 0
     * starts and the elements from one item to the next (a channel slice's, or a whole tensor's).
     */
    record Slice(ClBuffer buffer, int offset, int stride) {
    }

    /**
     * A {@code kernel_<op>_slices_f32} kernel over {@code items} items of {@code len} elements each:
     * {@code len}, then the {@code scalars}, then buffer, offset and stride of each tensor.
     */
    void slices(String kernel, int items, int len, List<Object> scalars, Slice... tensors) {
        List<Object> args = new ArrayList<>();
        args.add(len);
        args.addAll(scalars);
        for (Slice t : tensors) {
            args.add(t.buffer());
            args.add(t.offset());
            args.add(t.stride());
        }
        ctx.launch(k(kernel), new long[] {runs(len), items}, null, args.toArray());
    }

    /** Work-items for {@code n} elements. */
    private static long runs(long n) {
        return (n + VEC - 1) / VEC;
    }
}
