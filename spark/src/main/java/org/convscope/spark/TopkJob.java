package org.convscope.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.vis.patches.ImageSource;
import org.convscope.vis.patches.MaxPatches;
import org.convscope.vis.patches.PatchFigure;
import org.convscope.vis.patches.TopkJson;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Manifest;
import org.convscope.vis.render.RunOutput;

/**
 * {@code topk} on a cluster: the top-k patches of chosen channels over a data set too large for one
 * machine, with the result of {@code convscope topk} on the same images.
 *
 * <ol>
 *   <li>The driver lists the images and cuts their indices into contiguous slices, one per partition.</li>
 *   <li>Each partition loads the net once (the model files were shipped once per executor) and runs
 *       {@link MaxPatches#find} over its slice: images stream through in batches, k hits per channel
 *       kept. Items keep their index in the whole set, so ties are broken as on one machine.</li>
 *   <li>The partial top-k lists merge with {@link MaxPatches#merge} in a tree ({@code treeReduce}):
 *       associative and commutative, so the grouping and the order the partials arrive in change
 *       nothing. Unreadable images are kept per slice and listed in index order.</li>
 *   <li>The driver reads the winning images only and draws the figure with the single-machine code:
 *       {@code OUT/topk_<blob>.png}, {@code OUT/topk_<blob>.json} ({@link TopkJson}) and
 *       {@code OUT/manifest.json}.</li>
 * </ol>
 *
 * Memory on an executor: one batch of images and activations, plus {@code k x channels} hits per
 * running task; on the driver {@code k x channels} hits per partial being merged.
 */
public final class TopkJob {
    private TopkJob() {
    }

    /** For {@code spark-submit --class org.convscope.spark.TopkJob}: the arguments of {@code convscope-spark topk}. */
    public static void main(String[] args) {
        SparkMain.exit(SparkMain.run("topk", args));
    }

    /**
     * What to compute and where to write it.
     *
     * @param channels  channel list ({@code 0-7}, {@code all})
     * @param unit      {@code Y,X} for unit mode, or null
     * @param partitions slices of the input (one task each)
     * @param out       output folder, or null to write nothing (the result is returned)
     * @param failOnce  for tests of retry: the partition whose first attempt throws after its scan, or -1
     */
    public record Settings(ModelSpec model, ImageInput input, String blob, String channels, String unit, int k,
                           int batch, int partitions, String display, int minTile, Path out, int failOnce) {
    }

    /**
     * What a run gave.
     *
     * @param scanSeconds wall time of the distributed scan (listing, shipping and drawing excluded)
     */
    public record Outcome(MaxPatches.Result result, String json, Path png, double scanSeconds) {
    }

    /**
     * The top-k of one slice: hits per channel (best first), images scanned, unreadable images by the
     * first index of their slice, the net input shape of the slice's images (null when none was read).
     */
    record Partial(List<List<MaxPatches.Hit>> hits, int scanned, TreeMap<Integer, List<String>> unreadable,
                   int[] inputShape) implements Serializable {

        static Partial merge(Partial a, Partial b, int k) {
            List<List<MaxPatches.Hit>> hits = new ArrayList<>();
            for (int c = 0; c < a.hits.size(); c++) {
                hits.add(MaxPatches.merge(a.hits.get(c), b.hits.get(c), k));
            }
            TreeMap<Integer, List<String>> unreadable = new TreeMap<>(a.unreadable);
            unreadable.putAll(b.unreadable);
            return new Partial(List.copyOf(hits), a.scanned + b.scanned, unreadable,
                    a.inputShape != null ? a.inputShape : b.inputShape);
        }
    }

