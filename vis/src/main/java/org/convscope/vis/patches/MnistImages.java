package org.convscope.vis.patches;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntPredicate;
import java.util.zip.GZIPInputStream;

/**
 * The images of an MNIST IDX file ({@code t10k-images-idx3-ubyte}, gzipped or not) as an
 * {@link ImageSource}: {@code 1 x 28 x 28} items with values {@code byte * scale} (LeNet's Caffe
 * preprocessing is {@code scale = 1/256}), streamed from the file on every scan.
 *
 * <p>IDX3: big-endian int magic {@code 0x00000803}, count, rows, columns, then the unsigned bytes
 * of each image row by row.
 */
public final class MnistImages implements ImageSource {
    /** LeNet's input scale. */
    public static final float LENET_SCALE = 0.00390625f;

    private final Path file;
    private final int count;
    private final int rows;
    private final int cols;
    private final float scale;

    private MnistImages(Path file, int count, int rows, int cols, float scale) {
        this.file = file;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.scale = scale;
    }

    /**
     * Opens an IDX3 image file and reads its header.
     *
     * @param limit use only the first {@code limit} images (0: all)
     * @throws IllegalArgumentException when the file is not an IDX3 image file (named)
     */
    public static MnistImages open(Path file, float scale, int limit) throws IOException {
        try (DataInputStream in = stream(file)) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new IllegalArgumentException(file + ": not an IDX3 image file (magic 0x"
                        + Integer.toHexString(magic) + ", expected 0x803)");
            }
            int n = in.readInt();
            int r = in.readInt();
            int c = in.readInt();
            if (n < 0 || r <= 0 || c <= 0) {
                throw new IllegalArgumentException(file + ": bad IDX3 header " + n + " x " + r + " x " + c);
            }
            return new MnistImages(file, limit > 0 ? Math.min(limit, n) : n, r, c, scale);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": truncated IDX3 header", e);
        }
    }

    /** Whether a file looks like an IDX image file by its name ({@code *-idx3-ubyte[.gz]}). */
    public static boolean isIdx(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith("idx3-ubyte") || n.endsWith("idx3-ubyte.gz");
    }

    private static DataInputStream stream(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return new DataInputStream(raw);
    }

    public Path file() {
        return file;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public String name(int index) {
        return file.getFileName() + "[" + index + "]";
    }

    @Override
    public void scan(IntPredicate wanted, Sink sink) throws IOException {
        int plane = rows * cols;
        byte[] buf = new byte[plane];
        try (DataInputStream in = stream(file)) {
            in.skipNBytes(16);
            for (int i = 0; i < count; i++) {
                try {
                    in.readFully(buf);
                } catch (EOFException e) {
                    for (int j = i; j < count; j++) {
                        if (wanted.test(j)) {
                            sink.unreadable(j, name(j), "the file ends before this image");
                        }
                    }
                    return;
                }
                if (!wanted.test(i)) {
                    continue;
                }
                float[] v = new float[plane];
                for (int p = 0; p < plane; p++) {
                    v[p] = (buf[p] & 0xff) * scale;
                }
                sink.accept(new Item(i, name(i), 1, rows, cols, v));
            }
        }
    }
}
