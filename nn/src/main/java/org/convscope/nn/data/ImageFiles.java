package org.convscope.nn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.convscope.tensor.ChannelOrder;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Images;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * A data set of image files, each read when asked for (BGR, 0-255) and resized (bilinear) to
 * {@code 3 x size x size}: the reading that {@link ImageFolder} and the command line's query
 * images share. A subclass gives the classes and labels.
 */
public abstract class ImageFiles extends SquareColourImages {
    private final List<Path> files;
    private final Device cpu = Devices.cpu();

    /** @param files the images, in data-set order (copied) */
    protected ImageFiles(List<Path> files, int size) {
        super(size);
        this.files = List.copyOf(files);
    }

    /** The file of image {@code i}. */
    public Path file(int i) {
        return files.get(i);
    }

    @Override
    public int size() {
        return files.size();
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
