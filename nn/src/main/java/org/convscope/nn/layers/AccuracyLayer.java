package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's Accuracy: the fraction of items whose label is among the {@code top_k} (1) largest
 * scores (ties counted as Caffe does: a score strictly larger than the label's pushes it down).
 * Computed on the host; it has no gradient.
 */
public final class AccuracyLayer extends Layer {
    private final int topK;

    public AccuracyLayer(LayerDef def) {
        super(def);
        topK = def.param("accuracy_param").int32("top_k", 1);
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        expectCounts(bottoms, 2, 1);
        return List.of(Shape.of(1));
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        Tensor x = bottoms.get(0);
        int n = x.shape().dim(0);
        int c = x.size() / n;
        int[] labels = SoftmaxWithLossLayer.labels(d, bottoms.get(1), c, this);
        float[] s = d.read(x);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            float mine = s[i * c + labels[i]];
            int above = 0;
            for (int k = 0; k < c; k++) {
                if (s[i * c + k] > mine) {
                    above++;
                }
            }
            if (above < topK) {
                correct++;
            }
        }
        d.fill(tops.get(0), (float) correct / n);
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        for (Tensor g : bottomGrads) {
            if (g != null) {
                d.fill(g, 0f);
            }
        }
    }
}
