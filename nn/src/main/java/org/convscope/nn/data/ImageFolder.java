package org.convscope.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder with one sub-folder per class ({@code root/cat/*.jpg}, {@code root/dog/*.png}): classes
 * are the sub-folder names in sorted order, images the readable files (png, jpg, jpeg, bmp, gif)
 * in sorted order. Each image is read when asked for (BGR, 0-255) and resized (bilinear) to
 * {@code size x size}.
 */
public final class ImageFolder extends ImageFiles {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");
    private final List<String> classes;
    private final List<Integer> labels;

    private ImageFolder(List<String> classes, List<Path> files, List<Integer> labels, int size) {
        super(files, size);
        this.classes = List.copyOf(classes);
        this.labels = List.copyOf(labels);
    }

    /** Lists a folder of class sub-folders; images come out {@code 3 x size x size}. */
    public static ImageFolder open(Path root, int size) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a folder (expected one sub-folder per class)");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
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
            int label = classes.size();
            classes.add(d.getFileName().toString());
            for (Path p : imgs) {
                files.add(p);
                labels.add(label);
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(root + " has no sub-folder with images (" + String.join(", ", EXTENSIONS) + ")");
        }
        return new ImageFolder(classes, files, labels, size);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    @Override
    public int label(int i) {
        return labels.get(i);
    }
}
