package org.convscope.vis.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.List;

import org.convscope.tensor.ChannelOrder;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

import org.convscope.vis.render.Display.Mode;

class DisplayTest {

    private static int grey(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xff;
    }

    @Test
    void normMapsMinToZeroAndMaxTo255() {
        float[] v = {-3f, 1f, 5f, 2f};
        BufferedImage img = Pictures.toImage(Display.of(Mode.NORM).apply(new Planes(1, 2, 2, v)));
        assertEquals(0, grey(img, 0, 0));
        assertEquals(Math.round(4f / 8 * 255), grey(img, 1, 0));
        assertEquals(255, grey(img, 0, 1));
    }

    @Test
    void rawClipsToPixelRange() {
        float[] v = {-20f, 0f, 100.4f, 300f};
        Planes u = Display.of(Mode.RAW).apply(new Planes(1, 1, 4, v));
        BufferedImage img = Pictures.toImage(u);
        assertEquals(0, grey(img, 0, 0));
        assertEquals(0, grey(img, 1, 0));
        assertEquals(100, grey(img, 2, 0));
        assertEquals(255, grey(img, 3, 0));
    }

    @Test
    void grayIsChannelMeanCentredOn128() {
        // three channels; the mean at pixel 0 is 0, at pixel 1 is +2 (max |mean|), at pixel 2 is -1
        float[] v = {0, 3, -1, 0, 3, -1, 0, 0, -1};
        Planes u = Display.of(Mode.GRAY).apply(new Planes(3, 1, 3, v));
        assertEquals(1, u.channels());
        BufferedImage img = Pictures.toImage(u);
        assertEquals(128, grey(img, 0, 0));
        assertEquals(255, grey(img, 1, 0));
        assertEquals(Math.round((0.5f - 0.25f) * 255), grey(img, 2, 0));
        // all zeros is grey, not black
        assertEquals(128, grey(Pictures.toImage(Display.of(Mode.GRAY).apply(Planes.zeros(1, 2, 2))), 1, 1));
    }

    @Test
    void normBlurSmoothsBeforeNormalizing() {
        Planes spike = Planes.zeros(1, 9, 9);
        spike.data()[4 * 9 + 4] = 1;
        Planes u = Display.of(Mode.NORMBLUR).withBlurSigma(1.0).apply(spike);
        assertEquals(1f, u.get(0, 4, 4), 1e-6f);
        float n = u.get(0, 4, 5);
        // the neighbour of the peak gets exp(-1/2) of it after a sigma-1 blur
        assertEquals((float) Math.exp(-0.5), n, 1e-3f);
        assertEquals(0f, u.get(0, 0, 0), 1e-3f);
    }

    @Test
    void gammaBoostsFaintValues() {
        Planes p = new Planes(1, 1, 3, new float[] {0, 0.25f, 1});
        Planes u = Display.of(Mode.NORM).withGamma(0.5).apply(p);
        assertEquals(0.5f, u.get(0, 0, 1), 1e-6f);
        Planes c = Display.of(Mode.CENTRED).withGamma(0.5).apply(new Planes(1, 1, 3, new float[] {-1, -0.25f, 1}));
        assertEquals(0.25f, c.get(0, 0, 1), 1e-6f); // s = -0.25 -> -0.5 -> 0.25
    }

    @Test
    void sharedVersusPerMap() {
        Planes a = new Planes(1, 1, 2, new float[] {0, 1});
        Planes b = new Planes(1, 1, 2, new float[] {0, 4});
        List<Planes> per = Display.of(Mode.NORM).apply(List.of(a, b));
        assertEquals(1f, per.get(0).get(0, 0, 1));
        assertEquals(1f, per.get(1).get(0, 0, 1));
        List<Planes> shared = Display.of(Mode.NORM).withShared(true).apply(List.of(a, b));
        assertEquals(0.25f, shared.get(0).get(0, 0, 1));
        assertEquals(1f, shared.get(1).get(0, 0, 1));
    }

    @Test
    void bgrTensorBecomesRgbImage() {
        // 1x3x1x1 in BGR: blue 10, green 20, red 30
        Tensor t = CpuDevice.shared().wrap(new float[] {10, 20, 30}, 1, 3, 1, 1);
        BufferedImage img = Pictures.fromTensor(t, ChannelOrder.BGR, Display.of(Mode.RAW));
        assertEquals((30 << 16) | (20 << 8) | 10, img.getRGB(0, 0) & 0xffffff);
        Planes back = Pictures.toPlanes(img);
        assertArrayEquals(new float[] {30, 20, 10}, back.data());
    }

    @Test
    void rejectsWhatItCannotShow() {
        assertThrows(IllegalArgumentException.class, () -> Pictures.toImage(Planes.zeros(2, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Display.of(Mode.NORM).withGamma(0));
        assertThrows(IllegalArgumentException.class, () -> Mode.named("sparkle"));
        assertEquals(Mode.NORMBLUR, Mode.named("normblur"));
    }

    @Test
    void bilinearKeepsConstantsAndInterpolatesLinearly() {
        Planes ramp = new Planes(1, 1, 2, new float[] {0, 1});
        Planes r = Resample.bilinear(ramp, 1, 4);
        // source x of output x is (x + 0.5) / 2 - 0.5: -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, r.data(), 1e-6f);
        Planes n = Resample.nearest(ramp, 3);
        assertEquals(6, n.width());
        assertEquals(3, n.height());
        assertEquals(1f, n.get(0, 2, 3));
        assertEquals(0f, n.get(0, 2, 2));
    }
}
