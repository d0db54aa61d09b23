package org.convscope.vis.optimize;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.ClassScores;
import org.convscope.vis.attribution.Unit;

/**
 * A scalar of the net that an ascent maximizes: a linear read-out {@code a(x) = <m, f_l(x)>} of
 * one blob {@code f_l} with a fixed mask {@code m} of the blob's shape (item 0).
 *
 * <ul>
 *   <li>a class score before the softmax (Simonyan et al. 2014): {@code m} one-hot at the class;</li>
 *   <li>one unit {@code C,Y,X} of a 4-D blob (Yosinski et al. 2015): one-hot at the unit;</li>
 *   <li>a whole channel {@code C} of a 4-D blob: {@code m = 1/(H*W)} on the channel, the channel's
 *   mean over positions (a unit of a 2-D blob, a fully connected layer, is that channel alone).</li>
 * </ul>
 * Its gradient {@code d a / d x = J_l(x)^T m} is one backward pass from the blob with the mask as
 * top gradient. The mask stays on the device; {@link #value} reads one scalar back.
 */
public final class Objective {
    private final Net net;
    private final String blob;
    private final Tensor mask;
    private final String description;

    private Objective(Net net, String blob, Tensor mask, String description) {
        this.net = net;
        this.blob = blob;
        this.mask = mask;
        this.description = description;
    }

    /**
     * The pre-softmax score of class {@code cls} in {@code scoreBlob} for inputs of {@code inputShape}.
     *
     * @throws IllegalArgumentException for an unknown blob or a class outside it
     */
    public static Objective classScore(Net net, Shape inputShape, String scoreBlob, int cls) {
        shape(net, inputShape);
        ClassScores.checkClass(net, scoreBlob, cls);
        Shape s = net.shape(scoreBlob);
        float[] m = new float[s.size()];
        int plane = s.size() / s.dim(0) / s.dim(1);
        for (int p = 0; p < plane; p++) {
            m[cls * plane + p] = 1f / plane;
        }
        return new Objective(net, scoreBlob, Tensor.of(net.device(), m, s.dims()), "class " + cls + " of " + scoreBlob);
    }

    /**
     * One unit ({@code C,Y,X}) or a channel's mean ({@code C}) of a blob, for inputs of {@code inputShape}.
     *
     * @throws IllegalArgumentException for an unknown blob or a unit it does not have
     */
    public static Objective unit(Net net, Shape inputShape, String blob, Unit unit) {
        shape(net, inputShape);
        unit.check(net, blob);
        Shape s = net.shape(blob);
        float[] m = new float[s.size()];
        int plane = s.size() / s.dim(0) / s.dim(1);
        int base = unit.channel() * plane;
        if (unit.atMax()) {
            for (int p = 0; p < plane; p++) {
                m[base + p] = 1f / plane;
            }
        } else {
            m[base + unit.y() * s.w() + unit.x()] = 1f;
        }
        String what = unit.atMax() && plane > 1 ? "mean of channel " + unit.channel() : "unit " + unit;
        return new Objective(net, blob, Tensor.of(net.device(), m, s.dims()), what + " of " + blob);
    }

    /**
     * The same read-out times {@code factor}: what the objective would be on a net whose scores are
     * {@code factor} times larger (how the tests show which step rules depend on that scale).
     */
    Objective scaled(float factor) {
        Tensor m = net.device().allocate(mask.shape());
        net.device().scale(mask, factor, m);
        return new Objective(net, blob, m, description + " x " + factor);
    }

    private static void shape(Net net, Shape inputShape) {
        if (inputShape.n() != 1) {
            throw new IllegalArgumentException("an objective is defined on one image, not a batch of " + inputShape.n());
        }
        net.reshape(java.util.Map.of(net.inputNames().get(0), inputShape));
    }

    /** {@code a(x)}: one forward pass up to the blob. */
    public float value(Tensor x) {
        Tensor v = net.forward(x, blob);
        return net.device().dot(v, mask);
    }

    /**
     * {@code a(x)} and {@code d a / d x}: one forward and one backward pass (ordinary ReLU rule).
     *
     * @param grad out: the gradient, same shape as x (overwritten)
     * @return {@code a(x)}
     */
    public float valueAndGradient(Tensor x, Tensor grad) {
        float a = value(x);
        Device d = net.device();
        d.copy(net.backward(blob, mask, ReluMode.STANDARD), grad);
        return a;
    }

    public Net net() {
        return net;
    }

    public String blob() {
        return blob;
    }

    /** "class 3 of ip2", "unit 5,3,3 of conv2", "mean of channel 5 of conv2". */
    @Override
    public String toString() {
        return description;
    }
}
