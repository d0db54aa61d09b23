package org.convscope.vis.render;

/**
 * Resizing and blurring of host planes for display (small images; the device ops are for the
 * algorithms themselves).
 */
public final class Resample {
    private Resample() {
    }

    /**
     * Bilinear resize of every channel to {@code newHeight x newWidth}, with pixel centres aligned
     * (the source coordinate of output pixel {@code y} is {@code (y + 0.5) * h / newHeight - 0.5},
     * clamped to the edge), as OpenCV's {@code INTER_LINEAR}.
     */
    public static Planes bilinear(Planes p, int newHeight, int newWidth) {
        int h = p.height();
        int w = p.width();
        float[] out = new float[p.channels() * newHeight * newWidth];
        int[] x0 = new int[newWidth];
        float[] fx = new float[newWidth];
        for (int x = 0; x < newWidth; x++) {
            double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / newWidth - 0.5));
            x0[x] = (int) Math.floor(sx);
            fx[x] = (float) (sx - x0[x]);
        }
        for (int c = 0; c < p.channels(); c++) {
            int base = c * h * w;
            for (int y = 0; y < newHeight; y++) {
                double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / newHeight - 0.5));
                int y0 = (int) Math.floor(sy);
                int y1 = Math.min(h - 1, y0 + 1);
                float fy = (float) (sy - y0);
                for (int x = 0; x < newWidth; x++) {
                    int xa = x0[x];
                    int xb = Math.min(w - 1, xa + 1);
                    float top = p.data()[base + y0 * w + xa] * (1 - fx[x]) + p.data()[base + y0 * w + xb] * fx[x];
                    float bot = p.data()[base + y1 * w + xa] * (1 - fx[x]) + p.data()[base + y1 * w + xb] * fx[x];
                    out[(c * newHeight + y) * newWidth + x] = top * (1 - fy) + bot * fy;
                }
            }
        }
        return new Planes(p.channels(), newHeight, newWidth, out);
    }

    /** Every pixel repeated {@code factor x factor} times (nearest neighbour), so small maps stay crisp. */
    public static Planes nearest(Planes p, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("upscale factor must be at least 1, got " + factor);
        }
        if (factor == 1) {
            return p;
        }
        int h = p.height();
        int w = p.width();
        int nh = h * factor;
        int nw = w * factor;
        float[] out = new float[p.channels() * nh * nw];
        for (int c = 0; c < p.channels(); c++) {
            for (int y = 0; y < nh; y++) {
                for (int x = 0; x < nw; x++) {
                    out[(c * nh + y) * nw + x] = p.data()[(c * h + y / factor) * w + x / factor];
                }
            }
        }
        return new Planes(p.channels(), nh, nw, out);
    }

    /**
     * Gaussian blur of every channel with standard deviation {@code sigma} pixels: a separable
     * kernel {@code exp(-d^2 / (2 sigma^2))}, normalized, of radius {@code ceil(3 sigma)}; pixels
     * outside the image repeat the edge. {@code sigma <= 0} returns the planes unchanged.
     */
    public static Planes gaussianBlur(Planes p, double sigma) {
        if (!(sigma > 0)) {
            return p;
        }
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            double v = Math.exp(-(i * (double) i) / (2 * sigma * sigma));
            k[i + r] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        int h = p.height();
        int w = p.width();
        float[] tmp = new float[w * h];
        float[] out = new float[p.data().length];
        for (int c = 0; c < p.channels(); c++) {
            int base = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int i = -r; i <= r; i++) {
                        int xx = Math.max(0, Math.min(w - 1, x + i));
                        s += k[i + r] * p.data()[base + y * w + xx];
                    }
                    tmp[y * w + x] = s;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int i = -r; i <= r; i++) {
                        int yy = Math.max(0, Math.min(h - 1, y + i));
                        s += k[i + r] * tmp[yy * w + x];
                    }
                    out[base + y * w + x] = s;
                }
            }
        }
        return new Planes(p.channels(), h, w, out);
    }
}
