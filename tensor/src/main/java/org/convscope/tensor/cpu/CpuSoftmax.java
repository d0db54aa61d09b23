package org.convscope.tensor.cpu;

import org.convscope.tensor.Shape;

/**
 * Softmax over channels and the softmax cross-entropy loss on the CPU. Both subtract the maximum
 * before exponentiating, so no logit overflows, and accumulate in double.
 */
final class CpuSoftmax {
    private CpuSoftmax() {
    }

    /** Softmax over axis 1 of N x C x (inner), for every n and every inner position. */
    static void softmax(float[] x, Shape s, float[] y) {
        int n = s.dim(0);
        int c = s.dim(1);
        int inner = s.size() / (n * c);
        CpuPlanes.forEach(n, (long) c * inner * 4, item -> {
            for (int p = 0; p < inner; p++) {
                int base = item * c * inner + p;
                float m = x[base];
                for (int k = 1; k < c; k++) {
                    m = Math.max(m, x[base + k * inner]);
                }
                double total = 0;
                for (int k = 0; k < c; k++) {
                    total += Math.exp(x[base + k * inner] - m);
                }
                for (int k = 0; k < c; k++) {
                    y[base + k * inner] = (float) (Math.exp(x[base + k * inner] - m) / total);
                }
            }
        });
    }

    /**
     * Mean of {@code -log softmax(x[n])[label[n]]} over the batch, computed as
     * {@code log(sum_c exp(x[n,c] - m)) + m - x[n,label]} (exact even where the probability
     * underflows); {@code dx = (softmax - onehot) / N} when dx is not null.
     */
    static float crossEntropy(float[] logits, int n, int c, int[] labels, float[] dx) {
        double loss = 0;
        for (int item = 0; item < n; item++) {
            int base = item * c;
            float m = logits[base];
            for (int k = 1; k < c; k++) {
                m = Math.max(m, logits[base + k]);
            }
            double total = 0;
            for (int k = 0; k < c; k++) {
                total += Math.exp(logits[base + k] - m);
            }
            loss += Math.log(total) + m - logits[base + labels[item]];
            if (dx != null) {
                for (int k = 0; k < c; k++) {
                    double p = Math.exp(logits[base + k] - m) / total;
                    dx[base + k] = (float) ((p - (k == labels[item] ? 1 : 0)) / n);
                }
            }
        }
        return (float) (loss / n);
    }
}
