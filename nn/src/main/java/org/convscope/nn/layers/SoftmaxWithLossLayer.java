package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's SoftmaxWithLoss: bottoms are the N x C logits and the N labels (class indices stored as
 * floats); the top is the mean cross-entropy {@code -(1/N) sum_n log softmax(x_n)[label_n]}.
 * Backward: {@code dx = loss_grad * (softmax(x) - onehot(label)) / N}; the labels get no gradient.
 */
public final class SoftmaxWithLossLayer extends Layer {

    public SoftmaxWithLossLayer(LayerDef def) {
        super(def);
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        expectCounts(bottoms, 2, 1);
        Shape x = bottoms.get(0);
        if (bottoms.get(1).size() != x.dim(0) || x.size() != x.dim(0) * x.dim(1)) {
            throw error("needs N x C logits and N labels, got " + bottoms);
        }
        return List.of(Shape.of(1));
    }

    static int[] labels(Device d, Tensor t, int classes, Layer owner) {
        float[] f = d.read(t);
        int[] l = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            l[i] = Math.round(f[i]);
            if (l[i] < 0 || l[i] >= classes || l[i] != f[i]) {
                throw owner.error("label " + f[i] + " at item " + i + " is not a class index in [0, " + classes + ")");
            }
        }
        return l;
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        Tensor x = bottoms.get(0);
        float loss = d.softmaxCrossEntropy(x, labels(d, bottoms.get(1), x.shape().dim(1), this), null);
        d.fill(tops.get(0), loss);
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        Tensor dx = bottomGrads.get(0);
        if (dx != null) {
            Tensor x = bottoms.get(0);
            d.softmaxCrossEntropy(x, labels(d, bottoms.get(1), x.shape().dim(1), this), dx);
            d.scale(dx, d.read(topGrads.get(0))[0], dx);
        }
        if (bottomGrads.size() > 1 && bottomGrads.get(1) != null) {
            d.fill(bottomGrads.get(1), 0f);
        }
    }
}
