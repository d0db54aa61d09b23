package org.convscope.vis.patches;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.convscope.tensor.Tensor;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Pictures;

/**
 * The figure of {@link FeatureEvolution}: one row per channel, one column per snapshot. The top-left
 * heading names the blob, the other headings the snapshots ("epoch 5"); the first column names the
 * channel ("ch 3"). Each cell shows the channel's top hit under that snapshot: its deconvnet (or
 * guided-backprop) projection, its image patch, or both side by side ({@link Show}); with
 * {@code k > 1} the cell holds the k hits in a near-square block, best first, row by row.
 *
 * <p>Tiles are drawn by a {@link PatchFigure} (projections through its {@code Display}, patches
 * deprocessed as the net saw them) and enlarged by the integer factor that makes a patch's longer
 * side at least {@code minTile} pixels.
 *
 * <h2>Geometry</h2>
 * One {@link Grid} ({@link #grid(int)}: {@code S + 1} columns for {@code S} snapshots, labels above,
 * padding {@code p}) lays out every cell; the headings are the labels of the first row, and the first
 * column holds the channel names (a label strip of the same grid, centred in a cell). For cells of
 * {@code cw x ch} (the largest cell, and {@code ch} at least {@code lh + 1}) and label height {@code lh}:
 * {@code width = p + (S + 1)(cw + p)}, {@code height = p + C (ch + lh + p)} for {@code C} channels.
 * With {@code k = 1}: {@code DECONV} and {@code PATCH} cells are one tile ({@code r f} pixels for a
 * receptive field of side {@code r} and factor {@code f}); {@code BOTH} is the pair in a
 * {@link #pairGrid()}, {@code 3 p' + 2 r f} wide and {@code 2 p' + r f} high.
 */
public final class EvolutionFigure {
    /** What a cell shows of a hit. */
    public enum Show {
        /** the image patch the unit sees */
        PATCH,
        /** the projection of the activation back to pixels */
        DECONV,
        /** the patch, then the projection beside it */
        BOTH;

        /** {@code patch}, {@code deconv} or {@code both} (case-insensitive). */
        public static Show named(String s) {
            for (Show v : values()) {
                if (v.name().equalsIgnoreCase(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown --show '" + s + "': use patch, deconv or both");
        }
    }

    private final PatchFigure tiles;
    private final Show show;
    private final boolean guided;
    private final int minTile;

    /**
     * @param deprocess net input ({@code 1 x C x H x W}) to picture, e.g. {@code Preprocessing::deprocess}
     * @param display   how projections are shown
     * @param order     channel order of the net input (Caffe: BGR)
     * @param minTile   minimum tile side in pixels
     * @param show      what each cell shows
     * @param guided    show the guided-backprop projection instead of the deconvnet one
     */
    public EvolutionFigure(Function<Tensor, BufferedImage> deprocess, Display display, ChannelOrder order, int minTile,
                           Show show, boolean guided) {
        if (minTile < 1) {
            throw new IllegalArgumentException("minimum tile side must be at least 1, got " + minTile);
        }
        this.tiles = new PatchFigure(deprocess, display, order, minTile);
        this.show = show;
        this.guided = guided;
        this.minTile = minTile;
    }

    /** The grid of the whole figure for {@code snapshots} columns of cells (plus the channel-name column). */
    public static Grid grid(int snapshots) {
        return Grid.standard().withColumns(snapshots + 1).withLabels(Grid.Labels.ABOVE).withPadding(4);
    }

    /** The grid of a patch-and-projection pair ({@link Show#BOTH}). */
    public static Grid pairGrid() {
        return Grid.standard().withColumns(2).withLabels(Grid.Labels.NONE).withPadding(1);
    }

    /** The grid of a cell's k hits (k > 1): near square. */
    public static Grid blockGrid(int k) {
        return Grid.standard().withColumns((int) Math.ceil(Math.sqrt(k) - 1e-9)).withLabels(Grid.Labels.NONE)
                .withPadding(1);
    }

    /** The figure. */
    public BufferedImage render(FeatureEvolution.Result result) {
        List<FeatureEvolution.Column> cols = result.columns();
        MaxPatches.Result first = cols.get(0).result();
        MaxPatches.Request req = result.request();
        int nc = req.channels().size();
        int ns = cols.size();
        List<List<BufferedImage>> cells = new ArrayList<>();
        int cw = 1;
        int ch = 1;
        for (int ci = 0; ci < nc; ci++) {
            List<BufferedImage> row = new ArrayList<>();
            for (int si = 0; si < ns; si++) {
                BufferedImage cell = cell(cols.get(si).result(), result.cell(ci, si));
                if (cell != null) {
                    cw = Math.max(cw, cell.getWidth());
                    ch = Math.max(ch, cell.getHeight());
                }
                row.add(cell);
            }
            cells.add(row);
        }
        Grid grid = grid(ns);
        List<BufferedImage> all = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        String unit = first.blobShape().rank() == 4 ? "ch " : "unit ";
        for (int ci = 0; ci < nc; ci++) {
            all.add(rowName(grid, unit + req.channels().get(ci), cw));
            labels.add(ci == 0 ? req.blob() + (req.y() != null ? " @" + req.y() + "," + req.x() : "") : null);
            for (int si = 0; si < ns; si++) {
                BufferedImage cell = cells.get(ci).get(si);
                all.add(cell != null ? cell : blank(grid, cw, ch));
                labels.add(ci == 0 ? cols.get(si).snapshot().heading() : null);
            }
        }
        return grid.render(all, labels);
    }

    /** A cell: the hits of one channel under one snapshot, or null when there are none. */
    BufferedImage cell(MaxPatches.Result r, List<MaxPatches.Projection> hits) {
        if (hits.isEmpty()) {
            return null;
        }
        List<BufferedImage> drawn = new ArrayList<>();
        for (MaxPatches.Projection p : hits) {
            drawn.add(tile(r, p));
        }
        return drawn.size() == 1 ? drawn.get(0) : blockGrid(drawn.size()).render(drawn);
    }

    /** One hit as the figure shows it. */
    BufferedImage tile(MaxPatches.Result r, MaxPatches.Projection p) {
        int factor = Pictures.upscaleFactor(p.patch().height(), p.patch().width(), minTile);
        BufferedImage projection = Pictures.upscale(tiles.projection(guided ? p.guided() : p.deconvnet()), factor);
        if (show == Show.DECONV) {
            return projection;
        }
        BufferedImage patch = Pictures.upscale(tiles.patch(p, r.inputShape().c(), r.inputShape().h(), r.inputShape().w()),
                factor);
        return show == Show.PATCH ? patch : pairGrid().render(List.of(patch, projection));
    }

    /** The channel name: a label strip of {@code grid} as wide as a cell. */
    private static BufferedImage rowName(Grid grid, String text, int width) {
        Grid strip = grid.withColumns(1).withPadding(0).withLabels(Grid.Labels.BELOW);
        return strip.render(List.of(blank(grid, width, 1)), List.of(text));
    }

    private static BufferedImage blank(Grid grid, int w, int h) {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = b.createGraphics();
        try {
            g.setColor(grid.background());
            g.fillRect(0, 0, w, h);
        } finally {
            g.dispose();
        }
        return b;
    }
}
