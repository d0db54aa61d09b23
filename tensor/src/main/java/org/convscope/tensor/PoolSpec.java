package org.convscope.tensor;

/**
 * Geometry of a 2-D pooling window, with Caffe's rounding.
 *
 * <p>Output size rounds UP, as Caffe does: {@code Ho = ceil((H + 2*padH - kh) / strideH) + 1},
 * then reduced by one if the last window would start inside the bottom padding
 * ({@code (Ho-1)*strideH >= H + padH}), so that every window starts inside the image or its
 * top/left padding. (Caffe applies that clip only when padded; without padding the two rules
 * differ only for a kernel smaller than its stride, where Caffe's last window is empty.)
 *
 * @param kernelH window height
 * @param kernelW window width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH    implicit rows above and below (never selected by max pooling; counted by
 *                average pooling's divisor as Caffe counts them)
 * @param padW    implicit columns left and right
 */
public record PoolSpec(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    public PoolSpec {
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("pool: kernel must be at least 1, got " + kernelH + "x" + kernelW);
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("pool: stride must be at least 1, got " + strideH + "x" + strideW);
        }
        if (padH < 0 || padW < 0 || padH >= kernelH || padW >= kernelW) {
            throw new IllegalArgumentException("pool: pad must be in [0, kernel), got pad " + padH + "x" + padW
                    + " for kernel " + kernelH + "x" + kernelW);
        }
    }

    /** Square window, stride and pad. */
    public static PoolSpec of(int kernel, int stride, int pad) {
        return new PoolSpec(kernel, kernel, stride, stride, pad, pad);
    }

    /** Global pooling over an {@code h x w} map: one output per channel. */
    public static PoolSpec global(int h, int w) {
        return new PoolSpec(h, w, 1, 1, 0, 0);
    }

    /** Output height for input height {@code h} (Caffe's ceil rule). */
    public int outH(int h) {
        return outSize(h, kernelH, strideH, padH);
    }

    /** Output width for input width {@code w} (Caffe's ceil rule). */
    public int outW(int w) {
        return outSize(w, kernelW, strideW, padW);
    }

    /** The output shape for an NCHW input shape. */
    public Shape outputShape(Shape x) {
        return Shape.of(x.n(), x.c(), outH(x.h()), outW(x.w()));
    }

    private static int outSize(int in, int k, int stride, int pad) {
        int out = (int) Math.ceil((double) (in + 2 * pad - k) / stride) + 1;
        if ((out - 1) * stride >= in + pad) {
            out--;
        }
        return out;
    }
}
