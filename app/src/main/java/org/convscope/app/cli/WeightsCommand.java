package org.convscope.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Grid;
import org.convscope.vis.weights.LearnedWeights;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convscope weights}: the learned filters of a convolution layer. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = {"Draws the learned filters of a convolution layer (Krizhevsky et al., Zeiler & Fergus): "
                + "a layer that looks at colour pixels (3 input channels, e.g. conv1) as a grid of RGB tiles, any "
                + "deeper layer as one row of grey tiles per filter (one tile per input channel; mid grey is 0).",
                "Writes OUT/weights_<layer>.png and OUT/manifest.json.",
                "Example: convscope weights -m cifar10_quick.prototxt -w cifar10_quick_iter_5000.caffemodel "
                        + "--layer conv1 --out out"})
final class WeightsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--layer", required = true, paramLabel = "LAYER", description = "A convolution layer (conv1, conv2, ...).")
    String layer;

    @Option(names = "--scale", defaultValue = "per-filter", paramLabel = "per-filter|shared",
            description = "One contrast per filter, or one for the whole layer (default ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--channel-order", defaultValue = "bgr", paramLabel = "bgr|rgb",
            description = "Channel order of 3-channel filters (Caffe models: bgr) (default ${DEFAULT-VALUE}).")
    String channelOrder;

    @Option(names = "--max-channels", defaultValue = "0",
            description = "Deeper layers: show at most N input channels per filter (default: all).")
    int maxChannels;

    @Option(names = "--min-tile", defaultValue = "0", description = "Smallest tile side in pixels (default: 40 RGB, 24 grey).")
    int minTile;

    @Mixin
    OutputOptions out = OutputOptions.required("Output folder (created).");

    @Override
    public Integer call() throws Exception {
        LearnedWeights.Scale s = switch (scale.toLowerCase(Locale.ROOT)) {
            case "per-filter", "filter" -> LearnedWeights.Scale.PER_FILTER;
            case "shared", "layer" -> LearnedWeights.Scale.SHARED;
            default -> throw new IllegalArgumentException("--scale is per-filter or shared, got '" + scale + "'");
        };
        ChannelOrder order = switch (channelOrder.toLowerCase(Locale.ROOT)) {
            case "bgr" -> ChannelOrder.BGR;
            case "rgb" -> ChannelOrder.RGB;
            default -> throw new IllegalArgumentException("--channel-order is bgr or rgb, got '" + channelOrder + "'");
        };
        if (maxChannels < 0 || minTile < 0) {
            throw new IllegalArgumentException("--max-channels and --min-tile must be >= 0");
        }
        Device device = modelOptions.device();
        Net net = modelOptions.load(device);
        List<String> convs = net.layers().stream().filter(l -> l.type().equals("Convolution")).map(l -> l.name()).toList();
        if (!convs.contains(layer)) {
            throw new IllegalArgumentException("net '" + net.name() + "' has no convolution layer '" + layer
                    + "'; convolution layers: " + String.join(", ", convs));
        }
        Param p = net.params().get(layer + ".weights");
        Tensor w = p.value();
        RunRecord run = new RunRecord(spec, modelOptions, device, out.dir(), List.of());
        var image = w.shape().dim(1) == 3
                ? LearnedWeights.renderRgb(LearnedWeights.rgbFilters(w, order, s),
                        Grid.standard().withLabels(Grid.Labels.NONE), minTile > 0 ? minTile : LearnedWeights.DEFAULT_MIN_TILE)
                : LearnedWeights.renderGrey(LearnedWeights.greyFilters(w, s), Grid.standard(), minTile > 0 ? minTile : 24,
                        maxChannels);
        Path png = run.out.writePng("weights_" + RunRecord.safe(layer) + ".png", image);
        run.manifest.setting("layer", layer).setting("shape", w.shape().toString()).setting("scale", scale)
                .setting("channelOrder", channelOrder).setting("maxChannels", maxChannels).setting("minTile", minTile);
        run.finish();
        System.out.println(png + "  (" + layer + " " + w.shape() + ")");
        return 0;
    }
}
