package org.convscope.vis.patches;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Images;
import org.convscope.tensor.Tensor;

/**
 * Image files (and folders of them) as an {@link ImageSource}: each file is decoded and
 * preprocessed when its turn comes and dropped afterwards. Folders are expanded to the image files
 * directly inside them (.jpg, .jpeg, .png, .bmp, .gif, any case), sorted by name, so the order and
 * hence the result do not depend on the file system.
 */
public final class FolderImages implements ImageSource {
    private final List<Path> files;
    private final Preprocessing preprocessing;
    private final boolean grey;

    /**
     * @param files         image files, in order
     * @param preprocessing the net's input preprocessing
     * @param grey          the net takes one channel (BT.601 luma)
     */
    public FolderImages(List<Path> files, Preprocessing preprocessing, boolean grey) {
        this.files = List.copyOf(files);
        this.preprocessing = preprocessing;
        this.grey = grey;
    }

    /**
     * Files as given, folders replaced by the image files inside them (sorted, not recursive). A
     * path that does not exist is kept, to be reported as unreadable when its turn comes.
     */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile)
                            .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT)
                                    .matches(".*\\.(jpe?g|png|bmp|gif)"))
                            .sorted().forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    public List<Path> files() {
        return files;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public String name(int index) {
        return files.get(index).toString();
    }

    @Override
    public void scan(IntPredicate wanted, Sink sink) throws IOException {
        for (int i = 0; i < files.size(); i++) {
            if (!wanted.test(i)) {
                continue;
            }
            Path f = files.get(i);
            Tensor x;
            try {
                if (!Files.isRegularFile(f)) {
                    throw new IOException("no such file");
                }
                BufferedImage img = Images.readImage(f);
                x = grey ? preprocessing.applyGrey(img, Devices.cpu()) : preprocessing.apply(img, Devices.cpu());
            } catch (IOException | IllegalArgumentException e) {
                sink.unreadable(i, f.toString(), e.getMessage());
                continue;
            }
            int[] d = x.shape().dims();
            sink.accept(new Item(i, f.toString(), d[1], d[2], d[3], x.toArray()));
        }
    }
}
