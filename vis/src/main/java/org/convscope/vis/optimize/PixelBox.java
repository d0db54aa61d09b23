package org.convscope.vis.optimize;

import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * The preprocessed images whose pixels are valid, channel by channel: {@code x} stands for the
 * pixels {@code x / scale + mean}, which a picture holds only inside 0-255. In preprocessed units
 * <pre>
 *   lo &lt;= x + offset &lt;= hi       offset = mean * scale (per channel or a mean image), lo = 0, hi = 255 * scale
 * </pre>
 * so clamping to it is three device ops (add the offset, clamp to two scalars, subtract it) and a
 * clamped image survives being written as a PNG up to rounding. It also measures saturation: the
 * fraction of values at either edge, which is what an optimization that has run away looks like.
 */
public final class PixelBox {
    private final Tensor offset;
    private final float lo;
    private final float hi;

    private PixelBox(Tensor offset, float lo, float hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("a pixel box needs lo < hi, got " + lo + ", " + hi);
        }
        this.offset = offset;
        this.lo = lo;
        this.hi = hi;
    }

    /** {@code lo <= x <= hi} for every value (no offset). */
    public static PixelBox uniform(float lo, float hi) {
        return new PixelBox(null, lo, hi);
    }

    /**
     * Pixels 0-255 for images of {@code shape} preprocessed by {@code pre} (its per-channel mean or
     * its mean image centre-cropped, and its scale), on {@code device}.
     */
    public static PixelBox of(Preprocessing pre, Shape shape, Device device) {
        float[] off = new float[shape.size()];
        int h = shape.h();
        int w = shape.w();
        int plane = h * w;
        for (int c = 0; c < shape.c(); c++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    float m = 0f;
                    if (pre.meanImage() != null && pre.meanShape().h() >= h && pre.meanShape().w() >= w) {
                        int top = (pre.meanShape().h() - h) / 2;
                        int left = (pre.meanShape().w() - w) / 2;
                        m = pre.meanImage()[(c * pre.meanShape().h() + y + top) * pre.meanShape().w() + xx + left];
                    } else if (pre.meanBgr() != null && c < pre.meanBgr().length) {
                        m = pre.meanBgr()[c];
                    }
                    off[c * plane + y * w + xx] = m * pre.scale();
                }
            }
        }
        return new PixelBox(Tensor.of(device, off, shape.dims()), 0f, 255f * pre.scale());
    }

    /** Clamps {@code x} into the box, in place. */
    public void clamp(Tensor x) {
        Device d = x.device();
        if (offset == null) {
            d.clamp(x, lo, hi, x);
            return;
        }
        d.add(x, offset, x);
        d.clamp(x, lo, hi, x);
        d.sub(x, offset, x);
    }

    /**
     * The fraction of values within 0.5% of the box's width of either edge (0: none, 1: every value
     * at an edge, a picture of pure colours). {@code scratch} has x's shape and is overwritten.
     */
    public double saturation(Tensor x, Tensor scratch) {
        Device d = x.device();
        float margin = 0.005f * (hi - lo);
        Tensor v = x;
        if (offset != null) {
            d.add(x, offset, scratch);
            v = scratch;
        }
        int n = x.shape().size();
        int low = d.countBelow(v, lo + margin);
        int high = n - d.countBelow(v, hi - margin);
        return (low + high) / (double) n;
    }

    public float lo() {
        return lo;
    }

    public float hi() {
        return hi;
    }

    /** The box's width, {@code hi - lo} (255 x scale for pictures). */
    public float width() {
        return hi - lo;
    }
}
