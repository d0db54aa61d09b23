package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's ReLU: {@code y = max(x, 0)}. Backward under a {@link ReluMode}: STANDARD
 * {@code dx = dy*[x>0]}, DECONVNET {@code dx = max(dy,0)}, GUIDED {@code dx = max(dy,0)*[x>0]}.
 * A non-zero {@code negative_slope} (leaky ReLU) is not supported and is an error.
 */
public final class ReLULayer extends Layer {

    public ReLULayer(LayerDef def) {
        super(def);
        float slope = def.param("relu_param").float32("negative_slope", 0f);
        if (slope != 0f) {
            throw error("negative_slope " + slope + " (leaky ReLU) is not supported");
        }
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        expectCounts(bottoms, 1, 1);
        return List.of(bottoms.get(0));
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        d.relu(bottoms.get(0), tops.get(0));
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        if (bottomGrads.get(0) != null) {
            d.reluBackward(bottoms.get(0), topGrads.get(0), mode, bottomGrads.get(0));
        }
    }
}
