package org.convscope.tensor.cpu;

import java.util.stream.IntStream;

import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;

/**
 * Element-wise ops and reductions on raw arrays, the formulas of {@link org.convscope.tensor.Device}.
 * Every loop reads element i before writing element i, so output may alias input.
 */
final class CpuElementwise {
    private CpuElementwise() {
    }

    static void addChannelBias(float[] y, Shape s, float[] b) {
        int n = s.dim(0);
        int c = s.dim(1);
        int plane = s.size() / (n * c);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                float v = b[ch];
                for (int p = 0; p < plane; p++) {
                    y[base + p] += v;
                }
            }
        }
    }

    /** Below this many elements a ReLU runs on the calling thread (a VGG conv1 map has 4M). */
    static final int PARALLEL_MIN_ELEMENTS = 1 << 18;

    /** Elements per task of a parallel element-wise loop. */
    private static final int CHUNK = 1 << 16;

    /** A loop body over {@code [from, to)}. */
    private interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [0, n)}: in chunks on the common pool when n is large, else in one call. */
    private static void ranges(int n, Range body) {
        if (n < PARALLEL_MIN_ELEMENTS) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel()
                .forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    /** {@code y[yo + i] = relu(x[xo + i])} for i in {@code [0, n)} (offsets: one item of a channel slice). */
    static void relu(float[] x, int xo, float[] y, int yo, int n) {
        ranges(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                float v = x[xo + i];
                y[yo + i] = v > 0 || v != v ? v : 0f; // NaN passes through: it must not become a plausible 0
            }
        });
    }

    /**
     * ReLU backward over {@code n} elements from the given offsets. One loop per mode (a switch inside
     * the loop kept it from being compiled to branch-free code).
     */
    static void reluBackward(float[] x, int xo, float[] dy, int dyo, ReluMode mode, float[] dx, int dxo, int n) {
        ranges(n, (from, to) -> {
            switch (mode) {
                // a NaN in x or dy gives NaN (x + dy) in every mode: no NaN turns into a 0 gradient
                case STANDARD -> {
                    for (int i = from; i < to; i++) {
                        float v = x[xo + i];
                        float g = dy[dyo + i];
                        dx[dxo + i] = v != v || g != g ? v + g : v > 0 ? g : 0f;
                    }
                }
                case DECONVNET -> {
                    for (int i = from; i < to; i++) {
                        float v = x[xo + i];
                        float g = dy[dyo + i];
                        dx[dxo + i] = v != v || g != g ? v + g : g > 0 ? g : 0f;
                    }
                }
                case GUIDED -> {
                    for (int i = from; i < to; i++) {
                        float v = x[xo + i];
                        float g = dy[dyo + i];
                        dx[dxo + i] = v != v || g != g ? v + g : v > 0 && g > 0 ? g : 0f;
                    }
                }
            }
        });
    }

    static void sigmoid(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        }
    }

    static void sigmoidBackward(float[] y, float[] dy, float[] dx) {
        for (int i = 0; i < y.length; i++) {
            dx[i] = dy[i] * y[i] * (1f - y[i]);
        }
    }

    static void tanh(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) Math.tanh(x[i]);
        }
    }

    static void tanhBackward(float[] y, float[] dy, float[] dx) {
        for (int i = 0; i < y.length; i++) {
            dx[i] = dy[i] * (1f - y[i] * y[i]);
        }
    }

    /** {@code y = a + b} over {@code n} elements from the given offsets. */
    static void add(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = a[ao + i] + b[bo + i];
        }
    }

    static void sub(float[] a, float[] b, float[] y) {
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] - b[i];
        }
    }

    static void mul(float[] a, float[] b, float[] y) {
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] * b[i];
        }
    }

    static void scale(float[] x, float alpha, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = alpha * x[i];
        }
    }

    static void addScalar(float[] x, float s, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + s;
        }
    }

    static void axpy(float alpha, float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    static void clamp(float[] x, float lo, float hi, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.min(Math.max(x[i], lo), hi);
        }
    }

    static float sum(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return (float) s;
    }

    static float sumAbs(float[] x) {
        double s = 0;
        for (float v : x) {
            s += Math.abs(v);
        }
        return (float) s;
    }

    static float dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return (float) s;
    }

    static float l2Norm(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return (float) Math.sqrt(s);
    }

    /** Index of the largest element, the first on ties; NaN is never the largest unless all are NaN. */
    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best] || (Float.isNaN(x[best]) && !Float.isNaN(x[i]))) {
                best = i;
            }
        }
        return best;
    }

    static void abs(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
    }

    static void sign(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.signum(x[i]);
        }
    }

    static void absPow(float[] x, float p, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) Math.pow(Math.abs(x[i]), p);
        }
    }

    static void absPowGradient(float[] x, float p, float[] y) {
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = (float) (p * Math.pow(Math.abs(v), p - 1.0) * Math.signum(v));
        }
    }

    /** Adam's step t: the moments in float, the step in double (the formula of Device#adamUpdate). */
    static void adamUpdate(float[] x, float[] g, float[] m, float[] v, float lr, float beta1, float beta2, float eps,
                           int t) {
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < x.length; i++) {
            float gi = g[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            x[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps));
        }
    }

    /** One-hot of each row's argmax (the rule of {@link #argmax}), rows of length q. */
    static void oneHotArgmax(float[] x, int q, float[] y) {
        for (int base = 0; base < x.length; base += q) {
            int best = base;
            for (int i = base + 1; i < base + q; i++) {
                if (x[i] > x[best] || (Float.isNaN(x[best]) && !Float.isNaN(x[i]))) {
                    best = i;
                }
            }
            for (int i = base; i < base + q; i++) {
                y[i] = i == best ? 1f : 0f;
            }
        }
    }

    static int countBelow(float[] x, float threshold) {
        int n = 0;
        for (float v : x) {
            if (v < threshold) {
                n++;
            }
        }
        return n;
    }
}
