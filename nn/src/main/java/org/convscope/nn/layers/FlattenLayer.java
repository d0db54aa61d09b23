package org.convscope.nn.layers;


import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/** Caffe's Flatten ({@code axis: 1}, {@code end_axis: -1}): N x C x H x W becomes N x (C*H*W), values unchanged. */
public final class FlattenLayer extends UnaryLayer {

    public FlattenLayer(LayerDef def) {
        super(def);
        Message p = def.param("flatten_param");
        if (p.int32("axis", 1) != 1 || p.int32("end_axis", -1) != -1) {
            throw error("only axis 1 to end_axis -1 is supported");
        }
    }

    @Override
    protected Shape topShape(Shape x) {
        return Shape.of(x.dim(0), x.strideOfFirst());
    }

    @Override
    protected void forward(Device d, Tensor x, Tensor y) {
        d.copy(x, y);
    }

    @Override
    protected void backward(Device d, Tensor x, Tensor y, Tensor dy, Tensor dx, ReluMode mode) {
        d.copy(dy, dx);
    }
}
