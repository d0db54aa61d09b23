package org.convscope.vis.patches;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.layers.Layer;

/**
 * Feature evolution during training (Zeiler &amp; Fergus 2014, figure 4): the same units' strongest
 * activations over a data set, and their deconvnet projections, after several epochs of training.
 *
 * <p>The weights of each snapshot ({@code <prefix>_epoch_<E>.caffemodel}, written by the trainer's
 * epoch snapshots) are loaded in turn into one net built from the deploy definition; for each,
 * {@link MaxPatches#find} ranks the images of the source (the same images for every snapshot) and
 * {@link MaxPatches#project} projects the top hits back to pixels. With {@code k = 1}, the paper's
 * choice, each cell of the figure is the single strongest activation of the feature map over the
 * whole data set.
 *
 * <p>A snapshot must give weights to every layer of the net that has any: a file that covers only
 * part of the net would silently keep the previous snapshot's weights there, so it is refused, as is
 * a file whose blob shapes disagree with the definition ({@link Net#loadWeights}).
 */
public final class FeatureEvolution {

    /**
     * One point of training.
     *
     * @param label   the column heading (the epoch number for trainer snapshots)
     * @param weights the caffemodel
     */
    public record Snapshot(String label, Path weights) {
        public Snapshot {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a snapshot needs a label (the epoch), got none for " + weights);
            }
            if (weights == null) {
                throw new IllegalArgumentException("snapshot '" + label + "' needs a caffemodel");
            }
        }

        /** The epoch number when the label is one, else -1. */
        public int epoch() {
            return label.matches("\\d{1,9}") ? Integer.parseInt(label) : -1;
        }

        /** The column heading: "epoch E" for a numeric label, else the label itself. */
        public String heading() {
            return epoch() >= 0 ? "epoch " + label : label;
        }

