package org.convscope.vis.render;

import java.awt.image.BufferedImage;

/**
 * Heat maps: a one-channel {@code H x W} map drawn with a {@link Colormap}, alone or blended over
 * an image.
 *
 * <p>Overlay: the map is resized to the image with {@link Resample#bilinear}, mapped onto [0,1]
 * through a {@link Range} (the map's min/max unless given), coloured, and blended per channel:
 * {@code out = round((1 - alpha) * image + alpha * colour)}. Alpha 0 gives the image, alpha 1 the
 * colour map.
 */
public final class HeatMap {
    private HeatMap() {
    }

    /** The map alone, scaled by its min/max. */
    public static BufferedImage render(Planes map, Colormap colormap) {
        return render(map, colormap, Range.of(map.data()));
    }

    /** The map alone through {@code range} (for example {@link Range#symmetric} with the diverging map). */
    public static BufferedImage render(Planes map, Colormap colormap, Range range) {
        requireOneChannel(map);
        return Pictures.toImage(unit(map, range), colormap);
    }

    /** The map blended over {@code image}, scaled by the map's min/max. */
    public static BufferedImage overlay(BufferedImage image, Planes map, Colormap colormap, double alpha) {
        return overlay(image, map, colormap, alpha, Range.of(map.data()));
    }

    /** The map blended over {@code image} with opacity {@code alpha} in [0,1]. */
    public static BufferedImage overlay(BufferedImage image, Planes map, Colormap colormap, double alpha, Range range) {
        requireOneChannel(map);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0,1], got " + alpha);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        Planes resized = map.height() == h && map.width() == w ? map : Resample.bilinear(map, h, w);
        int[] base = image.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[base.length];
        for (int i = 0; i < base.length; i++) {
            int c = colormap.rgb(range.unit(resized.data()[i]));
            int r = blend((base[i] >> 16) & 0xff, (c >> 16) & 0xff, alpha);
            int g = blend((base[i] >> 8) & 0xff, (c >> 8) & 0xff, alpha);
            int b = blend(base[i] & 0xff, c & 0xff, alpha);
            out[i] = (r << 16) | (g << 8) | b;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, out, 0, w);
        return img;
    }

    private static int blend(int a, int b, double alpha) {
        return (int) Math.round((1 - alpha) * a + alpha * b);
    }

    private static Planes unit(Planes map, Range range) {
        float[] out = new float[map.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = range.unit(map.data()[i]);
        }
        return new Planes(1, map.height(), map.width(), out);
    }

    private static void requireOneChannel(Planes map) {
        if (map.channels() != 1) {
            throw new IllegalArgumentException("a heat map has one channel, got " + map.channels());
        }
    }
}
