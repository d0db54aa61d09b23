package org.convscope.vis.attribution;

import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/** Small host-side reductions shared by the attribution methods; results are CPU tensors. */
public final class Maps {
    private Maps() {
    }

    /** {@code max_c |g[c,y,x]|}: a {@code 1 x C x H x W} tensor to a {@code 1 x 1 x H x W} map (Simonyan's saliency). */
    public static Tensor maxAbsOverChannels(Tensor g) {
        return foldChannels(g, (m, v) -> Math.max(m, Math.abs(v)));
    }

    /** {@code sum_c a[c,y,x]}: the per-pixel attribution of integrated gradients (signed). */
    public static Tensor sumOverChannels(Tensor a) {
        return foldChannels(a, (m, v) -> m + v);
    }

    /** How a pixel's value so far and one more channel's value combine (in float). */
    private interface Fold {
        float apply(float soFar, float v);
    }

    /** A {@code 1 x C x H x W} tensor folded over its channels, from 0 in channel order, to a {@code 1 x 1 x H x W} map. */
    private static Tensor foldChannels(Tensor t, Fold fold) {
        Shape s = requireOne(t);
        float[] v = t.toArray();
        int plane = s.h() * s.w();
        float[] m = new float[plane];
        for (int c = 0; c < s.c(); c++) {
            for (int i = 0; i < plane; i++) {
                m[i] = fold.apply(m[i], v[c * plane + i]);
            }
        }
        return Tensor.of(Devices.cpu(), m, 1, 1, s.h(), s.w());
    }

    /** {@code sqrt(sum_c g[c,y,x]^2)}: the magnitude of a projection per pixel. */
    public static Tensor l2OverChannels(Tensor g) {
        Shape s = requireOne(g);
        float[] v = g.toArray();
        int plane = s.h() * s.w();
        float[] m = new float[plane];
        for (int i = 0; i < plane; i++) {
            double sum = 0;
            for (int c = 0; c < s.c(); c++) {
                double x = v[c * plane + i];
                sum += x * x;
            }
            m[i] = (float) Math.sqrt(sum);
        }
        return Tensor.of(Devices.cpu(), m, 1, 1, s.h(), s.w());
    }

    /** {@code |v|} elementwise. */
    public static Tensor abs(Tensor t) {
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return Tensor.of(Devices.cpu(), v, t.shape().dims());
    }

    /** A host copy that the net can no longer overwrite. */
    static Tensor copy(Tensor t) {
        return Tensor.of(Devices.cpu(), t.toArray(), t.shape().dims());
    }

    private static Shape requireOne(Tensor t) {
        Shape s = t.shape();
        if (s.rank() != 4 || s.n() != 1) {
            throw new IllegalArgumentException("expected a 1 x C x H x W tensor, got " + s);
        }
        return s;
    }
}
