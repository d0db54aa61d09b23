package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/** Caffe's TanH: {@code y = tanh(x)}; backward {@code dx = dy * (1 - y^2)}. */
public final class TanHLayer extends Layer {

    public TanHLayer(LayerDef def) {
        super(def);
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        expectCounts(bottoms, 1, 1);
        return List.of(bottoms.get(0));
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        d.tanh(bottoms.get(0), tops.get(0));
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        if (bottomGrads.get(0) != null) {
            d.tanhBackward(tops.get(0), topGrads.get(0), bottomGrads.get(0));
        }
    }
}
