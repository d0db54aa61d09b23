package org.convscope.vis.activations;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Tensor;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Planes;

/**
 * Algorithm 2, activations (Yosinski et al. 2015, the Deep Visualization Toolbox's main pane):
 * every channel of a layer's output for one image, as a grid of grey maps labelled with the
 * channel index.
 *
 * <p>The blob is {@code 1 x C x H x W} (or {@code C x H x W}); a fully connected output
 * {@code 1 x C} is shown as C maps of one pixel. Each channel is one map, brought to [0,1] by a
 * {@link Display}: the default is DVT's, NORM with one shared scale over the layer (so a weak
 * channel looks weak, and a dead one black) and gamma 1; per-map scaling shows every channel's
 * pattern, and a gamma below 1 lifts faint activity. Maps smaller than the tile size are
 * upscaled by a whole factor with nearest neighbour, so 6x6 maps of conv5 stay visible as
 * blocks rather than blurs.
 */
public final class ActivationGrid {

    /** DVT's default view: min-max over the whole layer, no gamma. */
    public static final Display DEFAULT_DISPLAY = Display.of(Display.Mode.NORM).withShared(true);

    /** Default smallest tile side in pixels. */
    public static final int DEFAULT_MIN_TILE = 48;

    private ActivationGrid() {
    }

    /** The C channels of the blob as one-channel planes (raw values, a copy). */
    public static List<Planes> channels(Tensor blob) {
        int[] d = blob.shape().dims();
        int c;
        int h;
        int w;
        switch (d.length) {
            case 4 -> {
                requireOne(blob, d[0]);
                c = d[1];
                h = d[2];
                w = d[3];
            }
            case 3 -> {
                c = d[0];
                h = d[1];
                w = d[2];
            }
            case 2 -> {
                requireOne(blob, d[0]);
                c = d[1];
                h = 1;
                w = 1;
            }
            default -> throw new IllegalArgumentException("expected a blob of one image (1xCxHxW, CxHxW or 1xC), got "
                    + blob.shape());
        }
        float[] all = blob.toArray();
        int p = h * w;
        List<Planes> out = new ArrayList<>(c);
        for (int k = 0; k < c; k++) {
            float[] m = new float[p];
            System.arraycopy(all, k * p, m, 0, p);
            out.add(new Planes(1, h, w, m));
        }
        return out;
    }

    /** The channels as unit maps under {@code display} (per map or shared, with its gamma). */
    public static List<Planes> maps(Tensor blob, Display display) {
        return display.apply(channels(blob));
    }

    /**
     * Unit maps as a labelled grid: map {@code i} is tile {@code i}, labelled {@code "i"}, upscaled
     * to at least {@code minTile} pixels a side.
     */
    public static BufferedImage render(List<Planes> unitMaps, Grid grid, int minTile) {
        return grid.renderPlanes(unitMaps, minTile);
    }

    /** The blob with the default display, grid and tile size. */
    public static BufferedImage render(Tensor blob) {
        return render(maps(blob, DEFAULT_DISPLAY), Grid.standard(), DEFAULT_MIN_TILE);
    }

    private static void requireOne(Tensor blob, int n) {
        if (n != 1) {
            throw new IllegalArgumentException("activations are shown for one image; " + blob.shape()
                    + " holds " + n + " (take one item first)");
        }
    }
}
