package org.convscope.vis.attribution;

import org.convscope.nn.Net;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/**
 * Deconvnet projections (Zeiler and Fergus 2014): one unit's activation mapped back to pixel
 * space. Every other activation of the chosen layer is set to zero, the unit keeps its value, and
 * the signal goes down through the net in reverse:
 * <ul>
 * <li>max pooling: <em>unpooling</em>, each value put back at the position its pooling window
 *     took the maximum from (the switches recorded in the forward pass), zeros elsewhere;</li>
 * <li>ReLU: rectification of the signal going down, {@code dx = max(dy, 0)} ({@link ReluMode#DECONVNET};
 *     the forward mask is ignored, unlike backprop);</li>
 * <li>convolution: the transposed convolution (the same filters flipped), with no bias;</li>
 * <li>LRN: its exact gradient (Zeiler and Fergus do not invert it; this is the nearest linear map).</li>
 * </ul>
 * This is {@link Net#backward} with the DECONVNET rule from a start signal that holds the unit's
 * activation. The start blob is normally a rectified map ({@code conv5}, after {@code relu5}) so the
 * activation is non-negative; a unit whose activation is 0 projects to all zeros.
 */
public final class Deconvnet {
    private Deconvnet() {
    }

    /**
     * @param projection the projection in input space, 1 x C x H x W (host copy)
     * @param blob       the blob projected from
     * @param unit       the unit, position resolved
     * @param activation the unit's activation, which the projection starts from
     */
    public record Result(Tensor projection, String blob, Unit unit, float activation) {
    }

    /**
     * Projects one unit ({@link Unit#channelMax} for the channel's strongest position) of any blob.
     *
     * @throws IllegalArgumentException for an unknown blob (the message lists the blobs) or unit
     */
    public static Result project(Net net, Tensor x, String blob, Unit unit) {
        GuidedBackprop.Result r = GuidedBackprop.run(net, x, blob, unit, ReluMode.DECONVNET, true);
        return new Result(r.gradient(), r.blob(), r.unit(), r.value());
    }
}
