package org.convscope.vis.attribution;

import org.convscope.nn.Net;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/**
 * Guided backpropagation (Springenberg, Dosovitskiy, Brox and Riedmiller 2015): the gradient of
 * a class score or of any unit with respect to the input, where every ReLU passes a signal down
 * only where both the forward input and the signal are positive:
 * <pre>
 *   dx = max(dy, 0) * [x &gt; 0]      at every ReLU ({@link ReluMode#GUIDED})
 * </pre>
 * Every other layer sends its ordinary gradient (max pooling through its switches, convolution
 * through the transposed convolution, LRN through its exact gradient). The start signal is 1 on
 * the chosen unit and 0 elsewhere.
 */
public final class GuidedBackprop {
    private GuidedBackprop() {
    }

    /**
     * @param gradient the guided gradient, 1 x C x H x W (host copy)
     * @param blob     the blob the signal started from
     * @param unit     the unit, position resolved ({@code channel} alone for a 2-D blob)
     * @param value    the unit's forward value (the class score for a class)
     */
    public record Result(Tensor gradient, String blob, Unit unit, float value) {
    }

    /** Guided backprop of class {@code cls}'s pre-softmax score. */
    public static Result forClass(Net net, Tensor x, String scoreBlob, int cls) {
        ClassScores.checkClass(net, scoreBlob, cls);
        return forUnit(net, x, scoreBlob, Unit.channelMax(cls));
    }

    /**
     * Guided backprop of one unit of any blob.
     *
     * @throws IllegalArgumentException for an unknown blob (the message lists the blobs) or unit
     */
    public static Result forUnit(Net net, Tensor x, String blob, Unit unit) {
        return run(net, x, blob, unit, ReluMode.GUIDED, false);
    }

    /**
     * One backward pass from one unit with a ReLU rule; the start signal is 1 on the unit, or the
     * unit's own value when {@code byValue} (the deconvnet's "pass the activation down").
     */
    static Result run(Net net, Tensor x, String blob, Unit unit, ReluMode mode, boolean byValue) {
        unit.check(net, blob);
        Tensor value = net.forward(x, blob);
        int index = unit.index(value);
        float v = value.toArray()[index];
        float[] top = new float[value.shape().size()];
        top[index] = byValue ? v : 1f;
        Tensor signal = Tensor.of(value.device(), top, value.shape().dims());
        Tensor dx = net.backward(blob, signal, mode);
        return new Result(Maps.copy(dx), blob, unit.resolve(value), v);
    }
}
