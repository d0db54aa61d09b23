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
 * splits the gradient back into the bottoms' channel ranges. A bottom that is already a channel slice
 * of the top at its place ({@link Tensor#isChannelSliceOf}: the net let its producer write there) is
 * not copied, nor is its gradient, which is then the same slice of the top's gradient.
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
        Tensor top = tops.get(0);
        if (!anyInPlace(bottoms, bottoms, top)) {
            d.concatChannels(bottoms, top);
            return;
        }
        int c0 = 0;
        for (Tensor b : bottoms) {
            int c = b.shape().dim(1);
            if (!b.isChannelSliceOf(top, c0)) {
                d.copy(b, top.channelSlice(c0, c));
            }
            c0 += c;
        }
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        Tensor top = topGrads.get(0);
        if (!anyInPlace(bottomGrads, bottoms, top)) {
            d.splitChannels(top, bottomGrads);
            return;
        }
        int c0 = 0;
        for (int i = 0; i < bottoms.size(); i++) {
            int c = bottoms.get(i).shape().dim(1);
            Tensor g = bottomGrads.get(i);
            if (g != null && !g.isChannelSliceOf(top, c0)) {
                d.copy(top.channelSlice(c0, c), g);
            }
            c0 += c;
        }
    }

    /** Whether some part is already the whole's slice at its place (then only the others are copied). */
    private static boolean anyInPlace(List<Tensor> parts, List<Tensor> bottoms, Tensor whole) {
        int c0 = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) != null && parts.get(i).isChannelSliceOf(whole, c0)) {
                return true;
            }
            c0 += bottoms.get(i).shape().dim(1);
        }
        return false;
    }
}
