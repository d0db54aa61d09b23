package org.convscope.vis.attribution;

import org.convscope.nn.Net;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/**
 * Image-specific class saliency (Simonyan, Vedaldi and Zisserman 2014): the gradient of the class
 * score {@code s_y} (before the softmax) with respect to the input pixels, by one ordinary
 * backward pass (ReLU rule {@link ReluMode#STANDARD}).
 *
 * <pre>
 *   w = d s_y / d x            (1 x C x H x W, the signed gradient; C = 3 BGR or 1 grey)
 *   M[i,j] = max_c |w[c,i,j]|  (1 x 1 x H x W, the saliency map)
 * </pre>
 * The score is linear in the input near {@code x} (piecewise-linear nets: ReLU, max pooling), so
 * {@code w} says which pixels change the score most when changed a little.
 */
public final class Saliency {
    private Saliency() {
    }

    /**
     * @param gradient {@code d s_y / d x}, 1 x C x H x W (host copy)
     * @param map      {@code max_c |gradient|}, 1 x 1 x H x W
     * @param score    {@code s_y} at the input
     */
    public record Result(Tensor gradient, Tensor map, float score) {
    }

    /**
     * The saliency of class {@code cls} for one input.
     *
     * @param x         1 x C x H x W, preprocessed as the net expects
     * @param scoreBlob the pre-softmax class scores ({@link ClassScores#scoreBlob})
     * @throws IllegalArgumentException for an unknown blob or a class outside the score blob
     */
    public static Result compute(Net net, Tensor x, String scoreBlob, int cls) {
        float[] score = new float[1];
        float[] g = ClassScores.gradients(net, x, scoreBlob, cls, ReluMode.STANDARD, score);
        Tensor gradient = Tensor.of(org.convscope.tensor.Devices.cpu(), g, x.shape().dims());
        return new Result(gradient, Maps.maxAbsOverChannels(gradient), score[0]);
    }
}
