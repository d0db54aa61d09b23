package org.convscope.vis.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.vis.patches.MaxPatches;
import org.convscope.vis.patches.PatchFigure;
import org.convscope.vis.render.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convscope topk}: the maximally activating patches of chosen channels over a set of images. */
@Command(name = "topk", aliases = "patches", mixinStandardHelpOptions = true,
        description = {"Finds, over a folder of images (or an MNIST IDX file), the k images on which each chosen "
                + "channel of a blob responds most (its maximum over positions, or one unit with --unit), cuts "
                + "each patch by the unit's receptive field, and shows beside the patches their deconvnet and "
                + "guided-backprop projections (the Zeiler & Fergus figure). Images stream through in batches: "
                + "any number of images, k per channel kept.",
                "Writes OUT/topk_<blob>.png (one row per channel: patches | deconvnet | guided backprop), "
                        + "OUT/topk_<blob>.json (every hit: image, value, unit position, box) and OUT/manifest.json.",
                "Example: convscope topk -m lenet.prototxt -w lenet_iter_10000.caffemodel --blob conv2 --channels 0-7 "
                        + "--out out t10k-images-idx3-ubyte.gz"})
final class TopkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ImageOptions imageOptions;

    @Parameters(paramLabel = "IMAGES", arity = "1..*",
            description = "Image files, folders of images, or one MNIST *-idx3-ubyte[.gz] file.")
    List<Path> inputs;

    @Option(names = "--blob", required = true, paramLabel = "BLOB", description = "Blob whose channels are ranked (conv2, conv2@conv2, ip1).")
    String blob;

    @Option(names = "--channels", defaultValue = "0-7", paramLabel = "LIST",
            description = "Channels (units of a fully connected blob): 0-7, 3,5,9 or all (default ${DEFAULT-VALUE}).")
    String channels;

    @Option(names = "--unit", paramLabel = "Y,X", description = "Rank one unit position instead of each channel's maximum.")
    String unit;

    @Option(names = {"-k", "--top"}, defaultValue = "9", description = "Patches per channel (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--batch", defaultValue = "32", description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N images (default: all).")
    int limit;

    @Option(names = "--display", defaultValue = "centred", paramLabel = "MODE",
            description = "How projections are shown: centred (0 is grey, colour kept), gray, norm, normblur (default ${DEFAULT-VALUE}).")
    String display;

    @Option(names = "--min-tile", defaultValue = "64", description = "Smallest tile side in pixels (default ${DEFAULT-VALUE}).")
    int minTile;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Display shown = Display.of(Display.Mode.named(display));
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        Device device = modelOptions.device();
        Net net = modelOptions.load(device);
        Shape shape = net.shape(blob); // refuses a blob that does not exist, listing the blobs
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("blob '" + blob + "' " + shape + " has no channels");
        }
        List<Integer> chosen = RunRecord.ranges(channels, shape.dim(1), "channel");
        int[] at = unit(unit);
        MaxPatches.Request request = new MaxPatches.Request(blob, chosen, at == null ? null : at[0],
                at == null ? null : at[1], k, batch);
        MaxPatches.check(net, request);
        ImageOptions.Source source = imageOptions.open(inputs, net, modelOptions, limit);
        RunRecord run = new RunRecord(spec, modelOptions, device, out, source.files());
        run.inputs(source.files());

        MaxPatches.Result result;
        try (Progress progress = Progress.start("topk " + blob, source.images().size(), quiet)) {
            result = MaxPatches.find(net, source.images(), request, progress::stepBy);
        }
        for (String u : result.unreadable()) {
            spec.commandLine().getErr().println("convscope topk: skipping " + u);
        }
        if (result.scanned() == 0) {
            throw new IllegalArgumentException("none of the " + source.images().size() + " images in " + inputs
                    + " could be read");
        }
        List<List<MaxPatches.Projection>> projections = MaxPatches.project(net, source.images(), result);
        ChannelOrder order = result.inputShape().c() == 3 ? ChannelOrder.BGR : ChannelOrder.RGB;
        PatchFigure figure = new PatchFigure(source.display()::deprocess, shown, order, minTile);
        String stem = "topk_" + RunRecord.safe(blob);
        Path png = run.out.writePng(stem + ".png", figure.render(result, projections));
        run.out.writeBytes(stem + ".json", json(result).getBytes(StandardCharsets.UTF_8));

        run.manifest.setting("blob", blob).setting("channels", chosen).setting("unit", unit).setting("k", k)
                .setting("batch", batch).setting("limit", limit).setting("display", shown.mode())
                .setting("minTile", minTile).setting("images", inputs.stream().map(Path::toString).toList())
                .setting("imageCount", source.images().size()).setting("scanned", result.scanned())
                .setting("unreadable", result.unreadable()).setting("receptiveField", result.field().toString())
                .setting("preprocessing", describe(source));
        run.finish();
        System.out.println(png + "  (" + result.scanned() + " images, " + chosen.size() + " channels, receptive field "
                + result.field() + ")");
        return result.unreadable().isEmpty() ? 0 : 1;
    }

    /** {@code --unit Y,X} as {y, x}, or null when not given. */
    static int[] unit(String unit) {
        if (unit == null) {
            return null;
        }
        String[] p = unit.split(",");
        try {
            if (p.length == 2) {
                return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("--unit takes Y,X, got '" + unit + "'");
    }

    static String describe(ImageOptions.Source s) {
        var p = s.display();
        return "resize " + p.resize() + ", crop " + p.crop() + ", mean " + (p.meanBgr() != null
                ? java.util.Arrays.toString(p.meanBgr()) : p.meanImage() != null ? "image" : "none") + ", scale " + p.scale();
    }

    private static String json(MaxPatches.Result r) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blob", r.request().blob());
        m.put("blobShape", r.blobShape().toString());
        m.put("receptiveField", r.field().toString());
        m.put("scanned", r.scanned());
        m.put("channels", channels(r));
        m.put("unreadable", r.unreadable());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
    }

    /** Per requested channel: {channel, hits: [{rank, image, name, value, y, x, box}]} (also used by evolution). */
    static List<Object> channels(MaxPatches.Result r) {
        List<Object> chans = new ArrayList<>();
        for (int i = 0; i < r.hits().size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("channel", r.request().channels().get(i));
            List<Object> hits = new ArrayList<>();
            for (MaxPatches.Hit h : r.hits().get(i)) {
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("rank", h.rank());
                hm.put("image", h.image());
                hm.put("name", h.name());
                hm.put("value", h.value());
                hm.put("y", h.y());
                hm.put("x", h.x());
                hm.put("box", h.box());
                hits.add(hm);
            }
            c.put("hits", hits);
            chans.add(c);
        }
        return chans;
    }
}
