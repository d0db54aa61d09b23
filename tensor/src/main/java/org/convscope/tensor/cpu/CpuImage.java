package org.convscope.tensor.cpu;

import java.util.List;

import org.convscope.tensor.Shape;

/** Per-channel image ops and channel concat/split on the CPU (formulas in {@link org.convscope.tensor.Device}). */
final class CpuImage {
    private CpuImage() {
    }

    /** {@code y[n] = [xs[0][n]; xs[1][n]; ...]}: each item of each part is one contiguous block. */
    static void concatChannels(List<float[]> xs, List<Integer> channels, float[] y, Shape ys) {
        copyBlocks(xs, channels, y, ys, true);
    }

    /** The inverse of {@link #concatChannels}. */
    static void splitChannels(float[] x, Shape xs, List<float[]> ys, List<Integer> channels) {
        copyBlocks(ys, channels, x, xs, false);
    }

    /**
     * Walks the blocks of {@code whole} (item by item, part by part) and copies each from its part
     * ({@code intoWhole}, concat) or to it (split).
     */
    private static void copyBlocks(List<float[]> parts, List<Integer> channels, float[] whole, Shape wholeShape,
                                   boolean intoWhole) {
        int n = wholeShape.dim(0);
        int plane = wholeShape.size() / (n * wholeShape.dim(1));
        int offset = 0;
        for (int item = 0; item < n; item++) {
            for (int i = 0; i < parts.size(); i++) {
                int block = channels.get(i) * plane;
                if (intoWhole) {
                    System.arraycopy(parts.get(i), item * block, whole, offset, block);
                } else {
                    System.arraycopy(whole, offset, parts.get(i), item * block, block);
                }
                offset += block;
            }
        }
    }

    /**
     * The normalized 1-D Gaussian of radius {@code ceil(3*sigma)}: {@code k[r + d] ~ exp(-d^2 / (2 sigma^2))}
     * for d in {@code [-r, r]}, summing to 1.
     */
    static float[] gaussianKernel(float sigma) {
        int r = (int) Math.ceil(3.0 * sigma);
        double[] k = new double[2 * r + 1];
        double total = 0;
        for (int d = -r; d <= r; d++) {
            k[d + r] = Math.exp(-(double) d * d / (2.0 * sigma * sigma));
            total += k[d + r];
        }
        float[] out = new float[k.length];
        for (int i = 0; i < k.length; i++) {
            out[i] = (float) (k[i] / total);
        }
        return out;
    }

    /** Separable Gaussian blur, rows first then columns, edges replicated; {@code sigma <= 0} copies. */
    static void gaussianBlur(float[] x, Shape s, float sigma, float[] y) {
        if (!(sigma > 0)) {
            System.arraycopy(x, 0, y, 0, x.length);
            return;
        }
        float[] k = gaussianKernel(sigma);
        int r = k.length / 2;
        int h = s.h();
        int w = s.w();
        CpuPlanes.forEach(s.n() * s.c(), (long) h * w * k.length * 2, plane -> {
            int base = plane * h * w;
            float[] rows = new float[h * w];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    float acc = 0f;
                    for (int d = -r; d <= r; d++) {
                        int q = Math.min(Math.max(j + d, 0), w - 1);
                        acc += k[d + r] * x[base + i * w + q];
                    }
                    rows[i * w + j] = acc;
                }
            }
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    float acc = 0f;
                    for (int d = -r; d <= r; d++) {
                        int p = Math.min(Math.max(i + d, 0), h - 1);
                        acc += k[d + r] * rows[p * w + j];
                    }
                    y[base + i * w + j] = acc;
                }
            }
        });
    }

    /** {@code y[n,c,i,j] = x[n,c, (i - dy) mod H, (j - dx) mod W]}. */
    static void circularShift(float[] x, Shape s, int dy, int dx, float[] y) {
        int h = s.h();
        int w = s.w();
        CpuPlanes.forEach(s.n() * s.c(), (long) h * w, plane -> {
            int base = plane * h * w;
            for (int i = 0; i < h; i++) {
                int p = Math.floorMod(i - dy, h);
                for (int j = 0; j < w; j++) {
                    y[base + i * w + j] = x[base + p * w + Math.floorMod(j - dx, w)];
                }
            }
        });
    }

    /**
     * Bilinear resize with half-pixel centres: output row i samples source row
     * {@code clamp((i + 0.5) * H/Ho - 0.5, 0, H - 1)}, interpolating between the rows around it
     * (and the same for columns).
     */
    static void resizeBilinear(float[] x, Shape xs, float[] y, Shape ys) {
        int h = xs.h();
        int w = xs.w();
        int ho = ys.h();
        int wo = ys.w();
        int[] r0 = new int[ho];
        int[] r1 = new int[ho];
        float[] rf = new float[ho];
        sourceCoordinates(h, ho, r0, r1, rf);
        int[] c0 = new int[wo];
        int[] c1 = new int[wo];
        float[] cf = new float[wo];
        sourceCoordinates(w, wo, c0, c1, cf);
        CpuPlanes.forEach(xs.n() * xs.c(), (long) ho * wo * 4, plane -> {
            int in = plane * h * w;
            int out = plane * ho * wo;
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    float top = (1 - cf[j]) * x[in + r0[i] * w + c0[j]] + cf[j] * x[in + r0[i] * w + c1[j]];
                    float bottom = (1 - cf[j]) * x[in + r1[i] * w + c0[j]] + cf[j] * x[in + r1[i] * w + c1[j]];
                    y[out + i * wo + j] = (1 - rf[i]) * top + rf[i] * bottom;
                }
            }
        });
    }

    /** For each output index: the source index below, the one above (clamped), and the weight of the one above. */
    private static void sourceCoordinates(int in, int out, int[] lo, int[] hi, float[] frac) {
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double src = Math.min(Math.max((i + 0.5) * scale - 0.5, 0.0), in - 1);
            int l = (int) Math.floor(src);
            lo[i] = l;
            hi[i] = Math.min(l + 1, in - 1);
            frac[i] = (float) (src - l);
        }
    }

    /** {@code y[n,c,i,j] = x[n,c,i+top,j+left]} inside x, else {@code fill}. */
    static void cropPad(float[] x, Shape xs, int top, int left, float fill, float[] y, Shape ys) {
        int h = xs.h();
        int w = xs.w();
        int ho = ys.h();
        int wo = ys.w();
        CpuPlanes.forEach(xs.n() * xs.c(), (long) ho * wo, plane -> {
            int in = plane * h * w;
            int out = plane * ho * wo;
            for (int i = 0; i < ho; i++) {
                long p = (long) i + top;
                for (int j = 0; j < wo; j++) {
                    long q = (long) j + left;
                    y[out + i * wo + j] = p >= 0 && p < h && q >= 0 && q < w ? x[in + (int) p * w + (int) q] : fill;
                }
            }
        });
    }
}
