package org.convscope.vis.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Planes;
import org.junit.jupiter.api.Test;

class ActivationGridTest {

    /** 1 x C x 6 x 6 where channel c is the constant c, except pixel (0,0) of every channel is 0. */
    private static Tensor blob(int c) {
        float[] v = new float[c * 36];
        for (int k = 0; k < c; k++) {
            for (int i = 1; i < 36; i++) {
                v[k * 36 + i] = k;
            }
        }
        return CpuDevice.shared().wrap(v, 1, c, 6, 6);
    }

    @Test
    void oneLabelledTilePerChannelUpscaled() {
        int c = 13;
        List<Planes> maps = ActivationGrid.maps(blob(c), ActivationGrid.DEFAULT_DISPLAY);
        assertEquals(c, maps.size());
        Grid grid = Grid.standard();
        BufferedImage img = ActivationGrid.render(maps, grid, 48);
        Grid.Layout l = grid.layout(c, 48, 48); // 6x6 maps upscaled x8
        assertEquals(l.width(), img.getWidth());
        assertEquals(l.height(), img.getHeight());
        // labels make cells taller than wide, so near square in pixels takes 5 columns, 3 rows
        assertEquals(5, l.columns());
        assertEquals(3, l.rows());
        assertTrue(Math.abs(img.getWidth() - img.getHeight()) < 64, "near square");
        // shared scale over the layer [0, 12]: channel 6 is grey round(0.5*255), its (0,0) block black
        Rectangle t = l.tile(6);
        assertEquals(128, img.getRGB(t.x + 20, t.y + 20) & 0xff);
        assertEquals(0, img.getRGB(t.x + 7, t.y + 7) & 0xff);
        assertEquals(128, img.getRGB(t.x + 8, t.y + 8) & 0xff, "nearest upscale: block edge at 8");
        // channel 12's label strip carries text
        Rectangle s = l.label(12);
        boolean text = false;
        for (int y = s.y; y < s.y + s.height && !text; y++) {
            for (int x = s.x; x < s.x + s.width; x++) {
                text |= (img.getRGB(x, y) & 0xffffff) != 0x202020;
            }
        }
        assertTrue(text, "label of the last tile");
    }

    @Test
    void perMapScalingFillsEachMap() {
        List<Planes> maps = ActivationGrid.maps(blob(3), Display.of(Display.Mode.NORM));
        assertEquals(1f, maps.get(1).get(0, 3, 3));
        assertEquals(1f, maps.get(2).get(0, 3, 3));
        assertEquals(0f, maps.get(0).get(0, 3, 3), "a constant (dead) map is black");
        assertThrows(IllegalArgumentException.class,
                () -> ActivationGrid.channels(CpuDevice.shared().wrap(new float[8], 2, 1, 2, 2)));
        assertEquals(4, ActivationGrid.channels(CpuDevice.shared().wrap(new float[4], 1, 4)).size());
    }
}
