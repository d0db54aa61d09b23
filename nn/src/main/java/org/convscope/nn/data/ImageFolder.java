package org.convscope.nn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.convscope.tensor.ChannelOrder;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Images;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * A folder with one sub-folder per class ({@code root/cat/*.jpg}, {@code root/dog/*.png}): classes
 * are the sub-folder names in sorted order, images the readable files (png, jpg, jpeg, bmp, gif)
 * in sorted order. Each image is read when asked for (BGR, 0-255) and resized (bilinear) to
 * {@code size x size}.
 */
public final class ImageFolder implements Dataset {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");
    private final List<String> classes = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final int size;
    private final Device cpu = Devices.cpu();

    private ImageFolder(int size) {
        this.size = size;
    }

    /** Lists a folder of class sub-folders; images come out {@code 3 x size x size}. */
    public static ImageFolder open(Path root, int size) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a folder (expected one sub-folder per class)");
        }
        ImageFolder f = new ImageFolder(size);
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path d : dirs) {
            List<Path> imgs;
            try (Stream<Path> s = Files.list(d)) {
                imgs = s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
            }
            if (imgs.isEmpty()) {
                continue;
            }
            int label = f.classes.size();
            f.classes.add(d.getFileName().toString());
            for (Path p : imgs) {
                f.files.add(p);
                f.labels.add(label);
            }
        }
        if (f.classes.isEmpty()) {
            throw new IllegalArgumentException(root + " has no sub-folder with images (" + String.join(", ", EXTENSIONS) + ")");
        }
        return f;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
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
        return List.copyOf(classes);
    }

    @Override
    public int label(int i) {
        return labels.get(i);
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
