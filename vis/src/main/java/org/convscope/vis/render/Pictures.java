package org.convscope.vis.render;

import java.awt.image.BufferedImage;

import org.convscope.tensor.ChannelOrder;
import org.convscope.tensor.Tensor;

/**
 * Planes in [0,1] to {@link BufferedImage}s and back: the pictures the visualizations draw (files and
 * tensors of pixel values are {@link org.convscope.tensor.Images}). Every image made here is
 * {@code TYPE_INT_RGB}; an intensity {@code u} becomes the byte {@code round(255 u)} (clipped; NaN
 * is 0), so a value of 0.5 is grey 128.
 */
public final class Pictures {
    private Pictures() {
    }

    /**
     * An image of unit planes: one channel is grey, three channels are R, G, B.
     *
     * @throws IllegalArgumentException for another channel count (show channels one by one, or
     *                                  their mean)
     */
    public static BufferedImage toImage(Planes unit) {
        int h = unit.height();
        int w = unit.width();
        int p = unit.planeSize();
        float[] d = unit.data();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[p];
        if (unit.channels() == 1) {
            for (int i = 0; i < p; i++) {
                int v = to8(d[i]);
                rgb[i] = (v << 16) | (v << 8) | v;
            }
        } else if (unit.channels() == 3) {
            for (int i = 0; i < p; i++) {
                rgb[i] = (to8(d[i]) << 16) | (to8(d[p + i]) << 8) | to8(d[2 * p + i]);
            }
        } else {
            throw new IllegalArgumentException("an image has 1 or 3 channels, got " + unit.channels()
                    + "; show the channels one by one (a grid) or their mean");
        }
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    /** A one-channel unit map drawn with a colormap. */
    public static BufferedImage toImage(Planes unit, Colormap colormap) {
        if (unit.channels() != 1) {
            throw new IllegalArgumentException("a colormap draws one channel, got " + unit.channels());
        }
        int w = unit.width();
        int h = unit.height();
        int[] rgb = new int[unit.planeSize()];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = colormap.rgb(unit.data()[i]);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    /**
     * A {@code 1xCxHxW}, {@code CxHxW} or {@code HxW} tensor as an image: channels reordered to RGB
     * (Caffe tensors are BGR), then shown with {@code display}. For example a mean-subtracted Caffe
     * input: {@code fromTensor(x, BGR, Display.of(NORM))}; a 0-255 image: {@code Display.of(RAW)}.
     */
    public static BufferedImage fromTensor(Tensor t, ChannelOrder order, Display display) {
        return toImage(display.apply(Planes.of(t).toRgb(order)));
    }

    /** The image as RGB planes with values 0..255 (the inverse of {@code toImage} with RAW display). */
    public static Planes toPlanes(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int p = w * h;
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] d = new float[3 * p];
        for (int i = 0; i < p; i++) {
            d[i] = (rgb[i] >> 16) & 0xff;
            d[p + i] = (rgb[i] >> 8) & 0xff;
            d[2 * p + i] = rgb[i] & 0xff;
        }
        return new Planes(3, h, w, d);
    }

    /** Each pixel repeated {@code factor x factor} times. */
    public static BufferedImage upscale(BufferedImage img, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("upscale factor must be at least 1, got " + factor);
        }
        if (factor == 1) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] src = img.getRGB(0, 0, w, h, null, 0, w);
        int nw = w * factor;
        int nh = h * factor;
        int[] dst = new int[nw * nh];
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                dst[y * nw + x] = src[(y / factor) * w + x / factor];
            }
        }
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, nw, nh, dst, 0, nw);
        return out;
    }

    /** The smallest integer factor that makes the longer side of an {@code h x w} map at least {@code minSide} pixels. */
    public static int upscaleFactor(int h, int w, int minSide) {
        int side = Math.max(h, w);
        return Math.max(1, (minSide + side - 1) / side);
    }

    static int to8(float u) {
        if (!(u > 0)) {
            return 0;
        }
        return u >= 1 ? 255 : Math.round(u * 255f);
    }
}
