package org.convscope.vis.patches;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistImagesTest {
    @TempDir
    Path dir;

    /** An IDX3 file of {@code count} 2 x 3 images whose pixel p of image i is 10 i + p; {@code drop} bytes cut off the end. */
    Path idx(String name, int count, int drop, boolean gzip) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x803);
        d.writeInt(count);
        d.writeInt(2);
        d.writeInt(3);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < 6; p++) {
                d.writeByte(10 * i + p);
            }
        }
        byte[] all = b.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(all, all.length - drop);
        Path f = dir.resolve(name);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(f)) : Files.newOutputStream(f)) {
            o.write(cut);
        }
        return f;
    }

    @Test
    void readsEveryImageInOrderGzippedOrNot() throws Exception {
        for (boolean gz : new boolean[] {true, false}) {
            MnistImages m = MnistImages.open(idx(gz ? "a-idx3-ubyte.gz" : "a-idx3-ubyte", 4, 0, gz), 0.5f, 0);
            assertEquals(4, m.size());
            List<ImageSource.Item> items = new ArrayList<>();
            m.scan(i -> i != 1, items::add);
            assertEquals(List.of(0, 2, 3), items.stream().map(ImageSource.Item::index).toList());
            assertArrayEquals(new float[] {10f, 10.5f, 11f, 11.5f, 12f, 12.5f}, items.get(1).data());
            assertEquals(2, items.get(1).height());
            assertEquals(3, items.get(1).width());
        }
    }

    @Test
    void aTruncatedFileReportsTheMissingImagesAndALimitStopsEarly() throws Exception {
        MnistImages m = MnistImages.open(idx("t-idx3-ubyte.gz", 4, 3, true), 1f, 0);
        List<Integer> read = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        m.scan(new ImageSource.Sink() {
            @Override
            public void accept(ImageSource.Item item) {
                read.add(item.index());
            }

            @Override
            public void unreadable(int index, String name, String reason) {
                bad.add(name + ": " + reason);
            }
        });
        assertEquals(List.of(0, 1, 2), read);
        assertEquals(List.of("t-idx3-ubyte.gz[3]: the file ends before this image"), bad);
        assertEquals(2, MnistImages.open(idx("l-idx3-ubyte", 4, 0, false), 1f, 2).size());
    }

    @Test
    void aFileThatIsNotIdxIsRefusedByName() throws Exception {
        Path f = dir.resolve("x-idx3-ubyte");
        Files.write(f, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5});
        var e = assertThrows(IllegalArgumentException.class, () -> MnistImages.open(f, 1f, 0));
        assertTrue(e.getMessage().contains("x-idx3-ubyte") && e.getMessage().contains("IDX3"), e.getMessage());
    }
}
