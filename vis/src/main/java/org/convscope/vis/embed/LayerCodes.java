package org.convscope.vis.embed;

import java.io.IOException;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.train.LinearClassifier;

/** A layer's codes for a data set (what {@code convscope codes} computes), the input of t-SNE and nearest neighbours. */
public final class LayerCodes {
    private LayerCodes() {
    }

    /** The net's input side for a data set: the resize side of its preprocessing, else the crop. */
    public static int side(Preprocessing pre) {
        return pre.resize() > 0 ? pre.resize() : pre.crop();
    }

    /**
     * Codes ({@code N x D}) of {@code layer} for every image of {@code set}, in batches of 50.
     *
     * @throws IllegalArgumentException when the net has no blob {@code layer}
     */
    public static float[][] compute(Net net, Preprocessing pre, Dataset set, String layer) throws IOException {
        if (!net.blobNames().contains(layer)) {
            throw new IllegalArgumentException("no blob '" + layer + "' in net '" + net.name() + "'; blobs: " + net.blobNames());
        }
        return LinearClassifier.codes(net, set, InputTransform.of(pre), net.inputNames().get(0), layer, 50);
    }
}
