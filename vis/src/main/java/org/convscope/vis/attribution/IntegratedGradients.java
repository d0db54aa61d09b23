package org.convscope.vis.attribution;

import java.util.Locale;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/**
 * Integrated gradients (Sundararajan, Taly and Yan 2017): each input value's share of the change
 * of the class score from a baseline {@code x'} to the input {@code x}:
 * <pre>
 *   IG_i(x) = (x_i - x'_i) * integral_0^1 d s_y / d x_i (x' + a (x - x')) da
 * </pre>
 * The integral is a sum over {@code m = steps} intervals, by one of the {@link Rule}s (default:
 * the trapezoid rule, {@code m + 1} gradients). <em>Completeness</em> says
 * {@code sum_i IG_i = s_y(x) - s_y(x')} exactly for the integral; the sum's gap to it measures the
 * quadrature error and is reported ({@link Result#relativeGap()}).
 */
public final class IntegratedGradients {
    private IntegratedGradients() {
    }

    /** How the path integral over {@code a in [0,1]} is summed with {@code m} intervals. */
    public enum Rule {
        /** Left Riemann sum: {@code a_k = k/m, k = 0..m-1}, weight {@code 1/m} each. */
        LEFT,
        /** Right Riemann sum: {@code a_k = k/m, k = 1..m}, weight {@code 1/m} each (the paper's formula). */
        RIGHT,
        /** Midpoint rule: {@code a_k = (k + 1/2)/m, k = 0..m-1}, weight {@code 1/m} each. */
        MIDPOINT,
        /** Trapezoid rule: {@code a_k = k/m, k = 0..m}, weights {@code 1/(2m)} at the ends and {@code 1/m} inside. */
        TRAPEZOID;

        /** The points {@code a_k}. */
        public double[] alphas(int m) {
            return switch (this) {
                case LEFT -> range(m, 0, 0);
                case RIGHT -> range(m, 1, 0);
                case MIDPOINT -> range(m, 0, 0.5);
                case TRAPEZOID -> {
                    double[] a = new double[m + 1];
                    for (int k = 0; k <= m; k++) {
                        a[k] = k / (double) m;
                    }
                    yield a;
                }
            };
        }

        /** The weights of the points, summing to 1. */
        public double[] weights(int m) {
            int n = this == TRAPEZOID ? m + 1 : m;
            double[] w = new double[n];
            java.util.Arrays.fill(w, 1.0 / m);
            if (this == TRAPEZOID) {
                w[0] = 0.5 / m;
                w[m] = 0.5 / m;
            }
            return w;
        }

        private static double[] range(int m, int from, double shift) {
            double[] a = new double[m];
            for (int k = 0; k < m; k++) {
                a[k] = (k + from + shift) / m;
            }
            return a;
        }

        /** The rule named {@code left}, {@code right}, {@code midpoint} or {@code trapezoid}. */
        public static Rule named(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown integration rule '" + name
                        + "' (known: left, right, midpoint, trapezoid)");
            }
        }
    }

    /**
     * @param attribution    IG, 1 x C x H x W
     * @param scoreInput     s_y(x)
     * @param scoreBaseline  s_y(x')
     * @param attributionSum sum of every IG value (in double)
     * @param rule           the quadrature rule
     * @param steps          the number of intervals m
     */
    public record Result(Tensor attribution, float scoreInput, float scoreBaseline, double attributionSum, Rule rule,
                         int steps) {
        /** {@code sum(IG) - (s_y(x) - s_y(x'))}. */
        public double gap() {
            return attributionSum - ((double) scoreInput - scoreBaseline);
        }

        /** {@code |gap| / |s_y(x) - s_y(x')|} (infinite when the scores are equal and the gap is not 0). */
        public double relativeGap() {
            double delta = Math.abs((double) scoreInput - scoreBaseline);
            double gap = Math.abs(gap());
            return gap == 0 ? 0 : gap / delta;
        }
    }

    /**
     * Integrated gradients of class {@code cls} from {@code baseline} to {@code x}.
     *
     * @param baseline same shape as {@code x} (all zeros: the input the net sees as "nothing" for
     *                 mean-subtracted inputs; a black image is another common choice)
     * @param steps    intervals m (at least 1; the paper uses 20-300)
     * @param batch    path points per forward/backward pass (speed only)
     */
    public static Result compute(Net net, Tensor x, Tensor baseline, String scoreBlob, int cls, int steps, Rule rule,
                                 int batch) {
        if (steps < 1) {
            throw new IllegalArgumentException("integrated gradients needs at least 1 step, got " + steps);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (!x.shape().equals(baseline.shape())) {
            throw new IllegalArgumentException("baseline shape " + baseline.shape() + " differs from the input's "
                    + x.shape());
        }
        ClassScores.checkClass(net, scoreBlob, cls);
        float[] xs = x.toArray();
        float[] bs = baseline.toArray();
        int per = xs.length;
        int[] dims = x.shape().dims();
        double[] alphas = rule.alphas(steps);
        double[] weights = rule.weights(steps);
        double[] avg = new double[per];
        for (int start = 0; start < alphas.length; start += batch) {
            int n = Math.min(batch, alphas.length - start);
            float[] points = new float[n * per];
            for (int k = 0; k < n; k++) {
                float a = (float) alphas[start + k];
                for (int i = 0; i < per; i++) {
                    points[k * per + i] = bs[i] + a * (xs[i] - bs[i]);
                }
            }
            Tensor b = Tensor.of(net.device(), points, n, dims[1], dims[2], dims[3]);
            float[] g = ClassScores.gradients(net, b, scoreBlob, cls, ReluMode.STANDARD, null);
            for (int k = 0; k < n; k++) {
                double w = weights[start + k];
                for (int i = 0; i < per; i++) {
                    avg[i] += w * g[k * per + i];
                }
            }
        }
        float[] ig = new float[per];
        double sum = 0;
        for (int i = 0; i < per; i++) {
            double v = ((double) xs[i] - bs[i]) * avg[i];
            ig[i] = (float) v;
            sum += v;
        }
        float fx = ClassScores.score(net, x, scoreBlob, cls);
        float fb = ClassScores.score(net, baseline, scoreBlob, cls);
        return new Result(Tensor.of(Devices.cpu(), ig, dims), fx, fb, sum, rule, steps);
    }
}
