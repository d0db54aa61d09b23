package org.convscope.vis.embed;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * t-distributed stochastic neighbour embedding of N points into the plane, exact
 * (van der Maaten &amp; Hinton 2008) or Barnes-Hut (van der Maaten 2014). The caller owns the loop:
 * <pre>
 * Tsne t = new Tsne(Tsne.Options.defaults().withSeed(1));
 * t.init(codes);                              // N x D rows
 * while (!t.done()) { t.step(); ... t.kl() ... }
 * double[][] y = t.result();                  // N x 2
 * </pre>
 *
 * <p>The map similarities are Student-t: {@code q_ij = (1 + |y_i - y_j|^2)^-1 / Z},
 * {@code Z = sum_{k != l} (1 + |y_k - y_l|^2)^-1}. The cost {@code C = KL(P || Q) = sum_ij p_ij ln(p_ij / q_ij)}
 * has the gradient {@code dC/dy_i = 4 sum_j (p_ij - q_ij)(y_i - y_j)(1 + |y_i - y_j|^2)^-1}, written
 * as attraction minus repulsion: {@code 4 (sum_j p_ij qZ_ij (y_i - y_j) - sum_j qZ_ij^2 (y_i - y_j) / Z)}.
 * Exact: P dense, both sums over every pair, O(N^2) per step. Barnes-Hut: P sparse over the
 * {@code 3 perplexity} nearest neighbours (the attraction is O(N perplexity)), the repulsion and Z
 * summed over a {@link QuadTree} with the criterion {@code r_cell / |y_i - y_cell| < theta}, O(N log N).
 *
 * <p>Optimization (both papers): gradient descent with momentum,
 * {@code u <- alpha(t) u - eta g (.) gains}, {@code y <- y + u}, then y is re-centred; gains
 * (Jacobs 1988) grow by 0.2 where the gradient's sign differs from the update's, and shrink by a
 * factor 0.8 where it agrees, never below 0.01. P is multiplied by the early exaggeration for the
 * first iterations. Defaults (van der Maaten 2014, as in his reference implementation): perplexity
 * 30, theta 0.5, 1000 iterations, learning rate 200, exaggeration 12 for 250 iterations, momentum
 * 0.5 then 0.8 from iteration 250; the initial map is PCA (scaled so the first coordinate's
 * standard deviation is 1e-2), or isotropic Gaussian with variance 1e-4 (the 2008 paper's
 * initialization). The KL divergence reported is that of the true (not exaggerated) P; for
 * Barnes-Hut it sums over P's non-zeros with the tree's estimate of Z.
 *
 * <p>Everything is seeded and the per-point work is summed in a fixed order: the same input and
 * options give the same bytes on any number of threads.
 */
public final class Tsne {

    /** Gradient method. */
    public enum Method { EXACT, BARNES_HUT }

    /** Initial map. */
    public enum Init { PCA, RANDOM }

    /** Every setting of a run. */
    public record Options(Method method, double perplexity, double theta, int iterations, double learningRate,
                          double exaggeration, int exaggerationIterations, double initialMomentum,
                          double finalMomentum, int momentumSwitch, Init init, long seed) {
        public Options {
            if (!(perplexity > 0)) {
                throw new IllegalArgumentException("perplexity must be > 0, got " + perplexity);
            }
            if (!(theta >= 0)) {
                throw new IllegalArgumentException("theta must be >= 0, got " + theta);
            }
            if (iterations < 0 || exaggerationIterations < 0 || momentumSwitch < 0) {
                throw new IllegalArgumentException("iteration counts must be >= 0");
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
            }
            if (!(exaggeration >= 1)) {
                throw new IllegalArgumentException("early exaggeration must be >= 1, got " + exaggeration);
            }
        }

        /** Barnes-Hut, perplexity 30, theta 0.5, 1000 iterations, rate 200, exaggeration 12 x 250, momentum 0.5/0.8 at 250, PCA, seed 1. */
        public static Options defaults() {
            return new Options(Method.BARNES_HUT, 30, 0.5, 1000, 200, 12, 250, 0.5, 0.8, 250, Init.PCA, 1);
        }

        public Options withMethod(Method m) {
            return new Options(m, perplexity, theta, iterations, learningRate, exaggeration, exaggerationIterations,
                    initialMomentum, finalMomentum, momentumSwitch, init, seed);
        }

        public Options withPerplexity(double p) {
            return new Options(method, p, theta, iterations, learningRate, exaggeration, exaggerationIterations,
                    initialMomentum, finalMomentum, momentumSwitch, init, seed);
        }

        public Options withTheta(double t) {
            return new Options(method, perplexity, t, iterations, learningRate, exaggeration, exaggerationIterations,
                    initialMomentum, finalMomentum, momentumSwitch, init, seed);
        }

        public Options withIterations(int n) {
            return new Options(method, perplexity, theta, n, learningRate, exaggeration, exaggerationIterations,
                    initialMomentum, finalMomentum, momentumSwitch, init, seed);
        }

        public Options withLearningRate(double r) {
            return new Options(method, perplexity, theta, iterations, r, exaggeration, exaggerationIterations,
                    initialMomentum, finalMomentum, momentumSwitch, init, seed);
        }

        public Options withExaggeration(double e, int forIterations) {
            return new Options(method, perplexity, theta, iterations, learningRate, e, forIterations,
                    initialMomentum, finalMomentum, momentumSwitch, init, seed);
        }

        public Options withMomentum(double initial, double fin, int switchAt) {
            return new Options(method, perplexity, theta, iterations, learningRate, exaggeration, exaggerationIterations,
                    initial, fin, switchAt, init, seed);
        }

        public Options withInit(Init i) {
            return new Options(method, perplexity, theta, iterations, learningRate, exaggeration, exaggerationIterations,
                    initialMomentum, finalMomentum, momentumSwitch, i, seed);
        }

        public Options withSeed(long s) {
            return new Options(method, perplexity, theta, iterations, learningRate, exaggeration, exaggerationIterations,
                    initialMomentum, finalMomentum, momentumSwitch, init, s);
        }
    }

