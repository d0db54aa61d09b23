package org.convscope.tensor;

/**
 * Geometry of a 2-D convolution beyond what the weight shape says: stride, zero padding and
 * groups. The kernel size is the weight tensor's {@code kh x kw}.
 *
 * <p>Output size (Caffe, PyTorch): {@code Ho = (H + 2*padH - kh) / strideH + 1}, rounded down.
 *
 * @param strideH vertical stride, at least 1
 * @param strideW horizontal stride, at least 1
 * @param padH    zero rows added above and below
 * @param padW    zero columns added left and right
 * @param groups  channel groups: input channels and output channels each split into this many
 *                equal parts, group g of the output sees only group g of the input
 */
public record ConvSpec(int strideH, int strideW, int padH, int padW, int groups) {

    public ConvSpec {
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("conv2d: stride must be at least 1, got " + strideH + "x" + strideW);
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d: pad must be non-negative, got " + padH + "x" + padW);
        }
        if (groups < 1) {
            throw new IllegalArgumentException("conv2d: groups must be at least 1, got " + groups);
        }
    }

    /** Square stride and pad, one group. */
    public static ConvSpec of(int stride, int pad) {
        return new ConvSpec(stride, stride, pad, pad, 1);
    }

    /** Square stride and pad, {@code groups} groups. */
    public static ConvSpec of(int stride, int pad, int groups) {
        return new ConvSpec(stride, stride, pad, pad, groups);
    }

    /** Output height for input height {@code h} and kernel height {@code kh}; may be &lt; 1 for a kernel too large. */
    public int outH(int h, int kh) {
        return Math.floorDiv(h + 2 * padH - kh, strideH) + 1;
    }

    /** Output width for input width {@code w} and kernel width {@code kw}. */
    public int outW(int w, int kw) {
        return Math.floorDiv(w + 2 * padW - kw, strideW) + 1;
    }

    /** The output shape of conv2d for input {@code x} (NCHW) and weights {@code w} (K x C/g x kh x kw). */
    public Shape outputShape(Shape x, Shape w) {
        return Shape.of(x.n(), w.n(), outH(x.h(), w.h()), outW(x.w(), w.w()));
    }
}
