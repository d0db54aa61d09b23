package org.convscope.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST IDX files (gzip and plain, bad magic, count mismatch) and folders of class sub-folders. */
class MnistAndFolderTest {

    static void writeIdx(Path images, Path labels, boolean gz, int n) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(images, gz))) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(2);
            out.writeInt(3);
            for (int i = 0; i < n * 6; i++) {
                out.writeByte(i * 40 % 256);
            }
        }
        try (DataOutputStream out = new DataOutputStream(open(labels, gz))) {
            out.writeInt(0x801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte((i * 3) % 10);
            }
        }
    }

    private static OutputStream open(Path p, boolean gz) throws IOException {
        OutputStream o = Files.newOutputStream(p);
        return gz ? new GZIPOutputStream(o) : o;
    }

    @Test
    void readsIdxGzAndPlain(@TempDir Path dir) throws Exception {
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), true, 4);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), false, 4);
        for (String prefix : List.of("train", "t10k")) {
            MnistIdx m = MnistIdx.read(dir, prefix);
            assertEquals(4, m.size());
            assertEquals(2, m.height());
            assertEquals(3, m.width());
            assertEquals(9, m.label(3));
            float[] img = m.image(1);
            assertEquals(6 * 40 % 256, img[0], 0f);
            assertEquals(11 * 40 % 256, img[5], 0f);
        }
    }

    @Test
    void badFilesAreClearErrors(@TempDir Path dir) throws Exception {
        writeIdx(dir.resolve("a-images-idx3-ubyte"), dir.resolve("a-labels-idx1-ubyte"), false, 4);
        writeIdx(dir.resolve("b-images-idx3-ubyte"), dir.resolve("b-labels-idx1-ubyte"), false, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MnistIdx.read(dir.resolve("a-labels-idx1-ubyte"), dir.resolve("a-images-idx3-ubyte")));
        assertTrue(e.getMessage().contains("not an IDX image file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MnistIdx.read(dir.resolve("a-images-idx3-ubyte"), dir.resolve("b-labels-idx1-ubyte")));
        assertTrue(e.getMessage().contains("3 labels"), e.getMessage());
        byte[] full = Files.readAllBytes(dir.resolve("a-images-idx3-ubyte"));
        Files.write(dir.resolve("c-images-idx3-ubyte"), java.util.Arrays.copyOf(full, 20));
        e = assertThrows(IllegalArgumentException.class,
                () -> MnistIdx.read(dir.resolve("c-images-idx3-ubyte"), dir.resolve("a-labels-idx1-ubyte")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void folderOfClassFolders(@TempDir Path dir) throws Exception {
        for (String cls : List.of("zebra", "apple")) {
            Files.createDirectories(dir.resolve(cls));
            for (int i = 0; i < 2; i++) {
                BufferedImage img = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 10; y++) {
                    for (int x = 0; x < 20; x++) {
                        img.setRGB(x, y, cls.equals("apple") ? 0xff0000 : 0x0000ff);
                    }
                }
                ImageIO.write(img, "png", dir.resolve(cls).resolve("img" + i + ".png").toFile());
            }
        }
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("apple/notes.txt"), "not an image");
        ImageFolder f = ImageFolder.open(dir, 8);
        assertEquals(List.of("apple", "zebra"), f.classNames());
        assertEquals(4, f.size());
        assertEquals(0, f.label(1));
        assertEquals(1, f.label(2));
        float[] apple = f.image(0);
        assertEquals(3 * 64, apple.length);
        assertEquals(0f, apple[0], 1e-3f);        // B
        assertEquals(255f, apple[2 * 64], 1e-3f); // R
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.open(dir.resolve("empty"), 8));
    }
}
