package org.convscope.vis.embed;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import org.convscope.vis.render.Grid;

/**
 * Pictures of a 2-D embedding: a scatter coloured by class with a legend, and the image grid in
 * which every image is placed at its embedded point and snapped to a free grid cell.
 *
 * <p>Both map the embedding's bounding box (the larger side decides, so the aspect is kept) onto
 * the drawing area. All rendering hints are set explicitly, so the same input gives the same pixels
 * on a given JVM and font set.
 */
public final class EmbeddingPictures {
    private static final int[] PALETTE = {
        0x3b7dd8, 0xe8772e, 0x3aa655, 0xd9413c, 0x8c62c4, 0x8c564b, 0xe06fbf, 0x7f7f7f, 0xbcbd22, 0x19b9c9,
    };
    private static final Color BACKGROUND = Color.WHITE;
    private static final Color TEXT = new Color(0x202020);
    /** Empty grid cells: dark, so the (often bright) images stand out. */
    private static final Color GRID_BACKGROUND = new Color(0x202020);

    private EmbeddingPictures() {
    }

    /** Colour of class {@code c}: ten distinct colours, then hues spaced by the golden angle. */
    public static Color classColour(int c) {
        if (c >= 0 && c < PALETTE.length) {
            return new Color(PALETTE[c]);
        }
        float h = (float) ((c * 0.618033988749895) % 1.0);
        return Color.getHSBColor(h, 0.65f, 0.85f);
    }

    /**
     * The scatter: a {@code size x size} plot of the points (dots of radius {@code radius} in their
     * class colour, drawn in index order), and to its right a legend with each class's colour,
     * name and count (as many classes as fit beside the plot, then a line saying how many more). {@code labels} may be null (every point in the first colour, no legend).
     */
    public static BufferedImage scatter(double[][] y, int[] labels, List<String> classNames, int size, int radius) {
        int margin = 16;
        int legendW = 0;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        int[] counts = null;
        if (labels != null) {
            counts = new int[classNames.size()];
            for (int l : labels) {
                counts[l]++;
            }
            BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scratch.createGraphics();
            FontMetrics fm = g.getFontMetrics(font);
            for (int c = 0; c < classNames.size(); c++) {
                legendW = Math.max(legendW, fm.stringWidth(classNames.get(c) + " (" + counts[c] + ")"));
            }
            g.dispose();
            legendW += 40;
        }
        int w = size + 2 * margin + legendW;
        int h = size + 2 * margin;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            hints(g);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(0xd0d0d0));
            g.setStroke(new BasicStroke(1));
            g.drawRect(margin - 1, margin - 1, size + 1, size + 1);
            double[] box = box(y);
            int inner = size - 2 * radius - 2;
            for (int i = 0; i < y.length; i++) {
                int px = margin + radius + 1 + (int) Math.round(norm(y[i][0], box[0], box[2]) * inner);
                int py = margin + radius + 1 + (int) Math.round(norm(y[i][1], box[1], box[2]) * inner);
                Color c = classColour(labels == null ? 0 : labels[i]);
                g.setColor(c);
                g.fillOval(px - radius, py - radius, 2 * radius + 1, 2 * radius + 1);
                g.setColor(c.darker());
                g.drawOval(px - radius, py - radius, 2 * radius, 2 * radius);
            }
            if (labels != null) {
                g.setFont(font);
                FontMetrics fm = g.getFontMetrics();
                int lx = size + 2 * margin + 8;
                int row = Math.max(fm.getHeight(), 2 * radius + 6);
                int shown = Math.min(classNames.size(), Math.max(1, (size - row) / row));
                for (int c = 0; c < shown; c++) {
                    int ly = margin + c * row;
                    g.setColor(classColour(c));
                    g.fillOval(lx, ly + (row - 12) / 2, 12, 12);
                    g.setColor(TEXT);
                    g.drawString(classNames.get(c) + " (" + counts[c] + ")", lx + 20, ly + (row + fm.getAscent() - fm.getDescent()) / 2);
                }
                if (shown < classNames.size()) {
                    g.setColor(TEXT);
                    g.drawString("... and " + (classNames.size() - shown) + " more classes", lx, margin + shown * row + fm.getAscent());
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Where each image goes in a {@code cols x rows} grid: image i's embedded point, scaled into the
     * grid, is snapped to the nearest cell not yet taken (Euclidean distance between the point and
     * cell centres, ties to the lower cell index). Images are placed in order of increasing distance
     * from their point to its nearest cell centre, so the images that fit best are placed first.
     * Returns the cell index ({@code row * cols + col}) of every image.
     *
     * @throws IllegalArgumentException when there are fewer cells than images
     */
    public static int[] snapToGrid(double[][] y, int cols, int rows) {
        int n = y.length;
        if ((long) cols * rows < n) {
            throw new IllegalArgumentException(cols + " x " + rows + " cells for " + n + " images");
        }
        double[] box = box(y);
        double[] gx = new double[n];
        double[] gy = new double[n];
        for (int i = 0; i < n; i++) {
            // cell coordinates in [0, cols) x [0, rows), the box's aspect kept
            gx[i] = Math.min(cols - 1e-9, norm(y[i][0], box[0], box[2]) * cols);
            gy[i] = Math.min(rows - 1e-9, norm(y[i][1], box[1], box[2]) * rows);
        }
        Integer[] order = new Integer[n];
        double[] fit = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            double dx = gx[i] - (Math.floor(gx[i]) + 0.5);
            double dy = gy[i] - (Math.floor(gy[i]) + 0.5);
            fit[i] = dx * dx + dy * dy;
        }
        java.util.Arrays.sort(order, (a, b) -> fit[a] != fit[b] ? Double.compare(fit[a], fit[b]) : Integer.compare(a, b));
        boolean[] taken = new boolean[cols * rows];
        int[] cell = new int[n];
        for (int i : order) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            // search rings of growing radius around the point's own cell until a free cell is certain to be nearest
            int c0 = (int) gx[i];
            int r0 = (int) gy[i];
            for (int ring = 0; ring < Math.max(cols, rows); ring++) {
                if (best >= 0 && ring - 1 > Math.sqrt(bestD)) {
                    break;
                }
                for (int r = r0 - ring; r <= r0 + ring; r++) {
                    for (int c = c0 - ring; c <= c0 + ring; c++) {
                        if (Math.max(Math.abs(r - r0), Math.abs(c - c0)) != ring || r < 0 || c < 0 || r >= rows || c >= cols) {
                            continue;
                        }
                        int k = r * cols + c;
                        if (taken[k]) {
                            continue;
                        }
                        double dx = gx[i] - (c + 0.5);
                        double dy = gy[i] - (r + 0.5);
                        double d = dx * dx + dy * dy;
                        if (d < bestD || (d == bestD && k < best)) {
                            bestD = d;
                            best = k;
                        }
                    }
                }
            }
            taken[best] = true;
            cell[i] = best;
        }
        return cell;
    }

