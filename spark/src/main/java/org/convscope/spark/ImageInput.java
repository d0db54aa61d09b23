package org.convscope.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Images;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.patches.FolderImages;
import org.convscope.vis.patches.ImageSource;
import org.convscope.vis.patches.MnistImages;

/**
 * The images of a job, split into contiguous slices of their indices, one per partition. The input is
 * what {@code convscope topk} reads: image files and folders of them (local paths, read as the
 * single-machine command reads them, or Hadoop URIs such as {@code hdfs://nn/photos/}, listed and
 * read through Hadoop's file system), or one MNIST IDX file. A folder's images are sorted by name, so
 * item {@code i} is the same image on every machine and in the single-machine command.
 *
 * <p>The object a task carries holds no file list: each {@link Slice} carries the names of its own
 * images only.
 */
public final class ImageInput implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Local copies of IDX files read through Hadoop, one per executor JVM. */
    private static final Map<String, Path> IDX_COPIES = new ConcurrentHashMap<>();

    private final String idx;
    private final int count;
    private final Float scale;
    private final float[] meanBgr;
    private final transient List<String> files;

    /**
     * The indices {@code [from, to)} of the input, with the names of their files (empty for IDX).
     */
    public record Slice(int from, int to, List<String> files) implements Serializable {
        public int size() {
            return to - from;
        }
    }

    private ImageInput(String idx, int count, Float scale, float[] meanBgr, List<String> files) {
        this.idx = idx;
        this.count = count;
        this.scale = scale;
        this.meanBgr = meanBgr == null ? null : meanBgr.clone();
        this.files = files;
    }

    /**
     * Lists the input on the driver.
     *
     * @param inputs  image files, folders, Hadoop URIs of either, or one {@code *-idx3-ubyte[.gz]} file
     * @param limit   the first {@code limit} images only (0: all)
     * @param scale   {@code --scale}, or null for the default (1/256 for IDX digits, the net's own else)
     * @param meanBgr {@code --mean-bgr}, or null for the net's own mean
     * @throws IllegalArgumentException when there are no images
     */
    public static ImageInput open(List<String> inputs, int limit, Float scale, float[] meanBgr) throws IOException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("give the images: files, folders or one MNIST *-idx3-ubyte[.gz] file");
        }
        if (meanBgr != null && meanBgr.length != 3) {
            throw new IllegalArgumentException("--mean-bgr needs three values B,G,R");
        }
        if (inputs.size() == 1 && (inputs.get(0).endsWith("idx3-ubyte") || inputs.get(0).endsWith("idx3-ubyte.gz"))) {
            String f = inputs.get(0);
            MnistImages m = MnistImages.open(localIdx(f), 1f, limit);
            if (m.size() == 0) {
                throw new IllegalArgumentException("no images found in " + f);
            }
            return new ImageInput(f, m.size(), scale, meanBgr, List.of());
        }
        List<String> files = new ArrayList<>();
        for (String in : inputs) {
            if (isHadoop(in)) {
                files.addAll(listHadoop(in));
            } else {
                FolderImages.expand(List.of(Path.of(in))).forEach(p -> files.add(p.toString()));
            }
        }
        if (limit > 0 && files.size() > limit) {
            files.subList(limit, files.size()).clear();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images found in " + inputs
                    + " (looked for .jpg, .jpeg, .png, .bmp, .gif; or give an MNIST *-idx3-ubyte[.gz] file)");
        }
        return new ImageInput(null, files.size(), scale, meanBgr, List.copyOf(files));
    }

    /** Number of images (readable or not). */
    public int size() {
        return count;
    }

    /** Whether the input is an IDX file. */
    public boolean isIdx() {
        return idx != null;
    }

    /** The local files a run reads (none for Hadoop URIs), so that no output overwrites them. */
    public List<Path> localFiles() {
        List<Path> out = new ArrayList<>();
        if (idx != null) {
            if (!isHadoop(idx)) {
                out.add(Path.of(idx));
            }
        } else {
            files.stream().filter(f -> !isHadoop(f)).forEach(f -> out.add(Path.of(f)));
        }
        return out;
    }

    /**
     * {@code parts} contiguous slices of nearly equal size, in index order (fewer when there are fewer
     * images than parts).
     */
    public List<Slice> slices(int parts) {
        List<Slice> out = new ArrayList<>();
        for (Slice r : ranges(count, parts)) {
            out.add(idx != null ? r : new Slice(r.from(), r.to(), List.copyOf(files.subList(r.from(), r.to()))));
        }
        return out;
    }

    /**
     * {@code [0, count)} as {@code parts} contiguous slices of nearly equal size, in order, without file
     * names (fewer slices when {@code count < parts}).
     */
    public static List<Slice> ranges(int count, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + parts);
        }
        int p = Math.min(parts, count);
        List<Slice> out = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            out.add(new Slice((int) ((long) count * i / p), (int) ((long) count * (i + 1) / p), List.of()));
        }
        return out;
    }

    /** Every image, numbered as in the single-machine command (the driver reads the winners from it). */
    public ImageSource whole(Net net, ModelSpec model) throws IOException {
        return idx != null ? source(new Slice(0, count, List.of()), net, model) : source(new Slice(0, count, files), net, model);
    }

    /** The images of one slice, numbered by their index in the whole input; read lazily, one at a time. */
    public ImageSource source(Slice slice, Net net, ModelSpec model) throws IOException {
        Preprocessing pre = preprocessing(net, model);
        if (idx != null) {
            MnistImages m = MnistImages.open(localIdx(idx), pre.scale(), count);
            return new RangeImages(m, slice.from(), slice.to());
        }
        boolean grey = net.shape(net.inputNames().get(0)).c() == 1;
        ImageSource inner = slice.files().stream().anyMatch(ImageInput::isHadoop)
                ? new HadoopImages(slice.files(), pre, grey)
                : new FolderImages(slice.files().stream().map(Path::of).toList(), pre, grey);
        return new OffsetImages(inner, slice.from());
    }

    /**
     * The preprocessing of the single-machine commands: IDX digits are {@code byte * scale}; files get the
     * net's own preprocessing (a prototxt net: a resize to its input size), {@code --mean-bgr} instead of
     * its mean and {@code --scale} after it.
     */
    public Preprocessing preprocessing(Net net, ModelSpec model) throws IOException {
        if (idx != null) {
            return new Preprocessing(0, 0, null, null, null, scale != null ? scale : MnistImages.LENET_SCALE);
        }
        return model.named().preprocessing(net, net.shape(net.inputNames().get(0)), null, meanBgr, scale);
    }

    /** Whether a path names a file system ({@code hdfs://nn/x}, {@code file:/x}, {@code s3a://b/x}): read through Hadoop. */
    static boolean isHadoop(String path) {
        return path.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }

    private static final String IMAGE_NAME = ".*\\.(jpe?g|png|bmp|gif)";

    /** A Hadoop folder's image files (sorted by name, not recursive), or the file itself. */
    private static List<String> listHadoop(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = p.getFileSystem(new Configuration());
        if (!fs.exists(p)) {
            return List.of(uri); // reported as unreadable when its turn comes
        }
        if (!fs.getFileStatus(p).isDirectory()) {
            return List.of(uri);
        }
        FileStatus[] st = fs.listStatus(p);
        List<String> out = new ArrayList<>();
        for (FileStatus s : st) {
            String name = s.getPath().getName();
            if (s.isFile() && name.toLowerCase(Locale.ROOT).matches(IMAGE_NAME)) {
                out.add(s.getPath().toString());
            }
        }
        out.sort(null);
        return out;
    }

    /** An IDX file as a local path: itself, or for a Hadoop URI a copy made once per JVM. */
    private static Path localIdx(String f) throws IOException {
        if (!isHadoop(f)) {
            Path p = Path.of(f);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such file: " + f);
            }
            return p;
        }
        Path cached = IDX_COPIES.get(f);
        if (cached != null) {
            return cached;
        }
        synchronized (IDX_COPIES) {
            cached = IDX_COPIES.get(f);
            if (cached == null) {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(f));
                Path tmp = Files.createTempFile("convscope-", "-" + p.getName());
                tmp.toFile().deleteOnExit();
                try (InputStream in = p.getFileSystem(new Configuration()).open(p)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                IDX_COPIES.put(f, tmp);
                cached = tmp;
            }
        }
        return cached;
    }

    /** Items {@code [from, to)} of a source, with their own numbers. */
    record RangeImages(ImageSource inner, int from, int to) implements ImageSource {
        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public String name(int index) {
            return inner.name(index);
        }

        @Override
        public void scan(IntPredicate wanted, Sink sink) throws IOException {
            inner.scan(i -> i >= from && i < to && wanted.test(i), sink);
        }
    }

    /** A source numbered from {@code offset}: item {@code i} of {@code inner} is item {@code offset + i}. */
    record OffsetImages(ImageSource inner, int offset) implements ImageSource {
        @Override
        public int size() {
            return offset + inner.size();
        }

        @Override
        public String name(int index) {
            return inner.name(index - offset);
        }

        @Override
        public void scan(IntPredicate wanted, Sink sink) throws IOException {
            inner.scan(i -> wanted.test(offset + i), new Sink() {
                @Override
                public void accept(Item item) throws IOException {
                    sink.accept(new Item(offset + item.index(), item.name(), item.channels(), item.height(),
                            item.width(), item.data()));
                }

                @Override
                public void unreadable(int index, String name, String reason) {
                    sink.unreadable(offset + index, name, reason);
                }
            });
        }
    }

    /** Image files read through Hadoop's file system, decoded and preprocessed like {@link FolderImages}. */
    record HadoopImages(List<String> files, Preprocessing preprocessing, boolean grey) implements ImageSource {
        @Override
        public int size() {
            return files.size();
        }

        @Override
        public String name(int index) {
            return files.get(index);
        }

        @Override
        public void scan(IntPredicate wanted, Sink sink) throws IOException {
            Configuration conf = new Configuration();
            for (int i = 0; i < files.size(); i++) {
                if (!wanted.test(i)) {
                    continue;
                }
                String f = files.get(i);
                Tensor x;
                try {
                    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(f));
                    BufferedImage img;
                    try (InputStream in = p.getFileSystem(conf).open(p)) {
                        img = Images.readImage(in, f);
                    }
                    x = grey ? preprocessing.applyGrey(img, Devices.cpu()) : preprocessing.apply(img, Devices.cpu());
                } catch (IOException | IllegalArgumentException e) {
                    sink.unreadable(i, f, e.getMessage());
                    continue;
                }
                int[] d = x.shape().dims();
                sink.accept(new Item(i, f, d[1], d[2], d[3], x.toArray()));
            }
        }
    }
}
