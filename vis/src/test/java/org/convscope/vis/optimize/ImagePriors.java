package org.convscope.vis.optimize;

/**
 * The natural-image regularizers of Mahendran and Vedaldi 2015 as plain loops on a host copy of
 * an image {@code x} (C x H x W, row-major), each returning its value and adding its gradient:
 * the independent reference that {@code ImagePriorsTest} holds the device ops to (the
 * optimizations run {@link org.convscope.tensor.Device#absPow},
 * {@link org.convscope.tensor.Device#absPowGradient} and {@link org.convscope.tensor.Device#totalVariation}).
 * <pre>
 *   alpha-norm:        R_a(x)  = sum_i |x_i|^a                                                  (a = 6 in the paper)
 *                      dR/dx_i = a |x_i|^(a-1) sign(x_i)
 *   total variation:   R_TV(x) = sum_{c, i<H-1, j<W-1} ( (x[c,i,j+1]-x[c,i,j])^2 + (x[c,i+1,j]-x[c,i,j])^2 )^(b/2)
 *                                                                                            (b = 2 in the paper; b &lt; 2 is sharper)
 * </pre>
 * For {@code b < 2} the TV term has a kink where both differences are 0; its gradient there is
 * taken as 0 (a subgradient).
 */
final class ImagePriors {
    private ImagePriors() {
    }

    /**
     * {@code sum |x_i|^a}; adds {@code weight * dR/dx} to {@code grad} (when not null).
     *
     * @param a the exponent, >= 1
     */
    public static double alphaNorm(float[] x, double a, float[] grad, double weight) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double v = Math.abs(x[i]);
            double p = Math.pow(v, a - 1);
            sum += p * v;
            if (grad != null) {
                grad[i] += (float) (weight * a * p * Math.signum(x[i]));
            }
        }
        return sum;
    }

    /**
     * {@code R_TV} of a C x H x W image with exponent {@code b}; adds {@code weight * dR/dx} to
     * {@code grad} (when not null).
     */
    public static double totalVariation(float[] x, int c, int h, int w, double b, float[] grad, double weight) {
        if (x.length != c * h * w) {
            throw new IllegalArgumentException("image of " + x.length + " values is not " + c + "x" + h + "x" + w);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            int base = k * h * w;
            for (int i = 0; i < h - 1; i++) {
                for (int j = 0; j < w - 1; j++) {
                    int p = base + i * w + j;
                    double dh = (double) x[p + 1] - x[p];
                    double dv = (double) x[p + w] - x[p];
                    double d2 = dh * dh + dv * dv;
                    if (d2 == 0) {
                        continue;
                    }
                    sum += Math.pow(d2, b / 2);
                    if (grad != null) {
                        double s = weight * b * Math.pow(d2, b / 2 - 1); // d/dd2 of d2^(b/2) is (b/2) d2^(b/2-1), times 2 d
                        grad[p + 1] += (float) (s * dh);
                        grad[p + w] += (float) (s * dv);
                        grad[p] -= (float) (s * (dh + dv));
                    }
                }
            }
        }
        return sum;
    }
}