    /**
     * The image grid: {@code cols = rows = ceil(sqrt(fill N))} cells of {@code tile x tile} pixels
     * (images scaled to the tile), each image in the cell {@link #snapToGrid} gives it; a thin
     * border in the image's class colour when labels are given. {@code fill} (at least 1) is the
     * ratio of cells to images: more cells keep the layout closer to the map.
     */
    public static BufferedImage imageGrid(double[][] y, List<BufferedImage> images, int[] labels, int tile, double fill) {
        if (images.size() != y.length) {
            throw new IllegalArgumentException(images.size() + " images for " + y.length + " points");
        }
        int side = (int) Math.ceil(Math.sqrt(Math.max(1, fill) * y.length));
        int[] cell = snapToGrid(y, side, side);
        int w = side * tile;
        BufferedImage out = new BufferedImage(w, w, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            hints(g);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(GRID_BACKGROUND);
            g.fillRect(0, 0, w, w);
            for (int i = 0; i < y.length; i++) {
                int x0 = (cell[i] % side) * tile;
                int y0 = (cell[i] / side) * tile;
                g.drawImage(images.get(i), x0, y0, tile, tile, null);
                if (labels != null) {
                    g.setColor(classColour(labels[i]));
                    g.drawRect(x0, y0, tile - 1, tile - 1);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {minX, minY, span} of the points (span is the larger side, never 0). */
    private static double[] box(double[][] y) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : y) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double span = Math.max(maxX - minX, maxY - minY);
        if (!(span > 0)) {
            span = 1;
        }
        // centre the shorter side
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2;
        return new double[] {cx - span / 2, cy - span / 2, span};
    }

    private static double norm(double v, double min, double span) {
        return (v - min) / span;
    }

    static void hints(Graphics2D g) {
        Grid.hints(g, true);
    }
}
