package org.convscope.app.cli;

import org.convscope.nn.Net;
import org.convscope.vis.embed.LayerCodes;

import picocli.CommandLine.Option;

/** {@code --layer}, the blob whose values are the codes, declared once for codes, tsne and neighbours. */
final class CodeLayerOptions {
    @Option(names = "--layer", description = "Blob whose values are the codes (default: fc7, else the input of the fully "
            + "connected layer that gives the scores, else scores pooled from maps: SqueezeNet's pool_final).")
    String layer;

    /** The blob named, else the net's default code layer ({@link LayerCodes#defaultLayer}). */
    String of(Net net) {
        return layer != null ? layer : LayerCodes.defaultLayer(net);
    }
}
