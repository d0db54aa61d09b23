package org.convscope.nn.layers;

import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/** Caffe's Split: copies one bottom to every top; backward sums the top gradients. */
public final class SplitLayer extends Layer {

    public SplitLayer(LayerDef def) {
        super(def);
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        if (bottoms.size() != 1 || def().tops().isEmpty()) {
            throw error("needs one bottom and at least one top");
        }
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < def().tops().size(); i++) {
            out.add(bottoms.get(0));
        }
        return out;
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        for (Tensor t : tops) {
            d.copy(bottoms.get(0), t);
        }
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        Tensor dx = bottomGrads.get(0);
        if (dx == null) {
            return;
        }
        d.copy(topGrads.get(0), dx);
        for (int i = 1; i < topGrads.size(); i++) {
            d.add(dx, topGrads.get(i), dx);
        }
    }
}
