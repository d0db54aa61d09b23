package org.convscope.vis.optimize;

import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Gatys et al.'s style loss at one layer, and the content loss, on the device.
 * <pre>
 *   F: the layer's features, N channels x M positions;  G = F F^T / M  (the Gram matrix per position)
 *   style:    E = 1/(4 N^2) |G - A|^2          = Gatys's 1/(4 N^2 M^2) |F F^T - A'|^2 for equal sizes
 *             dE/dF = (dG + dG^T) F,  dG = (G - A) / (2 N^2 M)       ({@link Device#gramBackward})
 *   content:  E = 1/2 |F - P|^2,   dE/dF = F - P
 * </pre>
 * Dividing by M lets the style image and the generated image differ in size.
 */
public final class GramLoss {
    private GramLoss() {
    }

    /** The target {@code A = F F^T / M} of a feature map (1 x N x H x W) into a new 1 x N x N tensor. */
    public static Tensor gram(Tensor f) {
        Device d = f.device();
        Shape s = f.shape();
        Tensor g = d.allocate(Shape.of(1, s.c(), s.c()));
        d.gram(f, g);
        d.scale(g, 1f / (s.h() * s.w()), g);
        return g;
    }

    /**
     * The style loss of features {@code f} against target {@code a}; {@code df} (when not null)
     * receives {@code weight * dE/dF}.
     *
     * @return E (unweighted)
     */
    public static double style(Tensor f, Tensor a, float weight, Tensor df) {
        Device d = f.device();
        Shape s = f.shape();
        int n = s.c();
        int m = s.h() * s.w();
        try (Tensor g = gram(f)) {
            d.sub(g, a, g);
            double e = d.dot(g, g) / (4.0 * n * n);
            if (df != null) {
                d.scale(g, (float) (weight / (2.0 * n * n * m)), g);
                d.gramBackward(f, g, df);
            }
            return e;
        }
    }

    /**
     * The content loss of features {@code f} against {@code p}; {@code df} (when not null)
     * receives {@code weight * (F - P)}.
     *
     * @return E (unweighted)
     */
    public static double content(Tensor f, Tensor p, float weight, Tensor df) {
        Device d = f.device();
        Tensor diff = df != null ? df : d.allocate(f.shape());
        d.sub(f, p, diff);
        double e = 0.5 * d.dot(diff, diff);
        if (df != null) {
            d.scale(df, weight, df);
        } else {
            diff.close();
        }
        return e;
    }
}