        /**
         * A snapshot from the command line: {@code LABEL=PATH}, or a bare {@code PATH} named
         * {@code *_epoch_<E>.caffemodel} (label {@code E}).
         *
         * @throws IllegalArgumentException for a bare path without an epoch in its name
         */
        public static Snapshot parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq > 0) {
                String path = spec.substring(eq + 1).trim();
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("snapshot '" + spec + "' names no file: give LABEL=PATH");
                }
                return new Snapshot(spec.substring(0, eq).trim(), Path.of(path));
            }
            Path p = Path.of(spec);
            Matcher m = EPOCH_FILE.matcher(p.getFileName().toString());
            if (!m.matches()) {
                throw new IllegalArgumentException("snapshot '" + spec + "' has no label: give LABEL=PATH (e.g. 2="
                        + spec + ") or a file named PREFIX_epoch_N.caffemodel");
            }
            return new Snapshot(Integer.toString(Integer.parseInt(m.group(2))), p);
        }
    }

    /** {@code <name>_epoch_<E>.caffemodel}: group 1 the name, group 2 the epoch. */
    static final Pattern EPOCH_FILE = Pattern.compile("(.*)_epoch_(\\d{1,9})\\.caffemodel");

    /**
     * The results of one snapshot.
     *
     * @param snapshot    which weights
     * @param result      the top-k of every requested channel under those weights
     * @param projections per channel, per hit (best first), the patch and its projections
     */
    public record Column(Snapshot snapshot, MaxPatches.Result result, List<List<MaxPatches.Projection>> projections) {
        public Column {
            projections = List.copyOf(projections);
        }
    }

    /**
     * The whole run.
     *
     * @param request what was ranked (the same for every snapshot)
     * @param columns one per snapshot, in the order given
     */
    public record Result(MaxPatches.Request request, List<Column> columns) {
        public Result {
            columns = List.copyOf(columns);
        }

        /** The hits of the {@code ci}-th requested channel under the {@code si}-th snapshot, best first. */
        public List<MaxPatches.Projection> cell(int ci, int si) {
            return columns.get(si).projections().get(ci);
        }
    }

    private FeatureEvolution() {
    }

    /** The paper's request: channel mode, the single strongest activation (k = 1), batches of 32. */
    public static MaxPatches.Request request(String blob, List<Integer> channels) {
        return MaxPatches.Request.channels(blob, channels).withK(1);
    }

    /**
     * The epoch snapshots of a training run: every {@code <prefix>_epoch_<E>.caffemodel} beside the
     * prefix ({@code runs/lenet} finds {@code runs/lenet_epoch_1.caffemodel}, ...), in increasing
     * epoch number (so epoch 10 comes after epoch 2).
     *
     * @throws IllegalArgumentException when the folder does not exist or holds no such file
     */
    public static List<Snapshot> glob(Path prefix) throws IOException {
        Path abs = prefix.toAbsolutePath();
        Path dir = abs.getParent();
        String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
        String pattern = prefix + "_epoch_*.caffemodel";
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no snapshots " + pattern + ": folder " + dir + " does not exist");
        }
        List<Snapshot> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = EPOCH_FILE.matcher(f.getFileName().toString());
                if (m.matches() && m.group(1).equals(name) && Files.isRegularFile(f)) {
                    found.add(new Snapshot(Integer.toString(Integer.parseInt(m.group(2))),
                            prefix.resolveSibling(f.getFileName())));
                }
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no snapshots " + pattern + " found in " + dir
                    + " (train with --epoch-snapshots 1,2,5,10 to write them)");
        }
        found.sort(Comparator.comparingInt(Snapshot::epoch).thenComparing(s -> s.weights().getFileName().toString()));
        for (int i = 1; i < found.size(); i++) {
            if (found.get(i).epoch() == found.get(i - 1).epoch()) {
                throw new IllegalArgumentException("two snapshots of epoch " + found.get(i).epoch() + ": "
                        + found.get(i - 1).weights() + " and " + found.get(i).weights());
            }
        }
        return List.copyOf(found);
    }

    /**
     * Checks a list of snapshots before any work: at least one, every file exists, no label twice.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public static void check(List<Snapshot> snapshots) {
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("no snapshots given: name at least one caffemodel");
        }
        Set<String> labels = new HashSet<>();
        for (Snapshot s : snapshots) {
            if (!Files.isRegularFile(s.weights())) {
                throw new IllegalArgumentException("snapshot " + s.label() + ": " + s.weights() + " does not exist");
            }
            if (!labels.add(s.label())) {
                throw new IllegalArgumentException("snapshot label '" + s.label() + "' is given twice");
            }
        }
    }

    /**
     * Loads one snapshot's weights into {@code net}.
     *
     * @return the layers that received weights
     * @throws CaffeFormatException naming the snapshot, when its file is not a caffemodel, its blob
     *                              shapes do not fit the net's definition, or it lacks weights for
     *                              some of the net's layers
     */
    public static List<String> load(Net net, Snapshot s) throws IOException {
        List<String> loaded;
        try {
            loaded = net.loadWeights(s.weights());
        } catch (CaffeFormatException e) {
            throw new CaffeFormatException("snapshot " + s.label() + " (" + s.weights() + ") does not fit net '"
                    + net.name() + "': " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (!l.params().isEmpty() && !loaded.contains(l.name())) {
                missing.add(l.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new CaffeFormatException("snapshot " + s.label() + " (" + s.weights() + ") has no weights for layers "
                    + missing + " of net '" + net.name() + "': it belongs to another net");
        }
        return loaded;
    }

    /**
     * Runs {@link MaxPatches#find} and {@link MaxPatches#project} under every snapshot.
     *
     * @param net       built from the deploy definition; its weights are replaced by each snapshot's
     *                  in turn (the last snapshot's stay)
     * @param snapshots in the order of the columns
     * @param images    the data set, scanned once per snapshot (plus the reads of the projections)
     * @param request   blob, channels, k ({@link #request} for the paper's k = 1)
     * @param progress  called with the number of images just ranked, {@code snapshots x images} in
     *                  all (may be null)
     * @throws IllegalArgumentException for a request the net cannot answer, or a source none of
     *                                  whose images could be read
     * @throws CaffeFormatException     for a snapshot that does not fit the net ({@link #load})
     */
    public static Result run(Net net, List<Snapshot> snapshots, ImageSource images, MaxPatches.Request request,
                             Consumer<Integer> progress) throws IOException {
        check(snapshots);
        MaxPatches.check(net, request);
        List<Column> columns = new ArrayList<>();
        for (Snapshot s : snapshots) {
            load(net, s);
            MaxPatches.Result r = MaxPatches.find(net, images, request, progress);
            if (r.scanned() == 0) {
                throw new IllegalArgumentException("none of the " + images.size() + " images could be read"
                        + (r.unreadable().isEmpty() ? "" : ": " + r.unreadable().get(0)));
            }
            columns.add(new Column(s, r, MaxPatches.project(net, images, r)));
        }
        return new Result(request, columns);
    }
}
