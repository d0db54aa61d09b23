package org.convscope.nn.layers;


import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/** Caffe's Sigmoid: {@code y = 1/(1+exp(-x))}; backward {@code dx = dy * y * (1-y)}. */
public final class SigmoidLayer extends UnaryLayer {

    public SigmoidLayer(LayerDef def) {
        super(def);
    }

    @Override
    protected void forward(Device d, Tensor x, Tensor y) {
        d.sigmoid(x, y);
    }

    @Override
    protected void backward(Device d, Tensor x, Tensor y, Tensor dy, Tensor dx, ReluMode mode) {
        d.sigmoidBackward(y, dy, dx);
    }
}
