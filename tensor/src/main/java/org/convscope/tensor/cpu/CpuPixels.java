package org.convscope.tensor.cpu;

import org.convscope.tensor.Shape;

/**
 * Per-pixel maps across channels and the total-variation regularizer on the CPU (formulas in
 * {@link org.convscope.tensor.Device}); sums in double.
 */
final class CpuPixels {
    private CpuPixels() {
    }

    static void channelNorm(float[] x, Shape s, float[] y) {
        channelSums(x, x, s, y, true);
    }

    static void channelDot(float[] a, float[] b, Shape s, float[] y) {
        channelSums(a, b, s, y, false);
    }

    /** {@code y[n, p] = sum_k a[n, k, p] * b[n, k, p]} in double, or its square root. */
    private static void channelSums(float[] a, float[] b, Shape s, float[] y, boolean sqrt) {
        int c = s.c();
        int plane = s.h() * s.w();
        for (int n = 0; n < s.n(); n++) {
            for (int p = 0; p < plane; p++) {
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    int at = (n * c + k) * plane + p;
                    sum += (double) a[at] * b[at];
                }
                y[n * plane + p] = (float) (sqrt ? Math.sqrt(sum) : sum);
            }
        }
    }

    static void zeroWhereBelow(float[] x, Shape s, float[] map, float threshold, float[] y) {
        int c = s.c();
        int plane = s.h() * s.w();
        for (int n = 0; n < s.n(); n++) {
            for (int k = 0; k < c; k++) {
                int base = (n * c + k) * plane;
                for (int p = 0; p < plane; p++) {
                    y[base + p] = map[n * plane + p] < threshold ? 0f : x[base + p];
                }
            }
        }
    }

    /**
     * R_TV and (when grad is not null) its gradient. The gradient is scattered here, term by term;
     * the OpenCL kernel gathers the same three contributions per element.
     */
    static float totalVariation(float[] x, Shape s, float beta, float[] grad) {
        int h = s.h();
        int w = s.w();
        int planes = s.n() * s.c();
        double[] g = grad != null ? new double[x.length] : null;
        double sum = 0;
        for (int q = 0; q < planes; q++) {
            int base = q * h * w;
            for (int i = 0; i < h - 1; i++) {
                for (int j = 0; j < w - 1; j++) {
                    int p = base + i * w + j;
                    double dh = (double) x[p + 1] - x[p];
                    double dv = (double) x[p + w] - x[p];
                    double d2 = dh * dh + dv * dv;
                    if (d2 == 0) {
                        continue;
                    }
                    sum += Math.pow(d2, beta / 2.0);
                    if (g != null) {
                        double f = beta * Math.pow(d2, beta / 2.0 - 1);
                        g[p + 1] += f * dh;
                        g[p + w] += f * dv;
                        g[p] -= f * (dh + dv);
                    }
                }
            }
        }
        if (grad != null) {
            for (int i = 0; i < grad.length; i++) {
                grad[i] = (float) g[i];
            }
        }
        return (float) sum;
    }
}
