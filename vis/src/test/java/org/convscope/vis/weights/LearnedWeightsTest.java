package org.convscope.vis.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Planes;
import org.junit.jupiter.api.Test;

class LearnedWeightsTest {

    /** K x 3 x 2 x 2 BGR filters: filter k has blue = k, green = 10 k, red = 100 k + pixel index, scaled by (k + 1). */
    private static Tensor filters(int k) {
        float[] w = new float[k * 3 * 4];
        for (int f = 0; f < k; f++) {
            for (int p = 0; p < 4; p++) {
                w[(f * 3 + 0) * 4 + p] = -(f + 1);        // B: the minimum of the filter
                w[(f * 3 + 1) * 4 + p] = 0;                // G
                w[(f * 3 + 2) * 4 + p] = (f + 1) * p;      // R: max (f+1)*3 at pixel 3
            }
        }
        return CpuDevice.shared().wrap(w, k, 3, 2, 2);
    }

    @Test
    void filterIGoesToTileIWithBgrFlippedAndPerFilterScale() {
        int k = 5;
        List<Planes> rgb = LearnedWeights.rgbFilters(filters(k), ChannelOrder.BGR, LearnedWeights.Scale.PER_FILTER);
        Grid grid = Grid.standard().withLabels(Grid.Labels.NONE).withPadding(1);
        BufferedImage img = LearnedWeights.renderRgb(rgb, grid, 4); // 2x2 filters upscaled x2
        Grid.Layout l = grid.layout(k, 4, 4);
        for (int f = 0; f < k; f++) {
            Rectangle t = l.tile(f);
            // pixel 3 (bottom right) of filter f: red is its max -> 255, blue its min -> 0,
            // green 0 sits at (f+1)/(4(f+1)) = 1/4 of the range
            int px = img.getRGB(t.x + 3, t.y + 3) & 0xffffff;
            assertEquals(255, px >> 16, "red of filter " + f);
            assertEquals(Math.round(0.25f * 255), (px >> 8) & 0xff, "green of filter " + f);
            assertEquals(0, px & 0xff, "blue of filter " + f);
            // pixel 0: red is 0 -> 1/4 as green
            int p0 = img.getRGB(t.x, t.y) & 0xffffff;
            assertEquals(Math.round(0.25f * 255), p0 >> 16);
        }
    }

    @Test
    void sharedScaleShowsStrength() {
        List<Planes> rgb = LearnedWeights.rgbFilters(filters(3), ChannelOrder.BGR, LearnedWeights.Scale.SHARED);
        // shared range is [-3, 9]: filter 0's red max (3) is at 6/12 = 0.5, filter 2's (9) at 1
        assertEquals(0.5f, rgb.get(0).get(0, 1, 1), 1e-6f);
        assertEquals(1f, rgb.get(2).get(0, 1, 1), 1e-6f);
    }

    @Test
    void greyFiltersAreCentredRowsPerFilter() {
        float[] w = new float[2 * 4 * 3 * 3];
        w[0] = 2;      // filter 0, channel 0, top left: the max |w| of filter 0
        w[1] = -1;
        Tensor t = CpuDevice.shared().wrap(w, 2, 4, 3, 3);
        List<Planes> grey = LearnedWeights.greyFilters(t, LearnedWeights.Scale.PER_FILTER);
        assertEquals(1f, grey.get(0).get(0, 0, 0));
        assertEquals(0.25f, grey.get(0).get(0, 0, 1));
        assertEquals(0.5f, grey.get(0).get(3, 2, 2));
        assertEquals(0.5f, grey.get(1).get(0, 0, 0), "an all-zero filter is mid grey");
        Grid grid = Grid.standard();
        BufferedImage img = LearnedWeights.renderGrey(grey, grid, 6, 0);
        Grid.Layout l = grid.withColumns(4).layout(8, 6, 6);
        assertEquals(4, l.columns());
        assertEquals(l.width(), img.getWidth());
        assertEquals(l.height(), img.getHeight());
        assertEquals(255, img.getRGB(l.tile(0).x, l.tile(0).y) & 0xff);
        assertThrows(IllegalArgumentException.class,
                () -> LearnedWeights.rgbFilters(t, ChannelOrder.BGR, LearnedWeights.Scale.PER_FILTER));
    }
}
