package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.activations.ActivationGrid;
import org.convscope.vis.patches.ImageSource;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Grid;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convscope activations}: every channel of a blob for one image. */
@Command(name = "activations", mixinStandardHelpOptions = true,
        description = {"Runs one image through the net and draws every channel of the chosen blobs as a labelled "
                + "grid of grey maps (Yosinski et al.'s Deep Visualization Toolbox): by default one min-max scale "
                + "over the whole blob, so weak channels look weak; --per-map gives each map its own, --gamma < 1 "
                + "lifts faint activity.",
                "Writes OUT/activations_<blob>.png per blob and OUT/manifest.json.",
                "Example: convscope activations -m lenet.prototxt -w lenet_iter_10000.caffemodel --blobs conv1,conv2 "
                        + "--item 0 --out out t10k-images-idx3-ubyte.gz"})
final class ActivationsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ImageOptions imageOptions;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "An image file, or an MNIST *-idx3-ubyte[.gz] file with --item.")
    Path image;

    @Option(names = "--blobs", required = true, split = ",", paramLabel = "BLOB", description = "Blobs to draw (conv1,conv2@conv2).")
    List<String> blobs;

    @Option(names = "--item", defaultValue = "0", description = "Which digit of an IDX file (default ${DEFAULT-VALUE}).")
    int item;

    @Option(names = "--display", defaultValue = "norm", paramLabel = "MODE",
            description = "norm, normblur, gray (0 at mid grey) (default ${DEFAULT-VALUE}).")
    String display;

    @Option(names = "--per-map", description = "Scale each map alone instead of the whole blob together.")
    boolean perMap;

    @Option(names = "--gamma", defaultValue = "1.0", description = "Gamma boost after scaling (default ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--min-tile", defaultValue = "48", description = "Smallest tile side in pixels (default ${DEFAULT-VALUE}).")
    int minTile;

    @Mixin
    OutputOptions out = OutputOptions.required("Output folder (created).");

    @Override
    public Integer call() throws Exception {
        Display shown = Display.of(Display.Mode.named(display)).withShared(!perMap).withGamma(gamma);
        Device device = modelOptions.device();
        Net net = modelOptions.load(device);
        for (String b : blobs) {
            Shape s = net.shape(b); // refuses a blob that does not exist, listing the blobs
            if (s.rank() != 4 && s.rank() != 2) {
                throw new IllegalArgumentException("blob '" + b + "' has shape " + s + "; activations need N x C x H x W or N x C");
            }
        }
        ImageOptions.Source source = imageOptions.open(List.of(image), net, modelOptions, 0);
        if (item < 0 || item >= source.images().size()) {
            throw new IllegalArgumentException("--item " + item + " does not exist: " + image + " holds items 0-"
                    + (source.images().size() - 1));
        }
        List<ImageSource.Item> got = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        source.images().scan(i -> i == item, new ImageSource.Sink() {
            @Override
            public void accept(ImageSource.Item it) {
                got.add(it);
            }

            @Override
            public void unreadable(int index, String name, String reason) {
                bad.add(name + ": " + reason);
            }
        });
        if (got.isEmpty()) {
            throw new IOException("cannot read " + String.join("; ", bad));
        }
        ImageSource.Item it = got.get(0);
        RunRecord run = new RunRecord(spec, modelOptions, device, out.dir(), source.files());
        run.inputs(source.files());
        Tensor x = Tensor.of(device, it.data(), 1, it.channels(), it.height(), it.width());
        var values = net.forward(java.util.Map.of(net.inputNames().get(0), x), blobs.toArray(new String[0]));
        for (String b : blobs) {
            Tensor v = values.get(b);
            Path png = run.out.writePng("activations_" + RunRecord.safe(b) + ".png",
                    ActivationGrid.render(ActivationGrid.maps(v, shown), Grid.standard(), minTile));
            System.out.println(png + "  (" + b + " " + v.shape() + ")");
        }
        run.manifest.setting("blobs", blobs).setting("item", item).setting("display", shown.mode())
                .setting("perMap", perMap).setting("gamma", gamma).setting("minTile", minTile)
                .setting("preprocessing", TopkCommand.describe(source));
        run.finish();
        return 0;
    }
}
