package org.convscope.vis.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convscope.tensor.ChannelOrder;
import org.convscope.nn.data.Dataset;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Images;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Image files (named on the command line, uploaded) as an unlabelled data set: each read as BGR 0-255 and
 * resized (bilinear) to {@code size x size}, as {@code folder:} data sets are. Every image has
 * label 0 of the single class {@link #UNKNOWN}.
 */
public final class QueryImages implements Dataset {
    /** The name of the single class. */
    public static final String UNKNOWN = "?";
    private final List<Path> files;
    private final int size;
    private final Device cpu = Devices.cpu();

    /** @throws IllegalArgumentException when a file does not exist */
    public QueryImages(List<Path> files, int size) {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("query image " + f + " does not exist");
            }
        }
        this.files = List.copyOf(files);
        this.size = size;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public List<String> classNames() {
        return List.of(UNKNOWN);
    }

    @Override
    public int label(int i) {
        return 0;
    }

    @Override
    public void image(int i, float[] dst, int offset) {
        try (Tensor t = Images.read(files.get(i), ChannelOrder.BGR, cpu)) {
            Tensor r = t;
            if (t.shape().h() != size || t.shape().w() != size) {
                r = cpu.allocate(Shape.of(1, 3, size, size));
                cpu.resizeBilinear(t, r);
            }
            float[] v = r.toArray();
            System.arraycopy(v, 0, dst, offset, v.length);
            if (r != t) {
                r.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