    /** Runs the job on {@code sc}; writes the files when {@code s.out()} is set. */
    public static Outcome run(JavaSparkContext sc, Settings s) throws IOException {
        Device device = s.model().openDevice();
        Net net = s.model().load(device);
        MaxPatches.Request request = request(net, s);
        Display shown = Display.of(Display.Mode.named(s.display()));
        ModelSpec shipped = s.model().ship(sc);

        long t0 = System.nanoTime();
        List<ImageInput.Slice> slices = s.input().slices(s.partitions());
        Partial total = sc.parallelize(slices, slices.size())
                .mapPartitions(new ScanSlice(shipped, s.input(), request, s.failOnce()))
                .treeReduce((a, b) -> Partial.merge(a, b, request.k()));
        double seconds = (System.nanoTime() - t0) / 1e9;

        MaxPatches.Result result = result(net, request, total);
        String json = TopkJson.of(result);
        Path png = null;
        if (s.out() != null) {
            if (result.scanned() == 0) {
                throw new IllegalArgumentException("none of the " + s.input().size() + " images could be read");
            }
            ImageSource images = s.input().whole(net, s.model());
            List<List<MaxPatches.Projection>> projections = MaxPatches.project(net, images, result);
            Preprocessing display = s.input().preprocessing(net, s.model());
            ChannelOrder order = result.inputShape().c() == 3 ? ChannelOrder.BGR : ChannelOrder.RGB;
            PatchFigure figure = new PatchFigure(display::deprocess, shown, order, s.minTile());
            RunOutput out = new RunOutput(s.out(), s.input().localFiles());
            String stem = "topk_" + s.blob().replaceAll("[^A-Za-z0-9._-]", "_");
            png = out.writePng(stem + ".png", figure.render(result, projections));
            out.writeBytes(stem + ".json", json.getBytes(StandardCharsets.UTF_8));
            Manifest m = new Manifest().command("spark topk", List.of()).device(device.name())
                    .setting("blob", s.blob()).setting("channels", request.channels()).setting("unit", s.unit())
                    .setting("k", request.k()).setting("batch", request.batch()).setting("partitions", slices.size())
                    .setting("master", sc.master()).setting("imageCount", s.input().size())
                    .setting("scanned", result.scanned()).setting("unreadable", result.unreadable())
                    .setting("receptiveField", result.field().toString()).setting("display", shown.mode())
                    .setting("minTile", s.minTile()).elapsed(Duration.ofNanos(System.nanoTime() - t0));
            m.files(out.files());
            m.write(out);
        }
        return new Outcome(result, json, png, seconds);
    }

    static MaxPatches.Request request(Net net, Settings s) {
        Shape shape = net.shape(s.blob()); // refuses a blob that does not exist, listing the blobs
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("blob '" + s.blob() + "' " + shape + " has no channels");
        }
        List<Integer> chosen = org.convscope.vis.data.IndexRanges.parse(s.channels(), shape.dim(1), "channel");
        Integer y = null;
        Integer x = null;
        if (s.unit() != null) {
            String[] p = s.unit().split(",");
            try {
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                y = Integer.parseInt(p[0].trim());
                x = Integer.parseInt(p[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--unit takes Y,X, got '" + s.unit() + "'");
            }
        }
        MaxPatches.Request r = new MaxPatches.Request(s.blob(), chosen, y, x, s.k(), s.batch());
        MaxPatches.check(net, r);
        return r;
    }

    /** The whole set's result from the merged partial, in the single-machine command's form. */
    static MaxPatches.Result result(Net net, MaxPatches.Request request, Partial total) {
        List<String> unreadable = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : total.unreadable().entrySet()) {
            unreadable.addAll(e.getValue());
        }
        Shape declared = net.shape(net.inputNames().get(0)).withFirst(1);
        Shape input = total.inputShape() == null ? declared : Shape.of(total.inputShape());
        return new MaxPatches.Result(request, MaxPatches.check(net, request), MaxPatches.field(net, request.blob()),
                input, total.hits(), total.scanned(), List.copyOf(unreadable));
    }

    /** The task: one slice in, its partial top-k out; the net is loaded once per partition. */
    static final class ScanSlice implements FlatMapFunction<Iterator<ImageInput.Slice>, Partial> {
        private final ModelSpec model;
        private final ImageInput input;
        private final MaxPatches.Request request;
        private final int failOnce;

        ScanSlice(ModelSpec model, ImageInput input, MaxPatches.Request request, int failOnce) {
            this.model = model;
            this.input = input;
            this.request = request;
            this.failOnce = failOnce;
        }

        @Override
        public Iterator<Partial> call(Iterator<ImageInput.Slice> slices) throws IOException {
            List<Partial> out = new ArrayList<>();
            if (!slices.hasNext()) {
                return out.iterator();
            }
            Net net = model.load(model.openDevice());
            while (slices.hasNext()) {
                ImageInput.Slice slice = slices.next();
                MaxPatches.Result r = MaxPatches.find(net, input.source(slice, net, model), request, null);
                TreeMap<Integer, List<String>> unreadable = new TreeMap<>();
                if (!r.unreadable().isEmpty()) {
                    unreadable.put(slice.from(), r.unreadable());
                }
                out.add(new Partial(r.hits(), r.scanned(), unreadable, r.scanned() > 0 ? r.inputShape().dims() : null));
            }
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == failOnce && task.attemptNumber() == 0) {
                throw new IllegalStateException("failure injected into partition " + failOnce + " (first attempt)");
            }
            return out.iterator();
        }
    }
}
