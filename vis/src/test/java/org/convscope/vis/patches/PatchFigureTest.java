package org.convscope.vis.patches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;

import org.convscope.nn.Preprocessing;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Planes;
import org.junit.jupiter.api.Test;

class PatchFigureTest {
    /** BGR input with a per-channel mean, so a wrong place or order of the mean shows. */
    static final Preprocessing PRE = new Preprocessing(0, 4, new float[] {10f, 20f, 30f}, null, null, 1f);

    @Test
    void aPatchIsTheDeprocessedInputInsideTheImageAndBackgroundOutside() {
        // a 3 x 4 x 4 net input (BGR, mean removed): value = 10 * (y * 4 + x) + channel
        float[] in = new float[3 * 16];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 16; i++) {
                in[c * 16 + i] = 10 * i + c;
            }
        }
        Planes input = new Planes(3, 4, 4, in);
        int[] box = {-1, 2, 2, 5}; // rows -1..1, columns 2..4: one row above, one column right of the image
        MaxPatches.Hit hit = new MaxPatches.Hit(0, 0, 0, "x", 1f, 0, 0, box);
        MaxPatches.Projection p = new MaxPatches.Projection(hit, MaxPatches.crop(input, box),
                Planes.zeros(3, 3, 3), Planes.zeros(3, 3, 3));
        PatchFigure fig = new PatchFigure(PRE::deprocess, Display.of(Display.Mode.CENTRED), ChannelOrder.BGR, 8);
        BufferedImage img = fig.patch(p, 3, 4, 4);
        assertEquals(3, img.getWidth());
        assertEquals(3, img.getHeight());
        int bg = Grid.standard().background().getRGB() & 0xffffff;
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                int sy = box[0] + y;
                int sx = box[1] + x;
                int rgb = img.getRGB(x, y) & 0xffffff;
                if (sy < 0 || sx >= 4) {
                    assertEquals(bg, rgb, "outside the image at " + y + "," + x);
                } else {
                    int v = 10 * (sy * 4 + sx);
                    int r = Math.min(255, v + 2 + 30); // R is BGR channel 2, mean 30
                    int g = Math.min(255, v + 1 + 20);
                    int b = Math.min(255, v + 10);
                    assertEquals((r << 16) | (g << 8) | b, rgb, "inside at " + y + "," + x);
                }
            }
        }
    }

    @Test
    void theFigureHasARowPerChannel() {
        Planes input = Planes.zeros(3, 4, 4);
        int[] box = {0, 0, 2, 2};
        MaxPatches.Hit hit = new MaxPatches.Hit(0, 0, 0, "x", 1f, 0, 0, box);
        MaxPatches.Projection p = new MaxPatches.Projection(hit, MaxPatches.crop(input, box), Planes.zeros(3, 2, 2),
                Planes.zeros(3, 2, 2));
        MaxPatches.Request req = new MaxPatches.Request("conv1", List.of(0, 1, 2), null, null, 1, 1);
        MaxPatches.Result res = new MaxPatches.Result(req, org.convscope.tensor.Shape.of(1, 3, 4, 4),
                new org.convscope.nn.ModelSummary.ReceptiveField(2, 2, 1, 1, 0, 0, false),
                org.convscope.tensor.Shape.of(1, 3, 4, 4), List.of(List.of(hit), List.of(hit), List.of(hit)), 1, List.of());
        PatchFigure fig = new PatchFigure(PRE::deprocess, Display.of(Display.Mode.CENTRED), ChannelOrder.BGR, 32);
        BufferedImage one = fig.render(res, List.of(List.of(p)));
        BufferedImage three = fig.render(res, List.of(List.of(p), List.of(p), List.of(p)));
        assertEquals(one.getWidth(), three.getWidth());
        assertTrue(three.getHeight() > 2.5 * one.getHeight() - 20, one.getHeight() + " vs " + three.getHeight());
    }
}
