package org.convscope.nn.layers;


import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/** Caffe's TanH: {@code y = tanh(x)}; backward {@code dx = dy * (1 - y^2)}. */
public final class TanHLayer extends UnaryLayer {

    public TanHLayer(LayerDef def) {
        super(def);
    }

    @Override
    protected void forward(Device d, Tensor x, Tensor y) {
        d.tanh(x, y);
    }

    @Override
    protected void backward(Device d, Tensor x, Tensor y, Tensor dy, Tensor dx, ReluMode mode) {
        d.tanhBackward(y, dy, dx);
    }
}
