package org.convscope.vis.patches;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntPredicate;

import org.convscope.nn.data.MnistIdx;

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
        try (DataInputStream in = MnistIdx.open(file)) {
            MnistIdx.ImageHeader h = MnistIdx.imageHeader(in, file);
            int n = h.count();
            return new MnistImages(file, limit > 0 ? Math.min(limit, n) : n, h.rows(), h.cols(), scale);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": truncated IDX3 header", e);
        }
    }

    /** Whether a file looks like an IDX image file by its name ({@code *-idx3-ubyte[.gz]}). */
    public static boolean isIdx(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith("idx3-ubyte") || n.endsWith("idx3-ubyte.gz");
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
        try (DataInputStream in = MnistIdx.open(file)) {
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
