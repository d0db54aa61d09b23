package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * A layer with one bottom {@code x} and one top {@code y} (ReLU, Sigmoid, TanH, Softmax, Dropout,
 * Flatten, LRN, Pooling): the lists of the {@link Layer} protocol reduced to single tensors. The top has the
 * bottom's shape unless {@link #topShape} says otherwise; backward is called only when the
 * bottom's gradient is wanted.
 */
public abstract class UnaryLayer extends Layer {

    protected UnaryLayer(LayerDef def) {
        super(def);
    }

    /**
     * The top's shape for the bottom's: the same shape by default.
     *
     * @throws IllegalArgumentException when the layer cannot take that shape
     */
    protected Shape topShape(Shape x) {
        return x;
    }

    /** {@code y} from {@code x} (overwritten). */
    protected abstract void forward(Device d, Tensor x, Tensor y);

    /** {@code dx} (overwritten) from {@code dy}, with the values {@code x} and {@code y} of the forward pass. */
    protected abstract void backward(Device d, Tensor x, Tensor y, Tensor dy, Tensor dx, ReluMode mode);

    @Override
    public final List<Shape> reshape(List<Shape> bottoms, Device device) {
        expectCounts(bottoms, 1, 1);
        return List.of(topShape(bottoms.get(0)));
    }

    @Override
    public final void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        forward(d, bottoms.get(0), tops.get(0));
    }

    @Override
    public final void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                               List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        if (bottomGrads.get(0) != null) {
            backward(d, bottoms.get(0), tops.get(0), topGrads.get(0), bottomGrads.get(0), mode);
        }
    }
}
