package org.convscope.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images are sized from their header before decoding; huge and non-image files are refused with a message. */
class ImageLimitsTest {
    @TempDir
    Path dir;

    @Test
    void a30000SquarePngIsRefusedFromItsHeaderWithoutDecoding() throws Exception {
        Path f = dir.resolve("huge.png");
        Files.write(f, org.convscope.tensor.testing.ImageHeaders.png(30000, 30000));
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(Images.ImageTooLargeException.class,
                () -> Images.readGray(f, org.convscope.tensor.cpu.CpuDevice.shared()));
        assertTrue(e.getMessage().contains("a 30000 x 30000 png image (900 megapixels) is larger than the limit"),
                e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused from the header, not after decoding");
    }

    @Test
    void aBrokenImageOfPlausibleSizeIsACleanDecodeError() throws Exception {
        Path f = dir.resolve("broken.png");
        Files.write(f, org.convscope.tensor.testing.ImageHeaders.png(64, 64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Images.readImage(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void aTextFileIsNotAnImage() throws Exception {
        Path f = dir.resolve("notes.png");
        Files.writeString(f, "hello");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Images.readImage(f));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    }

    @Test
    void finiteChecksNameThePosition() {
        float[] v = new float[2 * 3 * 4];
        v[1 * 12 + 2 * 4 + 3] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Finite.require(v, new int[] {2, 3, 4}, "x.npy"));
        assertEquals("x.npy: value at [1,2,3] is NaN; only finite numbers are accepted", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Finite.require(Float.POSITIVE_INFINITY, "--scale"));
        assertEquals(-1, Finite.firstNonFinite(new float[] {1, 2, Float.MAX_VALUE}));
    }
}
