package org.convscope.vis.attribution;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

import org.convscope.tensor.Tensor;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Colormap;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.HeatMap;
import org.convscope.vis.render.Pictures;
import org.convscope.vis.render.Planes;
import org.convscope.vis.render.Range;
import org.convscope.vis.render.Resample;

/**
 * How attribution results are drawn (the math classes never call this). Small inputs (LeNet's
 * 28 x 28, CIFAR's 32 x 32) are enlarged by an integer factor, each pixel repeated, until the
 * longer side is at least {@code minSide} pixels, so every picture of a run has the same size.
 * <ul>
 * <li>{@link #heat}: a non-negative map (saliency, Grad-CAM) in the {@link Colormap#heat()} map,
 *     {@code [0, max]} onto [0,1] (zero is always the darkest colour);</li>
 * <li>{@link #overlay}: the same map, resized bilinearly, blended over the input image with an
 *     opacity that grows with the value: {@code out = (1 - o) image + o colour(u)}, {@code o = a sqrt(u)},
 *     for the map's value {@code u} in [0,1] and the strongest opacity {@code a}: where the map is 0
 *     the image shows unchanged, and the square root keeps weak but present evidence visible;</li>
 * <li>{@link #signed}: a signed input-space tensor (gradient, projection): three channels as RGB
 *     with 0 at grey 128 and {@code max |v|} at 0 or 255 (DVT's centred view; BGR reordered), one
 *     channel in the {@link Colormap#diverging()} map (blue negative, white 0, red positive).</li>
 * </ul>
 * With a {@code percentile} below 100 the top of the range is that percentile of the values
 * ({@code |v|} for signed views) instead of the maximum, and larger values saturate: the clipping
 * Smilkov et al. and Sundararajan et al. use so that a few extreme pixels do not leave the rest dark.
 */
public final class AttributionImages {
    /** The default smallest long side of a written picture. */
    public static final int MIN_SIDE = 224;

    private final int minSide;
    private final ChannelOrder order;
    private final double percentile;

    /**
     * @param minSide smallest long side of a picture (1 keeps the input size)
     * @param order   the channel order of the input tensors (BGR for Caffe models)
     */
    public AttributionImages(int minSide, ChannelOrder order) {
        this(minSide, order, 100);
    }

    /**
     * @param percentile top of the display range as a percentile of the values, in (0, 100]
     */
    public AttributionImages(int minSide, ChannelOrder order, double percentile) {
        if (minSide < 1) {
            throw new IllegalArgumentException("minimum picture side must be at least 1, got " + minSide);
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("clip percentile must be in (0, 100], got " + percentile);
        }
        this.minSide = minSide;
        this.order = order;
        this.percentile = percentile;
    }

    /** The same drawing with another clip percentile. */
    public AttributionImages withPercentile(double p) {
        return new AttributionImages(minSide, order, p);
    }

    /** The enlargement factor for an input of {@code h x w}. */
    public int zoom(int h, int w) {
        return Pictures.upscaleFactor(h, w, minSide);
    }

    /** A non-negative 1 x 1 x H x W map in the heat colour map, {@code [0, max]}. */
    public BufferedImage heat(Tensor map) {
        Planes p = Planes.of(map);
        BufferedImage img = HeatMap.render(p, Colormap.heat(), positiveRange(p));
        return Pictures.upscale(img, zoom(p.height(), p.width()));
    }

    /**
     * A non-negative map over the (enlarged) input image with opacity {@code alpha}. The image is
     * the picture the net saw, e.g. {@code Preprocessing.deprocess(x)}; grey images are drawn grey.
     */
    public BufferedImage overlay(BufferedImage image, Tensor map, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0,1], got " + alpha);
        }
        Planes p = Planes.of(map);
        Range range = positiveRange(p);
        BufferedImage base = Pictures.upscale(rgb(image), zoom(image.getHeight(), image.getWidth()));
        int w = base.getWidth();
        int h = base.getHeight();
        Planes resized = p.height() == h && p.width() == w ? p : Resample.bilinear(p, h, w);
        int[] px = base.getRGB(0, 0, w, h, null, 0, w);
        Colormap heat = Colormap.heat();
        for (int i = 0; i < px.length; i++) {
            float u = range.unit(resized.data()[i]);
            int c = heat.rgb(u);
            double a = alpha * Math.sqrt(u);
            int r = blend((px[i] >> 16) & 0xff, (c >> 16) & 0xff, a);
            int g = blend((px[i] >> 8) & 0xff, (c >> 8) & 0xff, a);
            int b = blend(px[i] & 0xff, c & 0xff, a);
            px[i] = r << 16 | g << 8 | b;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    private static int blend(int a, int b, double alpha) {
        return (int) Math.round((1 - alpha) * a + alpha * b);
    }

    /** A signed 1 x C x H x W tensor, 0 at the neutral colour (see the class comment). */
    public BufferedImage signed(Tensor t) {
        Planes p = Planes.of(t);
        BufferedImage img;
        float m = top(p.data(), true);
        Range range = new Range(-m, m);
        if (p.channels() == 1) {
            img = HeatMap.render(p, Colormap.diverging(), range);
        } else {
            Display d = Display.of(Display.Mode.CENTRED);
            Planes rgbPlanes = p.toRgb(order);
            img = Pictures.toImage(m > 0 ? d.toUnit(rgbPlanes, range) : d.apply(rgbPlanes));
        }
        return Pictures.upscale(img, zoom(p.height(), p.width()));
    }

    /** The picture the net saw, enlarged like the maps. */
    public BufferedImage input(BufferedImage image) {
        return Pictures.upscale(rgb(image), zoom(image.getHeight(), image.getWidth()));
    }

    private Range positiveRange(Planes p) {
        return new Range(0, top(p.data(), false));
    }

    /**
     * The top of the display range: the {@link #percentile} of the positive values (or of every
     * {@code |v|} when {@code abs}), nearest rank; the maximum at 100. 0 when there is none.
     */
    float top(float[] values, boolean abs) {
        float[] v = new float[values.length];
        int n = 0;
        for (float x : values) {
            float y = abs ? Math.abs(x) : x;
            if (y > 0) {
                v[n++] = y;
            }
        }
        if (n == 0) {
            return 0;
        }
        if (percentile >= 100) {
            float max = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, v[i]);
            }
            return max;
        }
        java.util.Arrays.sort(v, 0, n);
        int rank = (int) Math.ceil(percentile / 100.0 * n) - 1;
        return v[Math.max(0, Math.min(n - 1, rank))];
    }

    /**
     * An RGB copy of any image. Grey images are read from the raster: {@code getRGB} on a
     * {@code TYPE_BYTE_GRAY} image goes through a linear-light colour space and brightens it.
     */
    static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            Raster r = image.getRaster();
            int[] g = r.getSamples(0, 0, w, h, 0, (int[]) null);
            int[] rgb = new int[g.length];
            for (int i = 0; i < g.length; i++) {
                rgb[i] = g[i] << 16 | g[i] << 8 | g[i];
            }
            out.setRGB(0, 0, w, h, rgb, 0, w);
        } else {
            out.setRGB(0, 0, w, h, image.getRGB(0, 0, w, h, null, 0, w), 0, w);
        }
        return out;
    }
}
