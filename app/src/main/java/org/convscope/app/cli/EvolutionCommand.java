package org.convscope.app.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.vis.patches.EvolutionFigure;
import org.convscope.vis.patches.FeatureEvolution;
import org.convscope.vis.patches.MaxPatches;
import org.convscope.vis.patches.TopkJson;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Progress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convscope evolution}: the same channels' top projections after several epochs of training. */
@Command(name = "evolution", mixinStandardHelpOptions = true,
        description = {"Feature evolution during training (Zeiler & Fergus): loads each epoch snapshot of a training "
                + "run into the deploy net of --model, finds over a folder of images (or an MNIST IDX file) the "
                + "strongest activation of each chosen channel (k = 1, as in the paper; --unit for one position), "
                + "and shows its deconvnet projection (--guided: guided backprop; --show both: the image patch beside "
                + "it) in one row per channel and one column per snapshot.",
                "Snapshots: --snapshots PREFIX takes every PREFIX_epoch_E.caffemodel (as written by convscope train "
                        + "--epoch-snapshots or train-demo --epoch-snapshots), in increasing E; or name them one by one "
                        + "with --snapshot E=FILE, in the order given.",
                "Writes OUT/evolution_<blob>.png, OUT/evolution_<blob>.json (every hit of every snapshot: image, "
                        + "value, unit position, box) and OUT/manifest.json.",
                "Example: convscope evolution -m lenet.prototxt --snapshots runs/lenet --blob conv2 --channels 0-7 "
                        + "--out out t10k-images-idx3-ubyte.gz"})
final class EvolutionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ImageFiles images;

    @Option(names = "--snapshots", paramLabel = "PREFIX",
            description = "Every PREFIX_epoch_E.caffemodel, sorted by E (runs/lenet finds runs/lenet_epoch_1.caffemodel, ...).")
    Path prefix;

    @Option(names = "--snapshot", paramLabel = "LABEL=FILE",
            description = "One snapshot and its column heading (repeat; in this order): --snapshot 1=a.caffemodel "
                    + "--snapshot 5=b.caffemodel. A file named *_epoch_E.caffemodel may be given without LABEL=.")
    List<String> snapshotSpecs = new ArrayList<>();

    @Mixin
    PatchScanOptions scan;

    @Option(names = {"-k", "--top"}, defaultValue = "1",
            description = "Hits per channel and snapshot (default ${DEFAULT-VALUE}: the strongest, as in the paper).")
    int k;

    @Option(names = "--show", defaultValue = "deconv", paramLabel = "WHAT",
            description = "What each cell shows: deconv (the projection), patch (the image patch) or both (default ${DEFAULT-VALUE}).")
    String show;

    @Option(names = "--guided", description = "Show guided-backprop projections instead of deconvnet ones.")
    boolean guided;

    @Mixin
    ProgressOptions progress;

    @Mixin
    OutputOptions out = OutputOptions.required("Output folder (created).");

    @Override
    public Integer call() throws Exception {
        Display shown = scan.shown();
        EvolutionFigure.Show what = EvolutionFigure.Show.named(show);
        List<FeatureEvolution.Snapshot> snapshots = snapshots();
        FeatureEvolution.check(snapshots);
        Device device = modelOptions.device();
        Net net = modelOptions.architecture(device, "--snapshots/--snapshot");
        MaxPatches.Request request = scan.request(net, k);
        String blob = scan.blob;
        ImageOptions.Source source = images.open(net, modelOptions, scan.limit);
        List<Path> read = new ArrayList<>(source.files());
        snapshots.forEach(s -> read.add(s.weights()));
        RunRecord run = new RunRecord(spec, modelOptions, device, out.dir(), read);
        run.inputs(source.files());

        FeatureEvolution.Result result;
        try (Progress bar = progress.start("evolution " + blob, (long) snapshots.size() * source.images().size())) {
            result = FeatureEvolution.run(net, snapshots, source.images(), request, bar::stepBy);
        }
        MaxPatches.Result first = result.columns().get(0).result();
        for (String u : first.unreadable()) {
            spec.commandLine().getErr().println("convscope evolution: skipping " + u);
        }
        ChannelOrder order = first.inputShape().c() == 3 ? ChannelOrder.BGR : ChannelOrder.RGB;
        EvolutionFigure figure = new EvolutionFigure(source.display()::deprocess, shown, order, scan.minTile, what, guided);
        String stem = "evolution_" + RunRecord.safe(blob);
        Path png = run.out.writePng(stem + ".png", figure.render(result));
        run.out.writeBytes(stem + ".json", TopkJson.of(result).getBytes(StandardCharsets.UTF_8));

        List<Object> listed = new ArrayList<>();
        for (int i = 0; i < snapshots.size(); i++) {
            FeatureEvolution.Snapshot s = snapshots.get(i);
            run.manifest.input(String.format("snapshots[%02d]", i), s.weights());
            listed.add(Map.of("label", s.label(), "weights", s.weights().toString()));
        }
        scan.record(run.manifest, request, shown);
        run.manifest.setting("show", what).setting("guided", guided).setting("snapshots", listed)
                .setting("images", images.inputs.stream().map(Path::toString).toList())
                .setting("imageCount", source.images().size()).setting("scanned", first.scanned())
                .setting("unreadable", first.unreadable()).setting("receptiveField", first.field().toString())
                .setting("preprocessing", TopkCommand.describe(source));
        run.finish();
        System.out.println(png + "  (" + snapshots.size() + " snapshots x " + first.scanned() + " images, "
                + request.channels().size() + " channels, receptive field " + first.field() + ")");
        return first.unreadable().isEmpty() ? 0 : 1;
    }

    /** The snapshots named by --snapshots or --snapshot (not both). */
    private List<FeatureEvolution.Snapshot> snapshots() throws java.io.IOException {
        if (prefix != null && !snapshotSpecs.isEmpty()) {
            throw new IllegalArgumentException("give --snapshots PREFIX or --snapshot LABEL=FILE, not both");
        }
        if (prefix != null) {
            return FeatureEvolution.glob(prefix);
        }
        if (snapshotSpecs.isEmpty()) {
            throw new IllegalArgumentException("give the snapshots: --snapshots PREFIX (every PREFIX_epoch_E.caffemodel) "
                    + "or --snapshot LABEL=FILE, once per snapshot");
        }
        List<FeatureEvolution.Snapshot> out = new ArrayList<>();
        for (String s : snapshotSpecs) {
            out.add(FeatureEvolution.Snapshot.parse(s));
        }
        return out;
    }
}
