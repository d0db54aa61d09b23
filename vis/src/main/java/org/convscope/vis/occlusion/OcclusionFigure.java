package org.convscope.vis.occlusion;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

import org.convscope.vis.render.Colormap;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.HeatMap;
import org.convscope.vis.render.Pictures;
import org.convscope.vis.render.Planes;
import org.convscope.vis.render.Range;

/**
 * The occlusion figure, four tiles in a row: the image; the drop of the followed class's probability
 * ({@code baseline - p}, where the square hid something the net used) as a heat map over it; the
 * same map alone (one cell per square position); the most probable class at
 * each position as colours over the image (the ten-colour palette below, class {@code i} in colour
 * {@code i mod 10}), with the classes that occur named in the label.
 *
 * <p>The drop uses the {@link Colormap#heat()} map on {@code [0, largest drop]} (printed in the
 * label), so a small drop is still visible and its size still readable; over the image the colour
 * is blended in with opacity {@code alpha * u} ({@code u} the drop on [0,1]), so unaffected parts
 * show the image as it is. Tiles are enlarged
 * by an integer factor (nearest neighbour, the image before blending) to at least
 * {@code minTile} pixels.
 */
public final class OcclusionFigure {
    /** Default minimum tile side. */
    public static final int DEFAULT_MIN_TILE = 224;

    /** Ten distinguishable colours (the Tableau 10 palette) for class labels. */
    static final int[] PALETTE = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7,
        0x9c755f, 0xbab0ac};

    private final int minTile;
    private final double alpha;

    /**
     * @param minTile minimum tile side in pixels
     * @param alpha   opacity of the maps over the image, in [0,1]
     */
    public OcclusionFigure(int minTile, double alpha) {
        this.minTile = minTile;
        this.alpha = alpha;
    }

    /**
     * The figure.
     *
     * @param image the image as the net saw it ({@code H x W})
     * @param r     the occlusion result
     * @param label class names by index (may return the index as text)
     */
    public BufferedImage render(BufferedImage image, Occlusion.Result r, IntFunction<String> label) {
        int factor = Pictures.upscaleFactor(image.getHeight(), image.getWidth(), minTile);
        BufferedImage big = Pictures.upscale(toRgb(image), factor);
        int bh = big.getHeight();
        int bw = big.getWidth();

        Planes drop = r.dropMap();
        float maxDrop = Range.of(drop.data()).hi();
        Range range = new Range(0, Math.max(maxDrop, 0));
        BufferedImage heat = dropOverlay(big, upscaleMap(r.toImage(drop), factor), range);

        int cellFactor = Pictures.upscaleFactor(r.rows(), r.cols(), Math.max(bh, bw));
        BufferedImage cells = Pictures.upscale(HeatMap.render(drop, Colormap.heat(), range), cellFactor);

        BufferedImage top = topClassOverlay(big, r, factor);
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int t : r.topClass()) {
            counts.merge(t, 1, Integer::sum);
        }
        StringBuilder classes = new StringBuilder("top:");
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue() != 0 ? b.getValue() - a.getValue()
                : a.getKey() - b.getKey()).limit(3).forEach(e -> classes.append(' ').append(label.apply(e.getKey()))
                .append(String.format(Locale.ROOT, " %d%%", Math.round(100.0 * e.getValue() / r.topClass().length))));

        List<BufferedImage> tiles = List.of(big, heat, cells, top);
        List<String> labels = new ArrayList<>();
        labels.add(String.format(Locale.ROOT, "p(%s) = %.3f", label.apply(r.klass()), r.baseline()));
        labels.add(String.format(Locale.ROOT, "drop of p(%s), up to %.3f", label.apply(r.klass()), range.hi()));
        labels.add(String.format(Locale.ROOT, "%dx%d positions, %d px square, stride %d", r.rows(), r.cols(),
                r.settings().size(), r.settings().stride()));
        labels.add(classes.toString());
        return Grid.standard().withColumns(4).withPadding(4).render(tiles, labels);
    }

    /**
     * The drop over the image: the colour of the drop blended in with opacity {@code alpha * u}, where
     * {@code u} is the drop on [0,1]: where hiding changes nothing the image shows unchanged.
     */
    BufferedImage dropOverlay(BufferedImage big, Planes drop, Range range) {
        BufferedImage out = new BufferedImage(big.getWidth(), big.getHeight(), BufferedImage.TYPE_INT_RGB);
        Colormap map = Colormap.heat();
        for (int y = 0; y < big.getHeight(); y++) {
            for (int x = 0; x < big.getWidth(); x++) {
                float u = range.unit(drop.get(0, y, x));
                double a = alpha * u;
                int c = map.rgb(u);
                out.setRGB(x, y, blendRgb(big.getRGB(x, y), c, a));
            }
        }
        return out;
    }

    /** The most probable class per pixel (nearest square centre) in palette colours over the image. */
    BufferedImage topClassOverlay(BufferedImage big, Occlusion.Result r, int factor) {
        int h = r.height();
        int w = r.width();
        double c0 = (Math.min(r.settings().size(), Math.min(h, w)) - 1) / 2.0;
        BufferedImage out = new BufferedImage(big.getWidth(), big.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < big.getHeight(); y++) {
            int i = nearest((y / factor - c0) / r.settings().stride(), r.rows());
            for (int x = 0; x < big.getWidth(); x++) {
                int j = nearest((x / factor - c0) / r.settings().stride(), r.cols());
                int c = PALETTE[Math.floorMod(r.topClass()[i * r.cols() + j], PALETTE.length)];
                out.setRGB(x, y, blendRgb(big.getRGB(x, y), c, alpha));
            }
        }
        return out;
    }

    /** RGB {@code b} moved {@code alpha} of the way to RGB {@code c}, channel by channel. */
    private static int blendRgb(int b, int c, double alpha) {
        int red = blend((b >> 16) & 0xff, (c >> 16) & 0xff, alpha);
        int green = blend((b >> 8) & 0xff, (c >> 8) & 0xff, alpha);
        int blue = blend(b & 0xff, c & 0xff, alpha);
        return (red << 16) | (green << 8) | blue;
    }

    private static int blend(int a, int b, double alpha) {
        return (int) Math.round((1 - alpha) * a + alpha * b);
    }

    private static int nearest(double v, int n) {
        long r = Math.round(v);
        return (int) Math.max(0, Math.min(n - 1, r));
    }

    private static Planes upscaleMap(Planes p, int factor) {
        if (factor == 1) {
            return p;
        }
        int h = p.height() * factor;
        int w = p.width() * factor;
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = p.get(0, y / factor, x / factor);
            }
        }
        return new Planes(1, h, w, out);
    }

    private static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }
}
