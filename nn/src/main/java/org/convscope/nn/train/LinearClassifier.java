package org.convscope.nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.convscope.nn.Net;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.layers.DropoutLayer;
import org.convscope.nn.layers.Layer;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Transfer learning with very little data (the lectures' first row): a frozen net's codes at one
 * layer ({@code fc7}, or any blob) for every image, and a linear softmax classifier trained on
 * them, {@code p = softmax(W z + b)}, by minibatch SGD with momentum on the mean cross-entropy plus
 * {@code (decay/2) |W|^2}. Codes are standardized (per-dimension mean and standard deviation of the
 * training codes) before the classifier sees them.
 */
public final class LinearClassifier {
    private final float[][] w; // [class][dim]
    private final float[] b;
    private final float[] mean;
    private final float[] std;

    private LinearClassifier(float[][] w, float[] b, float[] mean, float[] std) {
        this.w = w;
        this.b = b;
        this.mean = mean;
        this.std = std;
    }

    /**
     * The codes of every image at blob {@code layer} (flattened; inference mode, test transform).
     *
     * @return {@code codes[i]} for image i
     */
    public static float[][] codes(Net net, Dataset data, InputTransform t, String dataBlob, String layer, int batch) {
        for (Layer l : net.layers()) {
            if (l instanceof DropoutLayer d) {
                d.inference();
            }
        }
        Shape one = t.shape(data);
        int per = one.size();
        float[][] out = new float[data.size()][];
        float[] img = new float[data.channels() * data.height() * data.width()];
        for (int start = 0; start < data.size(); start += batch) {
            int n = Math.min(batch, data.size() - start);
            float[] x = new float[n * per];
            for (int k = 0; k < n; k++) {
                data.image(start + k, img, 0);
                t.test(img, data.channels(), data.height(), data.width(), x, k * per);
            }
            float[] c;
            try (Tensor xt = Tensor.of(net.device(), x, one.withFirst(n).dims())) {
                c = net.forward(java.util.Map.of(dataBlob, xt), layer).get(layer).toArray();
            }
            int d = c.length / n;
            for (int k = 0; k < n; k++) {
                out[start + k] = java.util.Arrays.copyOfRange(c, k * d, (k + 1) * d);
            }
        }
        return out;
    }

    /**
     * Trains on codes and labels.
     *
     * @param epochs passes over the data (minibatches of 32, shuffled with {@code seed})
     */
    public static LinearClassifier train(float[][] codes, int[] labels, int classes, int epochs, double rate,
                                         double decay, long seed) {
        int n = codes.length;
        int d = codes[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (float[] c : codes) {
            for (int j = 0; j < d; j++) {
                mean[j] += c[j] / n;
            }
        }
        for (float[] c : codes) {
            for (int j = 0; j < d; j++) {
                std[j] += (c[j] - mean[j]) * (c[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = (float) Math.sqrt(std[j]) + 1e-6f;
        }
        LinearClassifier m = new LinearClassifier(new float[classes][d], new float[classes], mean, std);
        float[][] vw = new float[classes][d];
        float[] vb = new float[classes];
        SplittableRandom r = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int batch = 32;
        float[] z = new float[d];
        for (int e = 0; e < epochs; e++) {
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int s = 0; s < n; s += batch) {
                int cnt = Math.min(batch, n - s);
                float[][] gw = new float[classes][d];
                float[] gb = new float[classes];
                for (int k = 0; k < cnt; k++) {
                    int i = order[s + k];
                    m.standardize(codes[i], z);
                    double[] p = m.probabilities(z);
                    for (int c = 0; c < classes; c++) {
                        float g = (float) ((p[c] - (labels[i] == c ? 1 : 0)) / cnt);
                        gb[c] += g;
                        for (int j = 0; j < d; j++) {
                            gw[c][j] += g * z[j];
                        }
                    }
                }
                for (int c = 0; c < classes; c++) {
                    for (int j = 0; j < d; j++) {
                        vw[c][j] = (float) (0.9 * vw[c][j] + rate * (gw[c][j] + decay * m.w[c][j]));
                        m.w[c][j] -= vw[c][j];
                    }
                    vb[c] = (float) (0.9 * vb[c] + rate * gb[c]);
                    m.b[c] -= vb[c];
                }
            }
        }
        return m;
    }

    private void standardize(float[] code, float[] z) {
        for (int j = 0; j < z.length; j++) {
            z[j] = (code[j] - mean[j]) / std[j];
        }
    }

    private double[] probabilities(float[] z) {
        int classes = b.length;
        double[] s = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double v = b[c];
            for (int j = 0; j < z.length; j++) {
                v += w[c][j] * z[j];
            }
            s[c] = v;
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            s[c] = Math.exp(s[c] - max);
            sum += s[c];
        }
        for (int c = 0; c < classes; c++) {
            s[c] /= sum;
        }
        return s;
    }

    /** The predicted class of one code. */
    public int predict(float[] code) {
        float[] z = new float[code.length];
        standardize(code, z);
        double[] p = probabilities(z);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Fraction of codes classified as their label. */
    public double accuracy(float[][] codes, int[] labels) {
        int ok = 0;
        for (int i = 0; i < codes.length; i++) {
            if (predict(codes[i]) == labels[i]) {
                ok++;
            }
        }
        return codes.length == 0 ? 0 : (double) ok / codes.length;
    }

    /** A split of indices 0..n-1 into training and held-out parts, stratified by label, seeded. */
    public static List<int[]> split(int[] labels, double heldOutFraction, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        int classes = java.util.Arrays.stream(labels).max().orElse(-1) + 1;
        for (int c = 0; c < classes; c++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    idx.add(i);
                }
            }
            for (int i = idx.size() - 1; i > 0; i--) {
                java.util.Collections.swap(idx, i, r.nextInt(i + 1));
            }
            int h = (int) Math.round(idx.size() * heldOutFraction);
            test.addAll(idx.subList(0, h));
            train.addAll(idx.subList(h, idx.size()));
        }
        return List.of(train.stream().mapToInt(Integer::intValue).toArray(), test.stream().mapToInt(Integer::intValue).toArray());
    }
}
