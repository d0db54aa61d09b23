package org.convscope.vis.attribution;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

import org.convscope.tensor.Tensor;
import org.convscope.vis.render.ChannelOrder;
import org.convscope.vis.render.Colormap;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.HeatMap;
import org.convscope.vis.render.Images;
import org.convscope.vis.render.Planes;
import org.convscope.vis.render.Range;

/**
 * How attribution results are drawn (the math classes never call this). Small inputs (LeNet's
 * 28 x 28, CIFAR's 32 x 32) are enlarged by an integer factor, each pixel repeated, until the
 * longer side is at least {@code minSide} pixels, so every picture of a run has the same size.
 * <ul>
 * <li>{@link #heat}: a non-negative map (saliency, Grad-CAM) in the {@link Colormap#heat()} map,
 *     {@code [0, max]} onto [0,1] (zero is always the darkest colour);</li>
 * <li>{@link #overlay}: the same map, resized bilinearly, blended over the input image;</li>
 * <li>{@link #signed}: a signed input-space tensor (gradient, projection): three channels as RGB
 *     with 0 at grey 128 and {@code max |v|} at 0 or 255 (DVT's centred view; BGR reordered), one
 *     channel in the {@link Colormap#diverging()} map (blue negative, white 0, red positive).</li>
 * </ul>
 */
public final class AttributionImages {
    /** The default smallest long side of a written picture. */
    public static final int MIN_SIDE = 224;

    private final int minSide;
    private final ChannelOrder order;

    /**
     * @param minSide smallest long side of a picture (1 keeps the input size)
     * @param order   the channel order of the input tensors (BGR for Caffe models)
     */
    public AttributionImages(int minSide, ChannelOrder order) {
        if (minSide < 1) {
            throw new IllegalArgumentException("minimum picture side must be at least 1, got " + minSide);
        }
        this.minSide = minSide;
        this.order = order;
    }

    /** The enlargement factor for an input of {@code h x w}. */
    public int zoom(int h, int w) {
        return Images.upscaleFactor(h, w, minSide);
    }

    /** A non-negative 1 x 1 x H x W map in the heat colour map, {@code [0, max]}. */
    public BufferedImage heat(Tensor map) {
        Planes p = Planes.of(map);
        BufferedImage img = HeatMap.render(p, Colormap.heat(), positiveRange(p));
        return Images.upscale(img, zoom(p.height(), p.width()));
    }

    /**
     * A non-negative map over the (enlarged) input image with opacity {@code alpha}. The image is
     * the picture the net saw, e.g. {@code Preprocessing.deprocess(x)}; grey images are drawn grey.
     */
    public BufferedImage overlay(BufferedImage image, Tensor map, double alpha) {
        Planes p = Planes.of(map);
        BufferedImage base = Images.upscale(rgb(image), zoom(image.getHeight(), image.getWidth()));
        return HeatMap.overlay(base, p, Colormap.heat(), alpha, positiveRange(p));
    }

    /** A signed 1 x C x H x W tensor, 0 at the neutral colour (see the class comment). */
    public BufferedImage signed(Tensor t) {
        Planes p = Planes.of(t);
        BufferedImage img;
        if (p.channels() == 1) {
            img = HeatMap.render(p, Colormap.diverging(), Range.symmetric(p.data()));
        } else {
            img = Images.toImage(Display.of(Display.Mode.CENTRED).apply(p.toRgb(order)));
        }
        return Images.upscale(img, zoom(p.height(), p.width()));
    }

    /** The picture the net saw, enlarged like the maps. */
    public BufferedImage input(BufferedImage image) {
        return Images.upscale(rgb(image), zoom(image.getHeight(), image.getWidth()));
    }

    private static Range positiveRange(Planes p) {
        float max = 0;
        for (float v : p.data()) {
            max = Math.max(max, v);
        }
        return new Range(0, max);
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
