package org.convscope.vis.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class GridTest {

    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    @Test
    void geometryWithoutLabels() {
        Grid g = Grid.standard().withLabels(Grid.Labels.NONE).withPadding(3).withBackground(Color.BLACK).withColumns(4);
        List<BufferedImage> tiles = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tiles.add(solid(5, 7, 0x010101 * (i + 1) * 20));
        }
        BufferedImage out = g.render(tiles);
        Grid.Layout l = g.layout(10, 5, 7);
        assertEquals(3, l.rows());
        assertEquals(3 + 4 * (5 + 3), out.getWidth());
        assertEquals(3 + 3 * (7 + 3), out.getHeight());
        assertEquals(new Rectangle(3 + 2 * 8, 3 + 1 * 10, 5, 7), l.tile(6));
        // a pixel of tile 6 has its colour, the padding beside it is background
        Rectangle r = l.tile(6);
        assertEquals(0x010101 * 7 * 20, out.getRGB(r.x + 2, r.y + 3) & 0xffffff);
        assertEquals(0, out.getRGB(r.x - 1, r.y) & 0xffffff);
        assertEquals(0, out.getRGB(r.x + 5, r.y + 6) & 0xffffff);
    }

    @Test
    void automaticColumnsAreNearSquare() {
        Grid g = Grid.standard().withLabels(Grid.Labels.NONE).withPadding(0);
        assertEquals(4, g.layout(16, 10, 10).columns());
        assertEquals(4, g.layout(10, 10, 10).columns());
        assertEquals(10, g.layout(96, 10, 10).columns());
        assertEquals(1, g.layout(1, 10, 10).columns());
    }

    @Test
    void labelsGoBelowTilesAndAreDeterministic() {
        Grid g = Grid.standard().withColumns(2);
        List<BufferedImage> tiles = List.of(solid(30, 30, 0x808080), solid(30, 30, 0x808080), solid(30, 30, 0x808080));
        BufferedImage a = g.render(tiles, List.of("0", "1", "2"));
        BufferedImage b = g.render(tiles, List.of("0", "1", "2"));
        Grid.Layout l = g.layout(3, 30, 30);
        assertTrue(l.labelHeight() > 5);
        assertEquals(l.tile(0).y + 30, l.label(0).y);
        assertEquals(l.height(), a.getHeight());
        // the label strip of tile 1 holds text pixels (not all background)
        Rectangle s = l.label(1);
        int bg = 0x202020;
        int text = 0;
        for (int y = s.y; y < s.y + s.height; y++) {
            for (int x = s.x; x < s.x + s.width; x++) {
                if ((a.getRGB(x, y) & 0xffffff) != bg) {
                    text++;
                }
            }
        }
        assertTrue(text > 3, "label drawn");
        assertEquals(java.util.Arrays.toString(RunOutput.pngBytes(a)), java.util.Arrays.toString(RunOutput.pngBytes(b)));
    }
}
