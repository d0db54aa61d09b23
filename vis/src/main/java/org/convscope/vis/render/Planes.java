package org.convscope.vis.render;

import org.convscope.tensor.ChannelOrder;
import org.convscope.tensor.Tensor;

/**
 * Host-side image data: {@code channels x height x width} floats, row-major (CHW), the form every
 * render step reads and writes. The array is shared, not copied: a method that returns new
 * planes allocates a new array, none modifies {@code data}.
 */
public record Planes(int channels, int height, int width, float[] data) {

    public Planes {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("planes need positive sizes, got " + channels + "x" + height + "x" + width);
        }
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException(data.length + " values do not fill " + channels + "x" + height + "x" + width);
        }
    }

    /** Planes of zeros. */
    public static Planes zeros(int channels, int height, int width) {
        return new Planes(channels, height, width, new float[channels * height * width]);
    }

    /**
     * The values of a {@code 1xCxHxW}, {@code CxHxW} or {@code HxW} tensor (copied to the host).
     * A rank-4 tensor with a batch larger than one must go through {@link #of(Tensor, int)}.
     */
    public static Planes of(Tensor t) {
        int[] d = t.shape().dims();
        return switch (d.length) {
            case 4 -> {
                if (d[0] != 1) {
                    throw new IllegalArgumentException("expected one item (1xCxHxW), got " + t.shape()
                            + "; choose an item with Planes.of(tensor, n)");
                }
                yield new Planes(d[1], d[2], d[3], t.toArray());
            }
            case 3 -> new Planes(d[0], d[1], d[2], t.toArray());
            case 2 -> new Planes(1, d[0], d[1], t.toArray());
            default -> throw new IllegalArgumentException("expected an image-like tensor (1xCxHxW, CxHxW or HxW), got "
                    + t.shape());
        };
    }

    /** Item {@code n} of an {@code NxCxHxW} tensor. */
    public static Planes of(Tensor t, int n) {
        if (t.rank() != 4) {
            throw new IllegalArgumentException("expected NxCxHxW, got " + t.shape());
        }
        int[] d = t.shape().dims();
        if (n < 0 || n >= d[0]) {
            throw new IllegalArgumentException("item " + n + " out of range for " + t.shape());
        }
        int per = d[1] * d[2] * d[3];
        float[] all = t.toArray();
        float[] one = new float[per];
        System.arraycopy(all, n * per, one, 0, per);
        return new Planes(d[1], d[2], d[3], one);
    }

    /** Number of values in one channel, {@code height * width}. */
    public int planeSize() {
        return height * width;
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** Channel {@code c} as one-channel planes (a copy). */
    public Planes channel(int c) {
        if (c < 0 || c >= channels) {
            throw new IllegalArgumentException("channel " + c + " out of range 0.." + (channels - 1));
        }
        float[] out = new float[planeSize()];
        System.arraycopy(data, c * planeSize(), out, 0, planeSize());
        return new Planes(1, height, width, out);
    }

    /** RGB planes of 3-channel data given in {@code order} (BGR is reversed); other data is returned as is. */
    public Planes toRgb(ChannelOrder order) {
        if (order == ChannelOrder.RGB || channels != 3) {
            return this;
        }
        int p = planeSize();
        float[] out = new float[data.length];
        System.arraycopy(data, 2 * p, out, 0, p);
        System.arraycopy(data, p, out, p, p);
        System.arraycopy(data, 0, out, 2 * p, p);
        return new Planes(3, height, width, out);
    }

    /** The mean over channels, one plane. */
    public Planes channelMean() {
        if (channels == 1) {
            return this;
        }
        int p = planeSize();
        float[] out = new float[p];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < p; i++) {
                out[i] += data[c * p + i];
            }
        }
        for (int i = 0; i < p; i++) {
            out[i] /= channels;
        }
        return new Planes(1, height, width, out);
    }

    /** The L2 norm over channels, one plane ({@code sqrt(sum_c x_c^2)}: the gradient magnitude views use it). */
    public Planes channelNorm() {
        int p = planeSize();
        float[] out = new float[p];
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (int c = 0; c < channels; c++) {
                double v = data[c * p + i];
                s += v * v;
            }
            out[i] = (float) Math.sqrt(s);
        }
        return new Planes(1, height, width, out);
    }
}
