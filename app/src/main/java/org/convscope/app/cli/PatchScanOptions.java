package org.convscope.app.cli;

import java.util.List;

import org.convscope.nn.Net;
import org.convscope.tensor.Shape;
import org.convscope.vis.patches.MaxPatches;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Manifest;

import picocli.CommandLine.Option;

/**
 * The options of a scan for the strongest activations of chosen channels over a set of images,
 * and of how the projections are shown ({@code topk}, {@code evolution}); each command adds its
 * own {@code -k}.
 */
final class PatchScanOptions {
    @Option(names = "--blob", required = true, paramLabel = "BLOB", description = "Blob whose channels are ranked (conv2, conv2@conv2, ip1).")
    String blob;

    @Option(names = "--channels", defaultValue = "0-7", paramLabel = "LIST",
            description = "Channels (units of a fully connected blob): 0-7, 3,5,9 or all (default ${DEFAULT-VALUE}).")
    String channels;

    @Option(names = "--unit", paramLabel = "Y,X", description = "Rank one unit position instead of each channel's maximum.")
    String unit;

    @Option(names = "--batch", defaultValue = "32", description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N images (default: all).")
    int limit;

    @Option(names = "--display", defaultValue = "centred", paramLabel = "MODE",
            description = "How projections are shown: centred (0 is grey, colour kept), gray, norm, normblur (default ${DEFAULT-VALUE}).")
    String display;

    @Option(names = "--min-tile", defaultValue = "64", description = "Smallest tile side in pixels (default ${DEFAULT-VALUE}).")
    int minTile;

    /** The display mode, after checking the numeric options. */
    Display shown() {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        if (minTile < 1) {
            throw new IllegalArgumentException("--min-tile must be at least 1, got " + minTile);
        }
        return Display.of(Display.Mode.named(display));
    }

    /** The request for {@code k} hits per channel, checked against the net. */
    MaxPatches.Request request(Net net, int k) {
        Shape shape = net.shape(blob); // refuses a blob that does not exist, listing the blobs
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("blob '" + blob + "' " + shape + " has no channels");
        }
        List<Integer> chosen = org.convscope.vis.data.IndexRanges.parse(channels, shape.dim(1), "channel");
        int[] at = unit(unit);
        MaxPatches.Request request = new MaxPatches.Request(blob, chosen, at == null ? null : at[0],
                at == null ? null : at[1], k, batch);
        MaxPatches.check(net, request);
        return request;
    }

    /** Records these options (and the request's channels and k) in the manifest. */
    void record(Manifest manifest, MaxPatches.Request request, Display shown) {
        manifest.setting("blob", blob).setting("channels", request.channels()).setting("unit", unit)
                .setting("k", request.k()).setting("batch", batch).setting("limit", limit)
                .setting("display", shown.mode()).setting("minTile", minTile);
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
}
