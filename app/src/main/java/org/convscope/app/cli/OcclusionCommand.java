package org.convscope.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.vis.occlusion.Occlusion;
import org.convscope.vis.occlusion.OcclusionFigure;
import org.convscope.vis.patches.ImageSource;
import org.convscope.vis.render.Progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convscope occlusion}: how the class probability falls as a grey square hides each part of the image. */
@Command(name = "occlusion", mixinStandardHelpOptions = true,
        description = {"Slides a square of the image's mean colour (or --fill) over each image and records the "
                + "probability of a class (default: the image's most probable class) and the most probable class "
                + "at every position (Zeiler & Fergus). Occluded copies go through the net in batches.",
                "Writes OUT/occlusion_<image>.png (image | probability map over it | the map's cells | most probable "
                        + "class), OUT/occlusion_<image>.json (the maps) and OUT/manifest.json.",
                "Example: convscope occlusion -m lenet.prototxt -w lenet_iter_10000.caffemodel --size 8 --stride 2 "
                        + "--items 0-4 --out out t10k-images-idx3-ubyte.gz"})
final class OcclusionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ImageFiles images;

    @Option(names = "--size", paramLabel = "PX",
            description = "Side of the square in input pixels (default: a seventh of the input's shorter side, at least "
                    + "8: 32 for a 227-pixel net, 8 for 28).")
    Integer size;

    @Option(names = "--stride", paramLabel = "PX", description = "Step between square positions (default: half the size).")
    Integer stride;

    @Option(names = "--score-blob", paramLabel = "BLOB",
            description = "Blob of class scores (default: the net's output; its softmax unless a Softmax layer wrote it).")
    String scoreBlob;

    @Option(names = "--class", paramLabel = "N", description = "Class to follow (default: each image's most probable class).")
    Integer klass;

    @Option(names = "--fill", defaultValue = "mean", paramLabel = "mean|V|B,G,R",
            description = "Square value in net-input units: mean (the image's channel means), one value, or one per "
                    + "channel (0 is the training mean of a mean-subtracted net) (default ${DEFAULT-VALUE}).")
    String fill;

    @Option(names = "--items", paramLabel = "LIST",
            description = "Which images of the inputs, by position: 0-4, 3,7 (default: all files; the first digit of an IDX file).")
    String items;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names, one per line.")
    Path labels;

    @Option(names = "--batch", defaultValue = "" + Occlusion.DEFAULT_BATCH,
            description = "Occluded images per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--alpha", defaultValue = "0.6", description = "Opacity of the maps over the image (default ${DEFAULT-VALUE}).")
    double alpha;

    @Mixin
    ProgressOptions progress;

    @Mixin
    OutputOptions out = OutputOptions.required("Output folder (created).");

    @Override
    public Integer call() throws Exception {
        float[] fillValues = Occlusion.parseFill(fill);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("--alpha must be in [0,1], got " + alpha);
        }
        Device device = modelOptions.device();
        Net net = modelOptions.load(device);
        if (scoreBlob != null && !net.blobRefs().contains(scoreBlob) && !net.blobNames().contains(scoreBlob)) {
            throw new IllegalArgumentException("--score-blob '" + scoreBlob + "' is not a blob of net '" + net.name()
                    + "'; blobs: " + String.join(", ", net.blobNames()));
        }
        int h = net.shape(net.inputNames().get(0)).h();
        int w = net.shape(net.inputNames().get(0)).w();
        Occlusion.Settings defaults = Occlusion.Settings.defaults(h, w);
        int side = size != null ? size : defaults.size();
        int step = stride != null ? stride : size != null ? Math.max(1, side / 2) : defaults.stride();
        Occlusion.Settings settings = new Occlusion.Settings(side, step, fillValues, batch);
        int classes = Occlusion.classCount(net, scoreBlob);
        if (klass != null && (klass < 0 || klass >= classes)) {
            throw new IllegalArgumentException("class " + klass + " is out of range: net '" + net.name() + "' has "
                    + classes + " classes, 0-" + (classes - 1));
        }
        ClassNames known = labels == null ? modelOptions.defaultClassNames() : null;
        ClassNames names = labels == null ? (known != null && known.size() == classes ? known : null)
                : ClassNames.read(labels);
        if (names != null && names.size() != classes) {
            throw new IllegalArgumentException(labels + " has " + names.size() + " class names, the net has " + classes
                    + " outputs");
        }
        IntFunction<String> label = i -> names == null ? String.valueOf(i) : i + " " + shorten(names.shortLabel(i));
        ImageOptions.Source source = images.open(net, modelOptions, 0);
        int n = source.images().size();
        Set<Integer> wanted = new HashSet<>(org.convscope.vis.data.IndexRanges.parse(items != null ? items
                : ImageOptions.isIdx(images.inputs) ? "0" : "all", n, "item"));
        RunRecord run = new RunRecord(spec, modelOptions, device, out.dir(), source.files());
        run.inputs(source.files());
        long perImage = (long) Occlusion.positions(h, side, step) * Occlusion.positions(w, side, step);
        OcclusionFigure figure = new OcclusionFigure(OcclusionFigure.DEFAULT_MIN_TILE, alpha);
        List<String> unreadable = new ArrayList<>();
        Set<String> stems = new HashSet<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        try (Progress bar = progress.start("occlusion", perImage * wanted.size())) {
            source.images().scan(wanted::contains, new ImageSource.Sink() {
                @Override
                public void accept(ImageSource.Item item) throws IOException {
                    Tensor x = Tensor.of(device, item.data(), 1, item.channels(), item.height(), item.width());
                    Occlusion.Result r = Occlusion.run(net, x, scoreBlob, klass == null ? -1 : klass, settings,
                            bar::stepBy);
                    String stem = stem(item, source, stems);
                    var picture = source.display().deprocess(Tensor.of(Devices.cpu(), item.data(), 1, item.channels(),
                            item.height(), item.width()));
                    run.out.writePng(stem + ".png", figure.render(picture, r, label));
                    run.out.writeBytes(stem + ".json", (new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(r.toMap(item.name())) + "\n").getBytes(StandardCharsets.UTF_8));
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("image", item.name());
                    s.put("class", r.klass());
                    s.put("baseline", r.baseline());
                    summary.add(s);
                    System.out.printf(Locale.ROOT, "%s  class %s  p %.4f, occluded %.4f - %.4f%n", run.out.dir()
                            .resolve(stem + ".png"), label.apply(r.klass()), r.baseline(), r.classProbRange()[0],
                            r.classProbRange()[1]);
                }

                @Override
                public void unreadable(int index, String name, String reason) {
                    spec.commandLine().getErr().println("convscope occlusion: skipping " + name + ": " + reason);
                    unreadable.add(name + ": " + reason);
                }
            });
        }
        if (summary.isEmpty()) {
            throw new IllegalArgumentException("none of the chosen images in " + images.inputs + " could be read");
        }
        run.manifest.setting("size", side).setting("stride", step).setting("scoreBlob", scoreBlob).setting("class", klass).setting("fill", fill)
                .setting("items", items).setting("batch", batch).setting("alpha", alpha)
                .setting("images", images.inputs.stream().map(Path::toString).toList()).setting("results", summary)
                .setting("unreadable", unreadable).setting("preprocessing", TopkCommand.describe(source));
        if (labels != null) {
            run.manifest.input("labels", labels);
        }
        run.finish();
        return unreadable.isEmpty() ? 0 : 1;
    }

    private static String stem(ImageSource.Item item, ImageOptions.Source source, Set<String> used) {
        String base;
        if (source.images() instanceof org.convscope.vis.patches.FolderImages) {
            String f = Path.of(item.name()).getFileName().toString();
            int dot = f.lastIndexOf('.');
            base = RunRecord.safe(dot > 0 ? f.substring(0, dot) : f);
        } else {
            base = "item" + item.index();
        }
        String s = "occlusion_" + base;
        if (!used.add(s)) {
            s = s + "_" + item.index();
            used.add(s);
        }
        return s;
    }

    private static String shorten(String s) {
        return s.length() <= 16 ? s : s.substring(0, 15) + ".";
    }
}
