package org.convscope.nn;

import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * The top gradients that visualizations send down with {@link Net#backward}: one unit of a blob
 * set to 1, everything else 0, for every item of the batch.
 */
public final class TopGradients {
    private TopGradients() {
    }

    /**
     * One-hot on unit {@code c}: for an N x C blob the score of class c; for an N x C x H x W blob
     * channel c at the position of its largest value in each item (the first one on ties).
     *
     * @param value the blob's value after the forward pass (gives the shape and, at rank 4, the position)
     */
    public static Tensor oneHot(Tensor value, int c) {
        Shape s = value.shape();
        checkChannel(s, c);
        float[] v = value.toArray();
        float[] g = new float[v.length];
        int n = s.dim(0);
        int per = s.size() / n;
        int plane = per / s.dim(1);
        for (int i = 0; i < n; i++) {
            int base = i * per + c * plane;
            int best = base;
            for (int p = base + 1; p < base + plane; p++) {
                if (v[p] > v[best]) {
                    best = p;
                }
            }
            g[best] = 1f;
        }
        return Tensor.of(value.device(), g, s.dims());
    }

    /** One-hot on channel {@code c} at row {@code y}, column {@code x} of a rank-4 blob, in every item. */
    public static Tensor oneHot(Tensor value, int c, int y, int x) {
        Shape s = value.shape();
        checkChannel(s, c);
        if (s.rank() != 4) {
            throw new IllegalArgumentException("a unit c,y,x needs a 4-D blob; this one is " + s);
        }
        if (y < 0 || y >= s.h() || x < 0 || x >= s.w()) {
            throw new IllegalArgumentException("position " + y + "," + x + " is outside the " + s.h() + "x" + s.w()
                    + " maps of this " + s + " blob");
        }
        float[] g = new float[s.size()];
        for (int i = 0; i < s.n(); i++) {
            g[((i * s.c() + c) * s.h() + y) * s.w() + x] = 1f;
        }
        return Tensor.of(value.device(), g, s.dims());
    }

    private static void checkChannel(Shape s, int c) {
        if (s.rank() < 2) {
            throw new IllegalArgumentException("a blob of shape " + s + " has no channel axis");
        }
        if (c < 0 || c >= s.dim(1)) {
            throw new IllegalArgumentException("unit " + c + " is outside [0, " + s.dim(1) + ") for a blob of shape " + s);
        }
    }
}
