package org.convscope.nn.layers;


import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/**
 * Caffe's ReLU: {@code y = max(x, 0)}. Backward under a {@link ReluMode}: STANDARD
 * {@code dx = dy*[x>0]}, DECONVNET {@code dx = max(dy,0)}, GUIDED {@code dx = max(dy,0)*[x>0]}.
 * A non-zero {@code negative_slope} (leaky ReLU) is not supported and is an error.
 */
public final class ReLULayer extends UnaryLayer {

    public ReLULayer(LayerDef def) {
        super(def);
        float slope = def.param("relu_param").float32("negative_slope", 0f);
        if (slope != 0f) {
            throw error("negative_slope " + slope + " (leaky ReLU) is not supported");
        }
    }

    @Override
    protected void forward(Device d, Tensor x, Tensor y) {
        d.relu(x, y);
    }

    @Override
    protected void backward(Device d, Tensor x, Tensor y, Tensor dy, Tensor dx, ReluMode mode) {
        d.reluBackward(x, dy, mode, dx);
    }
}
