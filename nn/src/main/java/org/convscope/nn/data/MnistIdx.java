package org.convscope.nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * MNIST in its IDX files (gzip-compressed or not): an image file ({@code 0x00000803}, then the
 * count, rows and columns as big-endian int32, then one unsigned byte per pixel, row-major) and a
 * label file ({@code 0x00000801}, the count, one unsigned byte per label). Images are
 * {@code 1 x 28 x 28}, values 0-255 (LeNet's {@code scale: 0.00390625} maps them to [0, 1)).
 */
public final class MnistIdx implements Dataset {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private final byte[] pixels;
    private final byte[] labels;
    private final int rows;
    private final int cols;

    private MnistIdx(byte[] pixels, byte[] labels, int rows, int cols) {
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
    }

    /** Reads an image file and its label file ({@code .gz} or plain). */
    public static MnistIdx read(Path images, Path labelFile) throws IOException {
        int n;
        int rows;
        int cols;
        byte[] px;
        try (DataInputStream in = open(images)) {
            ImageHeader h = imageHeader(in, images);
            n = h.count();
            rows = h.rows();
            cols = h.cols();
            if ((long) n * rows * cols > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(images + ": bad IDX dimensions " + n + " x " + rows + " x " + cols);
            }
            px = new byte[n * rows * cols];
            in.readFully(px);
        } catch (EOFException e) {
            throw new IllegalArgumentException(images + ": truncated IDX image file", e);
        }
        byte[] lab;
        try (DataInputStream in = open(labelFile)) {
            int magic = in.readInt();
            if (magic != 0x801) {
                throw new IllegalArgumentException(labelFile + ": not an IDX label file (magic 0x"
                        + Integer.toHexString(magic) + ", expected 0x801)");
            }
            int m = in.readInt();
            if (m != n) {
                throw new IllegalArgumentException(labelFile + " has " + m + " labels, " + images + " has " + n + " images");
            }
            lab = new byte[m];
            in.readFully(lab);
        } catch (EOFException e) {
            throw new IllegalArgumentException(labelFile + ": truncated IDX label file", e);
        }
        for (byte b : lab) {
            if ((b & 0xff) > 9) {
                throw new IllegalArgumentException(labelFile + ": label " + (b & 0xff) + " is not a digit");
            }
        }
        return new MnistIdx(px, lab, rows, cols);
    }

    /**
     * Reads {@code prefix-images-idx3-ubyte[.gz]} and {@code prefix-labels-idx1-ubyte[.gz]} from a
     * folder ({@code prefix} {@code train} or {@code t10k}).
     */
    public static MnistIdx read(Path dir, String prefix) throws IOException {
        return read(find(dir, prefix + "-images-idx3-ubyte"), find(dir, prefix + "-labels-idx1-ubyte"));
    }

    private static Path find(Path dir, String name) throws IOException {
        for (String n : new String[] {name + ".gz", name}) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        throw new java.nio.file.NoSuchFileException(dir.resolve(name + ".gz") + " (nor " + name + ")");
    }

    /** An IDX image file's header: the image count and each image's rows and columns. */
    public record ImageHeader(int count, int rows, int cols) {
    }

    /**
     * Reads the header at the start of an IDX image file ({@code file} names it in the errors).
     *
     * @throws IllegalArgumentException when the magic number or the dimensions are not an IDX3 image file's
     * @throws java.io.EOFException     when the file ends inside the header
     */
    public static ImageHeader imageHeader(DataInputStream in, Path file) throws IOException {
        int magic = in.readInt();
        if (magic != 0x803) {
            throw new IllegalArgumentException(file + ": not an IDX image file (magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x803, IDX3 unsigned bytes)");
        }
        int n = in.readInt();
        int rows = in.readInt();
        int cols = in.readInt();
        if (n < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(file + ": bad IDX3 header " + n + " x " + rows + " x " + cols);
        }
        return new ImageHeader(n, rows, cols);
    }

    /** A file as a stream, gunzipped when it starts with gzip's magic bytes. */
    public static DataInputStream open(Path p) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(in);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return rows;
    }

    @Override
    public int width() {
        return cols;
    }

    @Override
    public List<String> classNames() {
        return DIGITS;
    }

    @Override
    public int label(int i) {
        return labels[i] & 0xff;
    }

    @Override
    public void image(int i, float[] dst, int offset) {
        int n = rows * cols;
        int base = i * n;
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("image " + i + " of " + labels.length);
        }
        for (int k = 0; k < n; k++) {
            dst[offset + k] = pixels[base + k] & 0xff;
        }
    }
}
