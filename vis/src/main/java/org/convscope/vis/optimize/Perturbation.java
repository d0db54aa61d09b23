package org.convscope.vis.optimize;

import org.convscope.tensor.Tensor;

/**
 * The size of a perturbation {@code r = x' - x}: {@code l2 = |r|_2}, {@code linf = max |r_i|}, in
 * the net's input units; divide by the preprocessing scale for grey levels.
 */
public record Perturbation(double l2, double linf) {

    public static Perturbation between(Tensor x, Tensor adversarial) {
        float[] a = x.toArray();
        float[] b = adversarial.toArray();
        if (a.length != b.length) {
            throw new IllegalArgumentException("shapes differ: " + x.shape() + " and " + adversarial.shape());
        }
        double sum = 0;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double r = (double) b[i] - a[i];
            sum += r * r;
            max = Math.max(max, Math.abs(r));
        }
        return new Perturbation(Math.sqrt(sum), max);
    }
}