    /** Most points exact t-SNE takes (its P alone is {@code 16 N^2} bytes while it is built). */
    public static final int MAX_EXACT = 8000;
    /** Gains never fall below this. */
    public static final double MIN_GAIN = 0.01;
    /** Standard deviation of the initial map's first coordinate. */
    public static final double INIT_STD = 1e-2;

    private final Options options;
    private int n;
    private double[] pDense;
    private Affinities.SparseP pSparse;
    private double pLogP;
    private double[] y;
    private double[] update;
    private double[] gains;
    private double[] grad;
    private int iteration;
    private double kl = Double.NaN;

    public Tsne(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Computes P from the data ({@code N x D}) and the initial map. Resets the iteration count. */
    public Tsne init(float[][] x) {
        if (x.length < 2) {
            throw new IllegalArgumentException("t-SNE needs at least 2 points, got " + x.length);
        }
        for (float[] r : x) {
            if (r.length != x[0].length) {
                throw new IllegalArgumentException("rows of " + r.length + " and " + x[0].length + " values");
            }
            for (float v : r) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("t-SNE input holds a NaN or infinite value");
                }
            }
        }
        n = x.length;
        if (options.method() == Method.EXACT && n > MAX_EXACT) {
            throw new IllegalArgumentException("exact t-SNE keeps N^2 similarities and takes O(N^2) per step; "
                    + n + " points is more than " + MAX_EXACT + ": use Barnes-Hut");
        }
        if (options.method() == Method.EXACT) {
            pDense = Affinities.dense(x, options.perplexity());
            pLogP = plogp(pDense);
        } else {
            pSparse = Affinities.sparse(x, options.perplexity());
            pLogP = plogp(pSparse.val());
        }
        return start(initialMap(x));
    }

    /** Uses a given P (dense {@code N x N}, symmetric, summing to 1) and initial map ({@code N x 2}): for tests and callers that own P. */
    public Tsne init(double[] denseP, double[][] y0) {
        n = y0.length;
        if (options.method() == Method.EXACT) {
            pDense = denseP.clone();
        } else {
            pSparse = Affinities.toSparse(denseP, n);
        }
        pLogP = plogp(denseP);
        double[] flat = new double[2 * n];
        for (int i = 0; i < n; i++) {
            flat[2 * i] = y0[i][0];
            flat[2 * i + 1] = y0[i][1];
        }
        return start(flat);
    }

    private Tsne start(double[] y0) {
        y = y0;
        update = new double[2 * n];
        gains = new double[2 * n];
        java.util.Arrays.fill(gains, 1);
        grad = new double[2 * n];
        iteration = 0;
        kl = Double.NaN;
        return this;
    }

    private double[] initialMap(float[][] x) {
        double[] flat = new double[2 * n];
        if (options.init() == Init.PCA && x[0].length >= 2 && n >= 3) {
            double[][] s = Pca.scores(x, 2, options.seed());
            double mean = 0;
            for (double[] r : s) {
                mean += r[0];
            }
            mean /= n;
            double var = 0;
            for (double[] r : s) {
                var += (r[0] - mean) * (r[0] - mean);
            }
            double std = Math.sqrt(var / n);
            double scale = std > 0 ? INIT_STD / std : 1;
            for (int i = 0; i < n; i++) {
                flat[2 * i] = s[i][0] * scale;
                flat[2 * i + 1] = s[i][1] * scale;
            }
        } else {
            SplittableRandom r = new SplittableRandom(options.seed());
            for (int e = 0; e < flat.length; e++) {
                flat[e] = INIT_STD * Pca.gaussian(r);
            }
        }
        return flat;
    }

    /** Whether the configured number of iterations has run. */
    public boolean done() {
        return iteration >= options.iterations();
    }

    /** Iterations run so far. */
    public int iteration() {
        return iteration;
    }

    /** One gradient step. Returns the KL divergence of the map before the step. */
    public double step() {
        if (y == null) {
            throw new IllegalStateException("call init first");
        }
        double alpha = iteration < options.exaggerationIterations() ? options.exaggeration() : 1;
        kl = gradient(y, alpha, grad);
        for (double g : grad) {
            if (!Double.isFinite(g)) {
                throw new IllegalStateException("t-SNE gradient became " + g + " at iteration " + iteration
                        + "; lower the learning rate");
            }
        }
        double momentum = iteration < options.momentumSwitch() ? options.initialMomentum() : options.finalMomentum();
        double rate = options.learningRate();
        for (int e = 0; e < 2 * n; e++) {
            boolean sameSign = (grad[e] > 0) == (update[e] > 0);
            gains[e] = sameSign ? gains[e] * 0.8 : gains[e] + 0.2;
            if (gains[e] < MIN_GAIN) {
                gains[e] = MIN_GAIN;
            }
            update[e] = momentum * update[e] - rate * gains[e] * grad[e];
            y[e] += update[e];
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += y[2 * i];
            my += y[2 * i + 1];
        }
        mx /= n;
        my /= n;
        for (int i = 0; i < n; i++) {
            y[2 * i] -= mx;
            y[2 * i + 1] -= my;
        }
        iteration++;
        return kl;
    }

    /** The KL divergence of the map as it was before the last step (NaN before the first step). */
    public double kl() {
        return kl;
    }

    /** The map, {@code N x 2}. */
    public double[][] result() {
        double[][] r = new double[n][2];
        for (int i = 0; i < n; i++) {
            r[i][0] = y[2 * i];
            r[i][1] = y[2 * i + 1];
        }
        return r;
    }

    /**
     * The gradient of {@code KL(alpha P || Q)} at {@code map} ({@code [x0, y0, x1, ...]}) into
     * {@code out}; returns {@code KL(P || Q)} of the true P (Barnes-Hut: over P's non-zeros, Z from the tree).
     */
    public double gradient(double[] map, double alpha, double[] out) {
        return options.method() == Method.EXACT ? exactGradient(map, alpha, out) : barnesHutGradient(map, alpha, out);
    }

    private double exactGradient(double[] map, double alpha, double[] out) {
        double[] attr = new double[2 * n];
        double[] rep = new double[2 * n];
        double[] zRow = new double[n];
        double[] logRow = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double ax = 0;
            double ay = 0;
            double rx = 0;
            double ry = 0;
            double z = 0;
            double pl = 0;
            double yi0 = map[2 * i];
            double yi1 = map[2 * i + 1];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double dx = yi0 - map[2 * j];
                double dy = yi1 - map[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                double p = pDense[row + j];
                z += q;
                ax += p * q * dx;
                ay += p * q * dy;
                rx += q * q * dx;
                ry += q * q * dy;
                if (p > 0) {
                    pl += p * Math.log(q);
                }
            }
            attr[2 * i] = ax;
            attr[2 * i + 1] = ay;
            rep[2 * i] = rx;
            rep[2 * i + 1] = ry;
            zRow[i] = z;
            logRow[i] = pl;
        });
        return combine(attr, rep, zRow, logRow, alpha, out);
    }

    private double barnesHutGradient(double[] map, double alpha, double[] out) {
        QuadTree tree = QuadTree.build(map);
        double theta = options.theta();
        double[] attr = new double[2 * n];
        double[] rep = new double[2 * n];
        double[] zRow = new double[n];
        double[] logRow = new double[n];
        int[] rs = pSparse.rowStart();
        int[] col = pSparse.col();
        double[] val = pSparse.val();
        IntStream.range(0, n).parallel().forEach(i -> {
            double ax = 0;
            double ay = 0;
            double pl = 0;
            double yi0 = map[2 * i];
            double yi1 = map[2 * i + 1];
            for (int e = rs[i]; e < rs[i + 1]; e++) {
                int j = col[e];
                double dx = yi0 - map[2 * j];
                double dy = yi1 - map[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                ax += val[e] * q * dx;
                ay += val[e] * q * dy;
                pl += val[e] * Math.log(q);
            }
            double[] f = new double[2];
            zRow[i] = tree.repulsion(i, map, theta, f);
            attr[2 * i] = ax;
            attr[2 * i + 1] = ay;
            rep[2 * i] = f[0];
            rep[2 * i + 1] = f[1];
            logRow[i] = pl;
        });
        return combine(attr, rep, zRow, logRow, alpha, out);
    }

    /** {@code out = 4 (alpha attr - rep / Z)}; returns {@code sum p ln p - sum p ln qZ + ln Z}. */
    private double combine(double[] attr, double[] rep, double[] zRow, double[] logRow, double alpha, double[] out) {
        double z = 0;
        double pl = 0;
        for (int i = 0; i < n; i++) {
            z += zRow[i];
            pl += logRow[i];
        }
        for (int e = 0; e < 2 * n; e++) {
            out[e] = 4 * (alpha * attr[e] - rep[e] / z);
        }
        return pLogP - pl + Math.log(z);
    }

    private static double plogp(double[] p) {
        double s = 0;
        for (double v : p) {
            if (v > 0) {
                s += v * Math.log(v);
            }
        }
        return s;
    }
}
