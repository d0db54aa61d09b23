package org.convscope.tensor.testing;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Central finite-difference gradient checks that know about kinks.
 *
 * <p>For a scalar function {@code f} of a float vector and a claimed gradient {@code g}, each
 * checked coordinate i compares {@code g[i]} with {@code (f(x + h e_i) - f(x - h e_i)) / 2h}.
 * A coordinate where the one-sided slopes {@code (f(x+h)-f(x))/h} and {@code (f(x)-f(x-h))/h}
 * disagree lies within h of a kink (ReLU at 0, a max-pool tie, a clamp edge) and is skipped:
 * there the derivative is not defined and any subgradient is right. The check fails if too
 * many coordinates are skipped, so a kink detector cannot hide a wrong gradient.
 *
 * <p>To check an op's backward, make {@code f(x) = sum(op(x) * r)} with a fixed random {@code r};
 * its gradient is {@code backward(dy = r)}.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /**
     * Checks {@code grad} against finite differences of {@code f} at {@code x} on up to
     * {@code samples} coordinates chosen with {@code seed} (all of them if there are fewer).
     * {@code x} is restored afterwards.
     *
     * @param h   step (float32 ops: 1e-2 to 1e-3 relative to the values)
     * @param tol allowed {@code |g - fd| <= tol * max(1, |fd|, |g|)}
     */
    public static void check(String what, float[] x, float[] grad, ToDoubleFunction<float[]> f,
                             int samples, double h, double tol, long seed) {
        if (grad.length != x.length) {
            throw new AssertionError(what + ": gradient has " + grad.length + " values for " + x.length + " inputs");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = Math.min(samples, x.length);
        int checked = 0;
        int skipped = 0;
        double f0 = f.applyAsDouble(x);
        for (int s = 0; s < n; s++) {
            int i = samples >= x.length ? s : rnd.nextInt(x.length);
            float xi = x[i];
            x[i] = (float) (xi + h);
            double fp = f.applyAsDouble(x);
            x[i] = (float) (xi - h);
            double fm = f.applyAsDouble(x);
            x[i] = xi;
            double hp = (float) (xi + h) - xi;
            double hm = xi - (float) (xi - h);
            double right = (fp - f0) / hp;
            double left = (f0 - fm) / hm;
            double fd = (fp - fm) / (hp + hm);
            double scale = Math.max(1.0, Math.max(Math.abs(fd), Math.abs(grad[i])));
            if (Math.abs(right - left) > 10 * tol * scale + 1e-2 * Math.max(Math.abs(right), Math.abs(left))) {
                skipped++;
                continue;
            }
            checked++;
            // a kink within h whose one-sided slopes differ by less than the skip threshold still
            // moves the central difference by half their gap: there the gradient may match one of
            // the one-sided slopes instead (a ReLU input 1e-4 from 0 with a small weight)
            boolean nearKink = Math.abs(right - left) > 2 * tol * scale;
            boolean oneSided = nearKink && Math.min(Math.abs(grad[i] - right), Math.abs(grad[i] - left)) <= tol * scale;
            if (Math.abs(grad[i] - fd) > tol * scale && !oneSided) {
                throw new AssertionError(what + ": gradient at [" + i + "] is " + grad[i]
                        + ", finite difference " + fd + " (left slope " + left + ", right slope " + right
                        + ", h " + h + ")");
            }
        }
        if (checked == 0 || skipped > n / 2) {
            throw new AssertionError(what + ": " + skipped + " of " + n
                    + " coordinates sat on kinks; the check proves nothing at this point, choose another");
        }
    }
}
