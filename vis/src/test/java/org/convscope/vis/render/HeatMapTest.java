package org.convscope.vis.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

class HeatMapTest {

    private static BufferedImage image() {
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, (x * 30 << 16) | (y * 40 << 8) | 77);
            }
        }
        return img;
    }

    @Test
    void alphaZeroIsTheImageAndAlphaOneIsTheColormap() {
        BufferedImage img = image();
        Planes map = new Planes(1, 3, 4, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        BufferedImage zero = HeatMap.overlay(img, map, Colormap.heat(), 0);
        BufferedImage one = HeatMap.overlay(img, map, Colormap.heat(), 1);
        Planes resized = Resample.bilinear(map, 6, 8);
        Range r = Range.of(map.data());
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(img.getRGB(x, y), zero.getRGB(x, y));
                assertEquals(Colormap.heat().rgb(r.unit(resized.get(0, y, x))), one.getRGB(x, y) & 0xffffff);
            }
        }
        // corners: the min and the max of the map
        assertEquals(Colormap.heat().rgb(0), one.getRGB(0, 0) & 0xffffff);
        assertEquals(Colormap.heat().rgb(1), one.getRGB(7, 5) & 0xffffff);
    }

    @Test
    void halfAlphaBlends() {
        BufferedImage img = image();
        Planes map = new Planes(1, 6, 8, new float[48]);
        BufferedImage half = HeatMap.overlay(img, map, Colormap.grey(), 0.5, new Range(0, 1));
        int base = img.getRGB(3, 2) & 0xffffff;
        assertEquals(Math.round(0.5 * ((base >> 16) & 0xff)), (half.getRGB(3, 2) >> 16) & 0xff);
    }
}
