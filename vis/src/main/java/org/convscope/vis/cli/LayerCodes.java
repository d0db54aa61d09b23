package org.convscope.vis.cli;

import java.io.IOException;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.train.LinearClassifier;

/** A layer's codes for a data set named on the command line (what {@code codes} computes), for tsne and neighbours. */
final class LayerCodes {
    private LayerCodes() {
    }

    /** The net's input side for a data set: the resize side of its preprocessing, else the crop. */
    static int side(Preprocessing pre) {
        return pre.resize() > 0 ? pre.resize() : pre.crop();
    }

    static Preprocessing preprocessing(ModelOptions modelOptions, Net net) {
        Preprocessing pre = modelOptions.defaultPreprocessing(net);
        if (pre == null) {
            throw new IllegalArgumentException("no preprocessing known for this net; use a built-in net or --model demo");
        }
        return pre;
    }

    /** Codes ({@code N x D}) of {@code layer} for every image of {@code set}, in batches of 50. */
    static float[][] compute(Net net, Preprocessing pre, Dataset set, String layer) throws IOException {
        if (!net.blobNames().contains(layer)) {
            throw new IllegalArgumentException("no blob '" + layer + "' in net '" + net.name() + "'; blobs: " + net.blobNames());
        }
        return LinearClassifier.codes(net, set, InputTransform.of(pre), net.inputNames().get(0), layer, 50);
    }
}
