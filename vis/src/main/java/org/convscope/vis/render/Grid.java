package org.convscope.vis.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiles many images into one, row by row: {@code padding} pixels of {@code background} around and
 * between the tiles, and an optional text label above or below each tile.
 *
 * <p>Geometry, for cells of {@code cw x ch} (the largest tile; smaller tiles are centred in their
 * cell), label height {@code lh} (0 without labels) and padding {@code p}: tile {@code i} sits in
 * column {@code i % cols} and row {@code i / cols} at
 * {@code x = p + col (cw + p)}, {@code y = p + row (ch + lh + p) + (labels above ? lh : 0)}; the
 * image is {@code p + cols (cw + p)} wide and {@code p + rows (ch + lh + p)} high. With
 * {@code columns = 0} the column count is chosen so the whole grid is near square:
 * {@code cols = ceil(sqrt(n (ch + lh + p) / (cw + p)))}, at most {@code n}.
 *
 * <p>Text is drawn in the logical {@link Font#SANS_SERIF} font (present on every headless JVM) with
 * every rendering hint set explicitly (grey-scale anti-aliasing, integer metrics), so the same
 * input gives the same pixels on a given JVM and font set.
 */
public record Grid(int columns, int padding, Color background, Labels labels, int fontSize, Color textColor) {

    /** Where labels go. */
    public enum Labels { NONE, ABOVE, BELOW }

    public Grid {
        if (columns < 0) {
            throw new IllegalArgumentException("columns must be >= 0 (0 chooses), got " + columns);
        }
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
        if (fontSize < 4) {
            throw new IllegalArgumentException("font size must be at least 4, got " + fontSize);
        }
    }

    /** Automatic columns, 2 px dark grey padding, labels below in 11 px light grey. */
    public static Grid standard() {
        return new Grid(0, 2, new Color(0x202020), Labels.BELOW, 11, new Color(0xe0e0e0));
    }

    public Grid withColumns(int c) {
        return new Grid(c, padding, background, labels, fontSize, textColor);
    }

    public Grid withPadding(int p) {
        return new Grid(columns, p, background, labels, fontSize, textColor);
    }

    public Grid withBackground(Color c) {
        return new Grid(columns, padding, c, labels, fontSize, textColor);
    }

    public Grid withLabels(Labels l) {
        return new Grid(columns, padding, background, l, fontSize, textColor);
    }

    public Grid withFontSize(int s) {
        return new Grid(columns, padding, background, labels, s, textColor);
    }

    public Grid withTextColor(Color c) {
        return new Grid(columns, padding, background, labels, fontSize, c);
    }

    /** Where everything goes, for {@code count} cells of {@code cellWidth x cellHeight}. */
    public record Layout(int count, int columns, int rows, int cellWidth, int cellHeight, int labelHeight,
                         int padding, boolean labelsAbove, int width, int height) {

        /** The cell of tile {@code i} (a tile smaller than the cell is centred in it). */
        public Rectangle tile(int i) {
            check(i);
            int col = i % columns;
            int row = i / columns;
            int x = padding + col * (cellWidth + padding);
            int y = padding + row * (cellHeight + labelHeight + padding) + (labelsAbove ? labelHeight : 0);
            return new Rectangle(x, y, cellWidth, cellHeight);
        }

        /** The label strip of tile {@code i} (empty height when there are no labels). */
        public Rectangle label(int i) {
            Rectangle t = tile(i);
            int y = labelsAbove ? t.y - labelHeight : t.y + cellHeight;
            return new Rectangle(t.x, y, cellWidth, labelHeight);
        }

        private void check(int i) {
            if (i < 0 || i >= count) {
                throw new IllegalArgumentException("tile " + i + " out of range 0.." + (count - 1));
            }
        }
    }

    /** The layout of {@code count} cells of the given size under this grid's settings. */
    public Layout layout(int count, int cellWidth, int cellHeight) {
        if (count < 1) {
            throw new IllegalArgumentException("a grid needs at least one tile");
        }
        int lh = labels == Labels.NONE ? 0 : labelHeight();
        int cols = columns > 0 ? Math.min(columns, count) : autoColumns(count, cellWidth + padding, cellHeight + lh + padding);
        int rows = (count + cols - 1) / cols;
        int width = padding + cols * (cellWidth + padding);
        int height = padding + rows * (cellHeight + lh + padding);
        return new Layout(count, cols, rows, cellWidth, cellHeight, lh, padding, labels == Labels.ABOVE, width, height);
    }

    /**
     * Planes images as tiles, each enlarged (whole pixels, {@link Resample#nearest}) until its
     * longer side is at least {@code minTile}, labelled with their index.
     */
    public BufferedImage renderPlanes(List<Planes> planes, int minTile) {
        List<BufferedImage> tiles = new ArrayList<>(planes.size());
        List<String> tileLabels = new ArrayList<>(planes.size());
        for (int i = 0; i < planes.size(); i++) {
            Planes p = planes.get(i);
            int factor = Pictures.upscaleFactor(p.height(), p.width(), minTile);
            tiles.add(Pictures.toImage(Resample.nearest(p, factor)));
            tileLabels.add(Integer.toString(i));
        }
        return render(tiles, tileLabels);
    }

    /** The tiles in one image, without labels. */
    public BufferedImage render(List<BufferedImage> tiles) {
        return render(tiles, null);
    }

    /**
     * The tiles in one image; {@code labels} (one per tile, null entries draw nothing) is ignored
     * when it is null or this grid draws no labels.
     */
    public BufferedImage render(List<BufferedImage> tiles, List<String> tileLabels) {
        if (tileLabels != null && tileLabels.size() != tiles.size()) {
            throw new IllegalArgumentException(tileLabels.size() + " labels for " + tiles.size() + " tiles");
        }
        int cw = 0;
        int ch = 0;
        for (BufferedImage t : tiles) {
            cw = Math.max(cw, t.getWidth());
            ch = Math.max(ch, t.getHeight());
        }
        Layout l = layout(tiles.size(), cw, ch);
        BufferedImage out = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            hints(g);
            g.setColor(background);
            g.fillRect(0, 0, l.width(), l.height());
            for (int i = 0; i < tiles.size(); i++) {
                BufferedImage t = tiles.get(i);
                Rectangle r = l.tile(i);
                g.drawImage(t, r.x + (cw - t.getWidth()) / 2, r.y + (ch - t.getHeight()) / 2, null);
            }
            if (tileLabels != null && labels != Labels.NONE) {
                g.setFont(font());
                g.setColor(textColor);
                FontMetrics fm = g.getFontMetrics();
                for (int i = 0; i < tiles.size(); i++) {
                    String text = tileLabels.get(i);
                    if (text == null || text.isEmpty()) {
                        continue;
                    }
                    Rectangle r = l.label(i);
                    int tw = fm.stringWidth(text);
                    Graphics2D gc = (Graphics2D) g.create();
                    try {
                        gc.clipRect(r.x, r.y, r.width, r.height);
                        gc.drawString(text, r.x + Math.max(0, (r.width - tw) / 2), r.y + 1 + fm.getAscent());
                    } finally {
                        gc.dispose();
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Label strip height: the font's ascent plus descent plus a pixel above and below. */
    public int labelHeight() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            hints(g);
            FontMetrics fm = g.getFontMetrics(font());
            return fm.getAscent() + fm.getDescent() + 2;
        } finally {
            g.dispose();
        }
    }

    private Font font() {
        return new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
    }

    /** Every hint that changes pixels, set explicitly so the output does not depend on platform defaults. */
    static void hints(Graphics2D g) {
        hints(g, false);
    }

    /**
     * As {@link #hints(Graphics2D)}, with anti-aliased shapes when {@code smoothShapes} (scatter plots);
     * text is always anti-aliased, images always nearest-neighbour.
     */
    public static void hints(Graphics2D g, boolean smoothShapes) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                smoothShapes ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_DITHERING, RenderingHints.VALUE_DITHER_DISABLE);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
    }

    private static int autoColumns(int n, int stepX, int stepY) {
        int cols = (int) Math.ceil(Math.sqrt(n * (double) stepY / stepX) - 1e-9);
        return Math.max(1, Math.min(n, cols));
    }
}
