package org.convscope.vis.attribution;

import java.util.List;

import org.convscope.nn.Net;
import org.convscope.nn.TopGradients;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * The class score {@code s_y} that the gradient methods differentiate: a blob of shape
 * {@code N x K} (or {@code N x K x 1 x 1}) holding one score per class <em>before</em> the softmax,
 * as Simonyan et al. insist (the softmax output can rise because other classes fall).
 */
public final class ClassScores {
    private ClassScores() {
    }

    /**
     * The pre-softmax score blob of a classifier: the bottom of the last layer when that layer is
     * a Softmax ({@code ip2} in LeNet, {@code fc8} in AlexNet), otherwise the net's output.
     */
    public static String scoreBlob(Net net) {
        List<String> layers = net.layerNames();
        String last = layers.get(layers.size() - 1);
        if (net.layer(last).type().equals("Softmax")) {
            String ref = net.bottomRefs(last).get(0);
            String blob = ref.substring(0, ref.indexOf('@'));
            // the plain name is the value the softmax read unless the softmax wrote over it in place
            return net.layer(last).def().tops().contains(blob) ? ref : blob;
        }
        return net.outputName();
    }

    /** The number of classes of a score blob (its second axis). */
    public static int classCount(Net net, String scoreBlob) {
        Shape s = net.shape(scoreBlob);
        if (s.rank() < 2) {
            throw new IllegalArgumentException("score blob '" + scoreBlob + "' of shape " + s + " has no class axis");
        }
        return s.dim(1);
    }

    /**
     * Refuses a class index outside the score blob.
     *
     * @throws IllegalArgumentException naming the valid range
     */
    public static void checkClass(Net net, String scoreBlob, int cls) {
        int k = classCount(net, scoreBlob);
        if (cls < 0 || cls >= k) {
            throw new IllegalArgumentException("class " + cls + " is out of range: '" + scoreBlob + "' has " + k
                    + " classes (0.." + (k - 1) + ")");
        }
    }

    /** The highest-scoring class of a one-item input. */
    public static int predicted(Net net, Tensor x, String scoreBlob) {
        float[] s = net.forward(x, scoreBlob).toArray();
        int best = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[best]) {
                best = i;
            }
        }
        return best;
    }

    /** {@code s_y} of a one-item input. */
    public static float score(Net net, Tensor x, String scoreBlob, int cls) {
        checkClass(net, scoreBlob, cls);
        Tensor s = net.forward(x, scoreBlob);
        return s.toArray()[cls * (s.shape().size() / s.shape().dim(1) / s.shape().dim(0))];
    }

    /**
     * One forward and one backward pass for a batch: {@code d s_y / d x} of every item, with the
     * given ReLU rule, and {@code s_y} of every item into {@code scores} (when not null).
     *
     * @param batch  N x C x H x W inputs
     * @param scores out: N values, or null
     * @return N x C x H x W gradients, on the host (row-major)
     */
    static float[] gradients(Net net, Tensor batch, String scoreBlob, int cls, ReluMode mode, float[] scores) {
        checkClass(net, scoreBlob, cls);
        Tensor s = net.forward(batch, scoreBlob);
        Tensor top = TopGradients.oneHot(s, cls);
        if (scores != null) {
            float[] v = s.toArray();
            float[] t = top.toArray();
            int n = batch.shape().n();
            int per = v.length / n;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < per; j++) {
                    sum += v[i * per + j] * t[i * per + j];
                }
                scores[i] = (float) sum;
            }
        }
        return net.backward(scoreBlob, top, mode).toArray();
    }

    /**
     * The softmax of class scores on the host, in double precision:
     * {@code p_i = exp(z_i - max z) / sum_j exp(z_j - max z)}.
     */
    public static float[] softmax(float[] z) {
        float[] p = z.clone();
        softmaxInPlace(p, 0, p.length);
        return p;
    }

    /** {@link #softmax} of {@code z[from]} to {@code z[from + n - 1]}, written over them. */
    public static void softmaxInPlace(float[] z, int from, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, z[from + i]);
        }
        double sum = 0;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(z[from + i] - m);
            sum += e[i];
        }
        for (int i = 0; i < n; i++) {
            z[from + i] = (float) (e[i] / sum);
        }
    }
}
