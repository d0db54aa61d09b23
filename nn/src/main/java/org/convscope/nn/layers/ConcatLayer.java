package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's Concat along the channel axis ({@code axis: 1}, or V1's {@code concat_dim: 1}); backward
 * splits the gradient back into the bottoms' channel ranges.
 */
public final class ConcatLayer extends Layer {

    public ConcatLayer(LayerDef def) {
        super(def);
        Message p = def.param("concat_param");
        int axis = p.has("axis") ? p.int32("axis", 1) : p.int32("concat_dim", 1);
        if (axis != 1) {
            throw error("only axis 1 (channels) is supported, got " + axis);
        }
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        if (bottoms.isEmpty() || def().tops().size() != 1) {
            throw error("needs at least one bottom and one top");
        }
        Shape first = bottoms.get(0);
        int c = 0;
        for (Shape s : bottoms) {
            if (s.rank() != first.rank() || s.dim(0) != first.dim(0)
                    || (s.rank() == 4 && (s.h() != first.h() || s.w() != first.w()))) {
                throw error("bottom shapes " + bottoms + " differ outside the channel axis");
            }
            c += s.dim(1);
        }
        return List.of(first.rank() == 4 ? Shape.of(first.n(), c, first.h(), first.w()) : Shape.of(first.dim(0), c));
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        d.concatChannels(bottoms, tops.get(0));
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        d.splitChannels(topGrads.get(0), bottomGrads);
    }
}
