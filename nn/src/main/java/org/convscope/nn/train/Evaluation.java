package org.convscope.nn.train;

import java.util.HashMap;
import java.util.Map;

import org.convscope.nn.Net;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.layers.DropoutLayer;
import org.convscope.nn.layers.Layer;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Top-1 accuracy of a net on a data set at inference (dropout off, test-time transform: centre
 * crop). Works on a deploy net or on a training net (whose label input is then fed too).
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** Result: correct count, total, and the confusion matrix {@code [label][predicted]}. */
    public record Result(int correct, int total, int[][] confusion) {
        public double accuracy() {
            return total == 0 ? 0 : (double) correct / total;
        }
    }

    /**
     * Runs {@code net} to {@code scores} (logits or probabilities) on every image of {@code data}.
     *
     * @param dataBlob  the image input ({@code data})
     * @param labelBlob the label input of a training net, or null for a deploy net
     */
    public static Result run(Net net, Dataset data, InputTransform t, String dataBlob, String labelBlob,
                             String scores, int batch) {
        for (Layer l : net.layers()) {
            if (l instanceof DropoutLayer d) {
                d.inference();
            }
        }
        Shape one = t.shape(data);
        int per = one.size();
        int classes = data.classNames().size();
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        float[] img = new float[data.channels() * data.height() * data.width()];
        for (int start = 0; start < data.size(); start += batch) {
            int n = Math.min(batch, data.size() - start);
            float[] x = new float[n * per];
            float[] lab = new float[n];
            for (int k = 0; k < n; k++) {
                data.image(start + k, img, 0);
                t.test(img, data.channels(), data.height(), data.width(), x, k * per);
                lab[k] = data.label(start + k);
            }
            Map<String, Tensor> in = new HashMap<>();
            in.put(dataBlob, Tensor.of(net.device(), x, one.withFirst(n).dims()));
            if (labelBlob != null) {
                in.put(labelBlob, Tensor.of(net.device(), lab, n));
            }
            float[] s = net.forward(in, scores).get(scores).toArray();
            in.values().forEach(Tensor::close);
            int c = s.length / n;
            for (int k = 0; k < n; k++) {
                int best = argmax(s, k * c, c);
                int label = (int) lab[k];
                if (best < classes) {
                    confusion[label][best]++;
                }
                if (best == label) {
                    correct++;
                }
            }
        }
        return new Result(correct, data.size(), confusion);
    }

    static int argmax(float[] s, int off, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (s[off + k] > s[off + best]) {
                best = k;
            }
        }
        return best;
    }
}
