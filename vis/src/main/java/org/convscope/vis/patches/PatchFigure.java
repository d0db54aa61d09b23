package org.convscope.vis.patches;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Pictures;
import org.convscope.vis.render.Planes;

/**
 * The Zeiler &amp; Fergus figure of {@link MaxPatches}: one row per channel, and in each row three
 * blocks of the channel's top-k (near-square, best first, row by row): the image patches, their
 * deconvnet projections, their guided-backprop projections.
 *
 * <p>Patches are shown as the net saw them: the whole net input is turned back into a picture by
 * the caller's {@code deprocess} (mean added back, BGR to RGB) and the receptive-field box is cut
 * from it; the part of a box outside the image is drawn in the grid's background colour.
 * Projections are shown with a {@link Display} (default {@link Display.Mode#CENTRED}: 0 is mid
 * grey, each tile scaled by its own largest |value|). Every tile is enlarged by an integer factor
 * (nearest neighbour) so that its longer side is at least {@code minTile} pixels.
 */
public final class PatchFigure {
    /** Default minimum tile side in pixels. */
    public static final int DEFAULT_MIN_TILE = 64;

    private final Function<Tensor, BufferedImage> deprocess;
    private final Display display;
    private final ChannelOrder order;
    private final int minTile;
    private final Grid grid = Grid.standard();

    /**
     * @param deprocess net input ({@code 1 x C x H x W}) to picture, e.g. {@code Preprocessing::deprocess}
     * @param display   how projections are shown
     * @param order     channel order of the net input (Caffe: BGR)
     * @param minTile   minimum tile side in pixels
     */
    public PatchFigure(Function<Tensor, BufferedImage> deprocess, Display display, ChannelOrder order, int minTile) {
        this.deprocess = deprocess;
        this.display = display;
        this.order = order;
        this.minTile = minTile;
    }

    /** The patch of a hit as a picture (not enlarged). */
    public BufferedImage patch(MaxPatches.Projection p, int channels, int height, int width) {
        int[] box = p.hit().box();
        Planes patch = p.patch();
        // paste the patch into an otherwise empty input, so that a mean image is added back at the right place
        float[] full = new float[channels * height * width];
        int ph = patch.height();
        int pw = patch.width();
        boolean[] inside = new boolean[ph * pw];
        for (int y = 0; y < ph; y++) {
            int sy = box[0] + y;
            for (int x = 0; x < pw; x++) {
                int sx = box[1] + x;
                if (sy >= 0 && sy < height && sx >= 0 && sx < width) {
                    inside[y * pw + x] = true;
                    for (int c = 0; c < channels; c++) {
                        full[(c * height + sy) * width + sx] = patch.get(c, y, x);
                    }
                }
            }
        }
        BufferedImage picture = deprocess.apply(Tensor.of(Devices.cpu(), full, 1, channels, height, width));
        BufferedImage out = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
        int bg = grid.background().getRGB() & 0xffffff;
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                out.setRGB(x, y, inside[y * pw + x] ? picture.getRGB(box[1] + x, box[0] + y) & 0xffffff : bg);
            }
        }
        return out;
    }

    /** A projection as a picture (not enlarged). */
    public BufferedImage projection(Planes p) {
        return Pictures.toImage(display.apply(p.toRgb(order)));
    }

    /**
     * The figure.
     *
     * @param result      the first pass (names the blob and channels)
     * @param projections the second pass, per channel
     */
    public BufferedImage render(MaxPatches.Result result, List<List<MaxPatches.Projection>> projections) {
        int channels = result.inputShape().c();
        int height = result.inputShape().h();
        int width = result.inputShape().w();
        int k = result.request().k();
        int cols = (int) Math.ceil(Math.sqrt(k) - 1e-9);
        Grid block = grid.withColumns(cols).withFontSize(10);
        List<BufferedImage> blocks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int ci = 0; ci < projections.size(); ci++) {
            List<MaxPatches.Projection> row = projections.get(ci);
            int channel = result.request().channels().get(ci);
            List<BufferedImage> patches = new ArrayList<>();
            List<BufferedImage> deconv = new ArrayList<>();
            List<BufferedImage> guided = new ArrayList<>();
            List<String> values = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int factor = 1;
            for (MaxPatches.Projection p : row) {
                factor = Pictures.upscaleFactor(p.patch().height(), p.patch().width(), minTile);
                patches.add(Pictures.upscale(patch(p, channels, height, width), factor));
                deconv.add(Pictures.upscale(projection(p.deconvnet()), factor));
                guided.add(Pictures.upscale(projection(p.guided()), factor));
                values.add(String.format(Locale.ROOT, "%.3g", p.hit().value()));
                names.add("#" + p.hit().image());
            }
            String unit = result.request().blob() + (result.blobShape().rank() == 4 ? " ch " : " unit ") + channel
                    + (result.request().y() != null ? " @" + result.request().y() + "," + result.request().x() : "");
            if (row.isEmpty()) {
                BufferedImage empty = new BufferedImage(minTile, minTile, BufferedImage.TYPE_INT_RGB);
                blocks.add(empty);
                blocks.add(empty);
                blocks.add(empty);
                labels.add(unit + ": no images");
                labels.add("");
                labels.add("");
                continue;
            }
            blocks.add(block.render(patches, values));
            blocks.add(block.render(deconv, names));
            blocks.add(block.render(guided, names));
            labels.add(unit);
            labels.add("deconvnet");
            labels.add("guided backprop");
        }
        return grid.withColumns(3).withPadding(6).withBackground(new Color(0x101010)).render(blocks, labels);
    }
}
