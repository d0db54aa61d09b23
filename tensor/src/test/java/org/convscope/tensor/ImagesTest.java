package org.convscope.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.convscope.tensor.ChannelOrder;
import org.convscope.tensor.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    private static final Device DEV = Devices.cpu();

    @TempDir
    Path tmp;

    /** Channel values at pixel (row, col) of item 0. */
    private static float[] pixel(Tensor t, int row, int col) {
        Shape s = t.shape();
        float[] v = t.toArray();
        float[] p = new float[s.c()];
        for (int c = 0; c < s.c(); c++) {
            p[c] = v[(c * s.h() + row) * s.w() + col];
        }
        return p;
    }

    // ---------------------------------------------------------------- real files

    @Test
    void readsAColourJpegInEitherChannelOrder() throws IOException {
        Path cat = TestData.require("images/caffe/cat.jpg");
        Tensor rgb = Images.read(cat, ChannelOrder.RGB, DEV);
        assertEquals(Shape.of(1, 3, 360, 480), rgb.shape());
        // values decoded by ImageIO's JPEG reader, read off once
        assertArrayEquals(new float[] {26, 57, 49}, pixel(rgb, 0, 0));
        assertArrayEquals(new float[] {155, 121, 86}, pixel(rgb, 100, 200));
        Tensor bgr = Images.read(cat, ChannelOrder.BGR, DEV);
        assertArrayEquals(new float[] {49, 57, 26}, pixel(bgr, 0, 0));
        assertArrayEquals(new float[] {86, 121, 155}, pixel(bgr, 100, 200));
    }

    @Test
    void greyJpegGivesThreeEqualChannelsOfItsStoredLevels() throws IOException {
        Path grey = TestData.require("images/caffe/cat_gray.jpg");
        Tensor t = Images.read(grey, ChannelOrder.BGR, DEV);
        assertEquals(Shape.of(1, 3, 360, 480), t.shape());
        float[] v = t.toArray();
        int plane = 360 * 480;
        assertArrayEquals(Arrays.copyOfRange(v, 0, plane), Arrays.copyOfRange(v, plane, 2 * plane));
        assertArrayEquals(Arrays.copyOfRange(v, 0, plane), Arrays.copyOfRange(v, 2 * plane, 3 * plane));
        // the stored level is 26; Java's grey-to-sRGB conversion (getRGB) would report 90
        assertEquals(26f, v[0]);
        assertEquals(155f, v[100 * 480 + 200]);
        Tensor one = Images.readGray(grey, DEV);
        assertEquals(Shape.of(1, 1, 360, 480), one.shape());
        assertArrayEquals(Arrays.copyOfRange(v, 0, plane), one.toArray());
    }

    @Test
    void readGrayOfAColourImageIsItsLuma() throws IOException {
        Tensor t = Images.readGray(TestData.require("images/caffe/cat.jpg"), DEV);
        assertEquals(Shape.of(1, 1, 360, 480), t.shape());
        assertEquals(0.299f * 26 + 0.587f * 57 + 0.114f * 49, t.toArray()[0], 1e-4);
    }

    @Test
    void readsRgbaPngsDroppingAlpha() throws IOException {
        Path png = TestData.require("images/cifar10_32x32/cat10.png");
        Tensor t = Images.read(png, ChannelOrder.RGB, DEV);
        assertEquals(Shape.of(1, 3, 32, 32), t.shape());
        assertArrayEquals(new float[] {39, 64, 26}, pixel(t, 0, 0));
    }

    // ---------------------------------------------------------------- semantics on synthetic images

    @Test
    void alphaIsDroppedNotComposited() throws IOException {
        BufferedImage im = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        im.setRGB(0, 0, 0x00c86432); // fully transparent (200, 100, 50)
        im.setRGB(1, 0, 0x80102030); // half transparent (16, 32, 48)
        Path file = tmp.resolve("alpha.png");
        ImageIO.write(im, "png", file.toFile());
        Tensor t = Images.read(file, ChannelOrder.RGB, DEV);
        assertArrayEquals(new float[] {200, 16, 100, 32, 50, 48}, t.toArray());
    }

    @Test
    void sixteenBitGreyIsScaledTo255() throws IOException {
        BufferedImage im = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        im.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 257 * 100, 65535});
        Path file = tmp.resolve("grey16.png");
        ImageIO.write(im, "png", file.toFile());
        assertArrayEquals(new float[] {0, 100, 255}, Images.readGray(file, DEV).toArray(), 1e-4f);
    }

    @Test
    void palettePngsGiveTheirColours() throws IOException {
        BufferedImage im = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED);
        im.setRGB(0, 0, 0xffff0000);
        im.setRGB(1, 0, 0xff0000ff);
        Path file = tmp.resolve("palette.png");
        ImageIO.write(im, "png", file.toFile());
        assertArrayEquals(new float[] {0, 255, 0, 0, 255, 0}, Images.read(file, ChannelOrder.BGR, DEV).toArray());
    }

    @Test
    void pngRoundTripIsExactForBytes() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] v = new float[3 * 5 * 7];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(256);
        }
        Tensor t = Tensor.of(DEV, v, 1, 3, 5, 7);
        for (ChannelOrder order : ChannelOrder.values()) {
            Path file = tmp.resolve("round-" + order + ".png");
            Images.writePng(t, order, file);
            assertArrayEquals(v, Images.read(file, order, DEV).toArray(), order.name());
        }
        // written as BGR, read as RGB: channels 0 and 2 swap
        Path file = tmp.resolve("round-BGR.png");
        float[] swapped = Images.read(file, ChannelOrder.RGB, DEV).toArray();
        assertArrayEquals(Arrays.copyOfRange(v, 0, 35), Arrays.copyOfRange(swapped, 70, 105));
        // no temporary file is left beside the target
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void greyPngRoundTripIsExact() throws IOException {
        float[] v = new float[4 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 11;
        }
        Path file = tmp.resolve("grey.png");
        Images.writePng(Tensor.of(DEV, v, 1, 1, 4, 6), ChannelOrder.RGB, file);
        assertArrayEquals(v, Images.readGray(file, DEV).toArray());
        float[] three = Images.read(file, ChannelOrder.RGB, DEV).toArray();
        assertArrayEquals(v, Arrays.copyOfRange(three, 48, 72));
    }

    @Test
    void writingClampsAndRounds() {
        float[] v = {-5, 0.4f, 0.5f, 127.49f, 254.6f, 300, Float.NaN, Float.POSITIVE_INFINITY};
        BufferedImage im = Images.toImage(Tensor.of(DEV, v, 1, 1, 1, 8), ChannelOrder.RGB);
        int[] levels = im.getRaster().getSamples(0, 0, 8, 1, 0, (int[]) null);
        assertArrayEquals(new int[] {0, 0, 1, 127, 255, 255, 0, 255}, levels);
    }

    @Test
    void toImageOfABatchItem() {
        float[] v = new float[2 * 3];
        v[3] = 10; // item 1, channel 0 (red in RGB), 1x1 pixel
        v[5] = 250;
        BufferedImage im = Images.toImage(Tensor.of(DEV, v, 2, 3, 1, 1), 1, ChannelOrder.RGB);
        assertEquals(0xff0a00fa, im.getRGB(0, 0));
        BufferedImage bgr = Images.toImage(Tensor.of(DEV, v, 2, 3, 1, 1), 1, ChannelOrder.BGR);
        assertEquals(0xfffa000a, bgr.getRGB(0, 0));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void aFileThatIsNotAnImageIsRefusedByName() throws IOException {
        Path text = tmp.resolve("notes.jpg");
        Files.writeString(text, "this is not an image", StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Images.read(text, ChannelOrder.BGR, DEV));
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    }

    @Test
    void aTruncatedJpegIsRefused() throws IOException {
        byte[] all = Files.readAllBytes(TestData.require("images/caffe/cat.jpg"));
        for (int length : new int[] {200, all.length / 2}) {
            Path cut = tmp.resolve("cut" + length + ".jpg");
            Files.write(cut, Arrays.copyOf(all, length));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Images.read(cut, ChannelOrder.RGB, DEV), "length " + length);
            assertTrue(e.getMessage().startsWith(cut.toString() + ": "), e.getMessage());
            assertEquals(1, e.getMessage().split(java.util.regex.Pattern.quote(cut.toString()), -1).length - 1,
                    "the file is named once: " + e.getMessage());
        }
        Path half = tmp.resolve("cut" + all.length / 2 + ".jpg");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Images.read(half, ChannelOrder.RGB, DEV));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aMissingFileIsAnIoError() {
        Path missing = tmp.resolve("missing.png");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Images.read(missing, ChannelOrder.RGB, DEV));
        assertTrue(e.getMessage().contains("missing.png"));
    }

    @Test
    void cmykIsRefused() {
        ColorSpace cmyk = new ColorSpace(ColorSpace.TYPE_CMYK, 4) {
            @Override
            public float[] toRGB(float[] v) {
                return new float[3];
            }

            @Override
            public float[] fromRGB(float[] v) {
                return new float[4];
            }

            @Override
            public float[] toCIEXYZ(float[] v) {
                return new float[3];
            }

            @Override
            public float[] fromCIEXYZ(float[] v) {
                return new float[4];
            }
        };
        ComponentColorModel cm = new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage im = new BufferedImage(cm, cm.createCompatibleWritableRaster(2, 2), false, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Images.fromImage(im, ChannelOrder.RGB, DEV));
        assertTrue(e.getMessage().contains("CMYK"), e.getMessage());
    }

    @Test
    void toImageRejectsOtherShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Images.toImage(Tensor.zeros(DEV, 1, 2, 4, 4), ChannelOrder.RGB));
        assertTrue(e.getMessage().contains("1x2x4x4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Images.toImage(Tensor.zeros(DEV, 2, 3, 4, 4), ChannelOrder.RGB));
        assertThrows(IllegalArgumentException.class, () -> Images.toImage(Tensor.zeros(DEV, 2, 3, 4, 4), 2, ChannelOrder.RGB));
    }

    @Test
    void aFailedWriteLeavesNothing() {
        Path target = tmp.resolve("no-such-dir").resolve("out.png");
        assertThrows(IOException.class, () -> Images.writePng(Tensor.zeros(DEV, 1, 3, 2, 2), ChannelOrder.RGB, target));
        assertFalse(Files.exists(target));
    }
}
