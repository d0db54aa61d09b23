package org.convscope.vis.embed;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

import org.convscope.nn.data.Dataset;

/**
 * Nearest neighbours drawn as rows (Krizhevsky et al. 2012, figure 4): each row is a query image,
 * then its k nearest images by L2 distance in pixel space, then its k nearest in a layer's code
 * space. Each tile has its class name below it, green when it is the query's class and red when
 * not, so the two spaces can be compared at a glance.
 */
public final class NeighbourRows {
    private static final Color BACKGROUND = new Color(0x202020);
    private static final Color TEXT = new Color(0xe0e0e0);
    private static final Color SAME = new Color(0x7fd67f);
    private static final Color OTHER = new Color(0xff7a6e);

    private NeighbourRows() {
    }

    /**
     * @param queries      query images (already drawable)
     * @param queryClasses class name of each query (null entries for unknown)
     * @param pixel        [query][rank] base image index, nearest by pixels
     * @param code         [query][rank] base image index, nearest by codes
     * @param base         the base images' pictures
     * @param baseClasses  class name of each base image
     * @param codeName     the code space's name for the header ("fc7")
     * @param tile         tile side in pixels (images scaled to it)
     */
    public static BufferedImage render(List<BufferedImage> queries, List<String> queryClasses, int[][] pixel, int[][] code,
                                       List<BufferedImage> base, List<String> baseClasses, String codeName, int tile) {
        int k = pixel[0].length;
        int pad = 4;
        int gap = 16;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        Font head = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        int labelH = 15;
        int headH = 22;
        int rowH = tile + labelH + pad;
        int w = pad + tile + gap + k * (tile + pad) + gap + k * (tile + pad);
        int h = headH + queries.size() * rowH + pad;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            EmbeddingPictures.hints(g);
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, w, h);
            int xPixel = pad + tile + gap;
            int xCode = xPixel + k * (tile + pad) + gap - pad;
            g.setFont(head);
            g.setColor(TEXT);
            g.drawString("query", pad, 16);
            g.drawString(k + " nearest by pixel L2", xPixel, 16);
            g.drawString(k + " nearest by " + codeName + " L2", xCode, 16);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            for (int q = 0; q < queries.size(); q++) {
                int y0 = headH + q * rowH;
                String qc = queryClasses.get(q);
                drawTile(g, fm, queries.get(q), qc, TEXT, pad, y0, tile);
                for (int r = 0; r < k; r++) {
                    String c = baseClasses.get(pixel[q][r]);
                    drawTile(g, fm, base.get(pixel[q][r]), c, colour(qc, c), xPixel + r * (tile + pad), y0, tile);
                    c = baseClasses.get(code[q][r]);
                    drawTile(g, fm, base.get(code[q][r]), c, colour(qc, c), xCode + r * (tile + pad), y0, tile);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static Color colour(String queryClass, String c) {
        if (queryClass == null) {
            return TEXT;
        }
        return queryClass.equals(c) ? SAME : OTHER;
    }

    private static void drawTile(Graphics2D g, FontMetrics fm, BufferedImage img, String label, Color c, int x, int y, int tile) {
        g.drawImage(img, x, y, tile, tile, null);
        if (label != null) {
            Graphics2D gc = (Graphics2D) g.create();
            try {
                gc.clipRect(x, y + tile, tile, 15);
                gc.setColor(c);
                String text = label.replace('_', ' ');
                // the largest font from 11 px down to 8 px that fits the tile
                FontMetrics m = fm;
                for (int size = 11; size >= 8; size--) {
                    m = gc.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, size));
                    if (m.stringWidth(text) <= tile - 2) {
                        break;
                    }
                }
                gc.setFont(m.getFont());
                int tw = m.stringWidth(text);
                gc.drawString(text, x + Math.max(0, (tile - tw) / 2), y + tile + 1 + fm.getAscent());
            } finally {
                gc.dispose();
            }
        }
    }

    /** Image {@code i} of a data set as a picture: 3 channels BGR 0-255 to RGB, 1 channel to grey. */
    public static BufferedImage picture(Dataset data, int i) {
        float[] f = data.image(i);
        int h = data.height();
        int w = data.width();
        int plane = h * w;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < plane; p++) {
            int r;
            int gr;
            int b;
            if (data.channels() >= 3) {
                b = clamp(f[p]);
                gr = clamp(f[p + plane]);
                r = clamp(f[p + 2 * plane]);
            } else {
                r = gr = b = clamp(f[p]);
            }
            img.setRGB(p % w, p / w, (r << 16) | (gr << 8) | b);
        }
        return img;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
