package org.convscope.kernels;

import java.util.List;

import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.jocl.cl_kernel;

/** Launches the kernels of {@code image.cl}: channel concat/split, blur, shift, resize, crop/pad. */
final class ImageKernels extends Launcher {
    static final String FILE = "image.cl";
    private final ElementwiseKernels elementwise;

    ImageKernels(OpenClContext ctx, ElementwiseKernels elementwise) {
        super(ctx, FILE, "");
        this.elementwise = elementwise;
    }

    /**
     * Concatenation along channels: y = the channels of xs one after another; or, with {@code split},
     * the reverse: each of xs = its range of y's channels.
     */
    void channels(List<Tensor> xs, Tensor y, boolean split) {
        Shape s = y.shape();
        int plane = s.size() / (s.dim(0) * s.dim(1));
        int c0 = 0;
        for (Tensor x : xs) {
            int ci = x.shape().dim(1);
            if (split) {
                copyChannels(s.dim(0), ci, plane, ctx.buffer(y), s.dim(1), c0, ctx.buffer(x), ci, 0);
            } else {
                copyChannels(s.dim(0), ci, plane, ctx.buffer(x), ci, 0, ctx.buffer(y), s.dim(1), c0);
            }
            c0 += ci;
        }
    }

    void copyChannels(int items, int count, int plane, ClBuffer src, int srcChannels, int srcC0,
                      ClBuffer dst, int dstChannels, int dstC0) {
        ctx.launch(k("kernel_copy_channels_f32"), new long[] {((long) count * plane + 7) / 8, items}, null, count,
                plane, src, srcChannels, srcC0, dst, dstChannels, dstC0);
    }

    /** The normalized Gaussian taps of radius {@code ceil(3 sigma)}. */
    static float[] gaussianWeights(float sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] w = new double[2 * radius + 1];
        double sum = 0;
        for (int d = -radius; d <= radius; d++) {
            w[d + radius] = Math.exp(-(double) d * d / (2.0 * sigma * sigma));
            sum += w[d + radius];
        }
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = (float) (w[i] / sum);
        }
        return out;
    }

    void gaussianBlur(ClBuffer x, Shape s, float sigma, ClBuffer y) {
        int total = s.size();
        if (!(sigma > 0)) {
            elementwise.copy(x, 0, y, 0, total);
            return;
        }
        float[] w = gaussianWeights(sigma);
        int radius = w.length / 2;
        ClBuffer taps = ctx.temporary(4L * w.length, "blur weights");
        ClBuffer tmp = ctx.temporary(4L * total, "blur intermediate of shape " + s);
        try {
            ctx.writeFloats(taps, w);
            int planes = s.n() * s.c();
            cl_kernel k = k("kernel_blur_pass_f32");
            ctx.launch1d(k, total, planes, s.h(), s.w(), 1, radius, taps, x, tmp);
            ctx.launch1d(k, total, planes, s.h(), s.w(), 0, radius, taps, tmp, y);
        } finally {
            taps.close();
            tmp.close();
        }
    }

    void circularShift(ClBuffer x, Shape s, int dy, int dx, ClBuffer y) {
        ctx.launch1d(k("kernel_circular_shift_f32"), s.size(), s.n() * s.c(), s.h(), s.w(),
                Math.floorMod(dy, s.h()), Math.floorMod(dx, s.w()), x, y);
    }

    void resizeBilinear(ClBuffer x, Shape xs, ClBuffer y, Shape ys) {
        ctx.launch1d(k("kernel_resize_bilinear_f32"), ys.size(), xs.n() * xs.c(), xs.h(), xs.w(), ys.h(), ys.w(),
                (float) xs.h() / ys.h(), (float) xs.w() / ys.w(), x, y);
    }

    void cropPad(ClBuffer x, Shape xs, int top, int left, float fill, ClBuffer y, Shape ys) {
        ctx.launch1d(k("kernel_crop_pad_f32"), ys.size(), xs.n() * xs.c(), xs.h(), xs.w(), ys.h(), ys.w(),
                top, left, fill, x, y);
    }
}
