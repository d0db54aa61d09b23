package org.convscope.vis.optimize;

import java.awt.image.BufferedImage;

/**
 * Keeping the content's colours in style transfer (Gatys, Bethge, Hertzmann and Shechtman 2016,
 * "Preserving color in neural artistic style transfer", luminance-only variant): the result's
 * luminance with the content's chrominance, in YIQ:
 * <pre>
 *   Y = 0.299 R + 0.587 G + 0.114 B;  I = 0.596 R - 0.274 G - 0.322 B;  Q = 0.211 R - 0.523 G + 0.312 B
 *   out = YIQ^-1 (Y_result, I_content, Q_content)
 * </pre>
 */
public final class Colours {
    private Colours() {
    }

    /** The result's luminance with the content's colours; both images the same size. */
    public static BufferedImage keepContentColours(BufferedImage result, BufferedImage content) {
        int w = result.getWidth();
        int h = result.getHeight();
        if (content.getWidth() != w || content.getHeight() != h) {
            throw new IllegalArgumentException("result " + w + "x" + h + " and content " + content.getWidth() + "x"
                    + content.getHeight() + " differ in size");
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = result.getRGB(x, y);
                int b = content.getRGB(x, y);
                double lum = 0.299 * ((a >> 16) & 0xff) + 0.587 * ((a >> 8) & 0xff) + 0.114 * (a & 0xff);
                double r = (b >> 16) & 0xff;
                double g = (b >> 8) & 0xff;
                double bl = b & 0xff;
                double i = 0.596 * r - 0.274 * g - 0.322 * bl;
                double q = 0.211 * r - 0.523 * g + 0.312 * bl;
                int rr = clamp(lum + 0.956 * i + 0.621 * q);
                int gg = clamp(lum - 0.272 * i - 0.647 * q);
                int bb = clamp(lum - 1.106 * i + 1.703 * q);
                out.setRGB(x, y, rr << 16 | gg << 8 | bb);
            }
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
