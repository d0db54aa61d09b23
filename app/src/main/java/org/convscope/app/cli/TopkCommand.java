package org.convscope.app.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.vis.patches.MaxPatches;
import org.convscope.vis.patches.PatchFigure;
import org.convscope.vis.patches.TopkJson;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Progress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
    ImageFiles images;

    @Mixin
    PatchScanOptions scan;

    @Option(names = {"-k", "--top"}, defaultValue = "9", description = "Patches per channel (default ${DEFAULT-VALUE}).")
    int k;

    @Mixin
    ProgressOptions progress;

    @Mixin
    OutputOptions out = OutputOptions.required("Output folder (created).");

    @Override
    public Integer call() throws Exception {
        Display shown = scan.shown();
        Device device = modelOptions.device();
        Net net = modelOptions.load(device);
        MaxPatches.Request request = scan.request(net, k);
        String blob = scan.blob;
        ImageOptions.Source source = images.open(net, modelOptions, scan.limit);
        RunRecord run = new RunRecord(spec, modelOptions, device, out.dir(), source.files());
        run.inputs(source.files());

        MaxPatches.Result result;
        try (Progress bar = progress.start("topk " + blob, source.images().size())) {
            result = MaxPatches.find(net, source.images(), request, bar::stepBy);
        }
        for (String u : result.unreadable()) {
            spec.commandLine().getErr().println("convscope topk: skipping " + u);
        }
        if (result.scanned() == 0) {
            throw new IllegalArgumentException("none of the " + source.images().size() + " images in " + images.inputs
                    + " could be read");
        }
        List<List<MaxPatches.Projection>> projections = MaxPatches.project(net, source.images(), result);
        ChannelOrder order = result.inputShape().c() == 3 ? ChannelOrder.BGR : ChannelOrder.RGB;
        PatchFigure figure = new PatchFigure(source.display()::deprocess, shown, order, scan.minTile);
        String stem = "topk_" + RunRecord.safe(blob);
        Path png = run.out.writePng(stem + ".png", figure.render(result, projections));
        run.out.writeBytes(stem + ".json", TopkJson.of(result).getBytes(StandardCharsets.UTF_8));

        scan.record(run.manifest, request, shown);
        run.manifest.setting("images", images.inputs.stream().map(Path::toString).toList())
                .setting("imageCount", source.images().size()).setting("scanned", result.scanned())
                .setting("unreadable", result.unreadable()).setting("receptiveField", result.field().toString())
                .setting("preprocessing", describe(source));
        run.finish();
        System.out.println(png + "  (" + result.scanned() + " images, " + request.channels().size() + " channels, receptive field "
                + result.field() + ")");
        return result.unreadable().isEmpty() ? 0 : 1;
    }

    static String describe(ImageOptions.Source s) {
        var p = s.display();
        return "resize " + p.resize() + ", crop " + p.crop() + ", mean " + (p.meanBgr() != null
                ? java.util.Arrays.toString(p.meanBgr()) : p.meanImage() != null ? "image" : "none") + ", scale " + p.scale();
    }
}
