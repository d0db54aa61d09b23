package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/** Caffe's Flatten ({@code axis: 1}, {@code end_axis: -1}): N x C x H x W becomes N x (C*H*W), values unchanged. */
public final class FlattenLayer extends Layer {

    public FlattenLayer(LayerDef def) {
        super(def);
        Message p = def.param("flatten_param");
        if (p.int32("axis", 1) != 1 || p.int32("end_axis", -1) != -1) {
            throw error("only axis 1 to end_axis -1 is supported");
        }
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        expectCounts(bottoms, 1, 1);
        Shape x = bottoms.get(0);
        return List.of(Shape.of(x.dim(0), x.strideOfFirst()));
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        d.copy(bottoms.get(0), tops.get(0));
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        if (bottomGrads.get(0) != null) {
            d.copy(topGrads.get(0), bottomGrads.get(0));
        }
    }
}
