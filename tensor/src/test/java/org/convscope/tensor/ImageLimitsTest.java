package org.convscope.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images are sized from their header before decoding; huge and non-image files are refused with a message. */
class ImageLimitsTest {
    @TempDir
    Path dir;

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A PNG whose header says {@code w x h} grey and whose data is a few bytes (never decoded when refused). */
    static byte[] pngHeader(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    @Test
    void a30000SquarePngIsRefusedFromItsHeaderWithoutDecoding() throws Exception {
        Path f = dir.resolve("huge.png");
        Files.write(f, pngHeader(30000, 30000));
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
        Files.write(f, pngHeader(64, 64));
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
