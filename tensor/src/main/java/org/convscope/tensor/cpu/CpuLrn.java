package org.convscope.tensor.cpu;

import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.Shape;

/**
 * Local response normalization on the CPU, Caffe's formulas for both regions ({@link LrnSpec}).
 *
 * <p>Both regions have the form {@code y = x * s^-beta} with {@code s = base + (alpha/n) * S},
 * S the sum of squares over a window that is symmetric (a position is in q's window exactly when
 * q is in its window). That symmetry gives the exact backward of both:
 * {@code dx[p] = dy[p] * s[p]^-beta - (2*alpha*beta/n) * x[p] * sum_{q in window(p)} dy[q] * y[q] / s[q]}.
 * The scale s is recomputed from x (it is not an argument of the backward).
 */
final class CpuLrn {
    private CpuLrn() {
    }

    static void forward(float[] x, Shape s, LrnSpec spec, float[] y) {
        float[] scale = scale(x, s, spec);
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] * Math.pow(scale[i], -spec.beta()));
        }
    }

    static void backward(float[] x, float[] y, float[] dy, Shape s, LrnSpec spec, float[] dx) {
        float[] scale = scale(x, s, spec);
        // ratio = dy * y / s, then summed over each position's window exactly as the squares are
        float[] ratio = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            ratio[i] = dy[i] * y[i] / scale[i];
        }
        float[] windowSum = windowSum(ratio, s, spec);
        double factor = 2.0 * spec.alpha() * spec.beta() / divisor(spec);
        for (int i = 0; i < x.length; i++) {
            dx[i] = (float) (dy[i] * Math.pow(scale[i], -spec.beta()) - factor * x[i] * windowSum[i]);
        }
    }

    /** {@code n}: localSize across channels, localSize^2 within a channel. */
    static int divisor(LrnSpec spec) {
        int n = spec.localSize();
        return spec.region() == LrnSpec.Region.ACROSS_CHANNELS ? n : n * n;
    }

    /** {@code s = base + alpha/n * sum of squares over the window}; base is k across channels, 1 within. */
    private static float[] scale(float[] x, Shape s, LrnSpec spec) {
        float[] sq = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            sq[i] = x[i] * x[i];
        }
        float[] sum = windowSum(sq, s, spec);
        double base = spec.region() == LrnSpec.Region.ACROSS_CHANNELS ? spec.k() : 1.0;
        double a = (double) spec.alpha() / divisor(spec);
        for (int i = 0; i < sum.length; i++) {
            sum[i] = (float) (base + a * sum[i]);
        }
        return sum;
    }

    /** Sum of {@code v} over each position's window (zero outside the tensor), accumulated in double. */
    private static float[] windowSum(float[] v, Shape s, LrnSpec spec) {
        int n = s.n();
        int c = s.c();
        int h = s.h();
        int w = s.w();
        int plane = h * w;
        int half = (spec.localSize() - 1) / 2;
        float[] out = new float[v.length];
        if (spec.region() == LrnSpec.Region.ACROSS_CHANNELS) {
            CpuPlanes.forEach(n * c, (long) plane * spec.localSize(), nc -> {
                int item = nc / c;
                int ch = nc % c;
                int lo = Math.max(ch - half, 0);
                int hi = Math.min(ch + half, c - 1);
                for (int p = 0; p < plane; p++) {
                    double acc = 0;
                    for (int cc = lo; cc <= hi; cc++) {
                        acc += v[(item * c + cc) * plane + p];
                    }
                    out[nc * plane + p] = (float) acc;
                }
            });
        } else {
            CpuPlanes.forEach(n * c, (long) plane * spec.localSize() * spec.localSize(), nc -> {
                int base = nc * plane;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double acc = 0;
                        for (int p = Math.max(i - half, 0); p <= Math.min(i + half, h - 1); p++) {
                            for (int q = Math.max(j - half, 0); q <= Math.min(j + half, w - 1); q++) {
                                acc += v[base + p * w + q];
                            }
                        }
                        out[base + i * w + j] = (float) acc;
                    }
                }
            });
        }
        return out;
    }
}
