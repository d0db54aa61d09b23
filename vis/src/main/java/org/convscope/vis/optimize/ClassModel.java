package org.convscope.vis.optimize;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Class model and unit visualization by regularized gradient ascent in image space (Simonyan,
 * Vedaldi and Zisserman 2014; Yosinski, Clune, Nguyen, Fuchs and Lipson 2015):
 * <pre>
 *   x* = argmax_x  a(x) - R(x)        a: a class score before the softmax, or a unit ({@link Objective})
 *
 *   one step t (x preprocessed, 1 x C x H x W, the mean image is 0):
 *     (dy, dx) uniform in [-jitter, jitter]                          jitter (seeded)
 *     g   = shift(d a / d x at shift(x, dy, dx), -dy, -dx)
 *     x  <- (1 - decay) * (x + lr_t * g)                              L2 decay (Simonyan's -lambda |x|^2)
 *     every blurEvery steps:  x <- GaussianBlur(x, blurSigma)
 *     every clipEvery steps:
 *       n[i,j] = |x[:,i,j]|_2;        x[:,i,j] = 0 where n < percentile(n, normPercentile)
 *       c[i,j] = |sum_c x[c,i,j] g[c,i,j]|;  x[:,i,j] = 0 where c < percentile(c, contribPercentile)
 *     lr_t = lr + (lrEnd - lr) * t / (iterations - 1)                 linear schedule (lrEnd = lr: constant)
 * </pre>
 * Defaults are Yosinski et al.'s third setting (decay 1e-4, blur sigma 1.0 every 4 steps, no
 * clipping); {@link Settings#yosinski(int)} gives all four of their Table 1. Everything runs on the
 * device, the clipping included: the per-pixel maps ({@link Device#channelNorm},
 * {@link Device#channelDot}) stay there, each percentile is found by bisection on counts
 * ({@link Device#kthSmallest}, scalars only) and whole pixels are zeroed by
 * {@link Device#zeroWhereBelow}. Per step the host reads the objective, |x| and, when clipping,
 * about 33 counts per percentile.
 */
public final class ClassModel implements Iterative {

    /**
     * @param iterations        the number of steps (the schedule's horizon)
     * @param lr                learning rate at the first step
     * @param lrEnd             learning rate at the last step (linear in between)
     * @param decay             L2 decay factor per step, [0,1)
     * @param blurEvery         blur every N steps (0: never)
     * @param blurSigma         Gaussian blur standard deviation in pixels
     * @param jitter            largest shift in pixels (0: none)
     * @param normPercentile    zero pixels whose norm is below this percentile (0: off)
     * @param contribPercentile zero pixels whose contribution is below this percentile (0: off)
     * @param clipEvery         apply the two clippings every N steps
     * @param seed              the jitter's random seed
     * @param explodeLimit      a loss term beyond this magnitude stops the run
     */
    public record Settings(int iterations, float lr, float lrEnd, float decay, int blurEvery, float blurSigma,
                           int jitter, double normPercentile, double contribPercentile, int clipEvery, long seed,
                           double explodeLimit) {
        public Settings {
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
            }
            if (!(lr > 0) || !(lrEnd > 0)) {
                throw new IllegalArgumentException("learning rates must be > 0, got " + lr + " and " + lrEnd);
            }
            if (!(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("decay must be in [0,1), got " + decay);
            }
            if (blurEvery < 0 || (blurEvery > 0 && !(blurSigma > 0))) {
                throw new IllegalArgumentException("blur every " + blurEvery + " with sigma " + blurSigma
                        + ": give a count >= 0 and a sigma > 0");
            }
            if (jitter < 0) {
                throw new IllegalArgumentException("jitter must be >= 0, got " + jitter);
            }
            if (!(normPercentile >= 0 && normPercentile < 100) || !(contribPercentile >= 0 && contribPercentile < 100)) {
                throw new IllegalArgumentException("clipping percentiles must be in [0,100), got " + normPercentile
                        + " and " + contribPercentile);
            }
            if (clipEvery < 1) {
                throw new IllegalArgumentException("clip every must be at least 1, got " + clipEvery);
            }
        }

        /** 200 steps, lr 1 constant, Yosinski's setting 3 (decay 1e-4, blur 1.0 every 4), jitter 0, seed 0. */
        public static Settings defaults() {
            return yosinski(3).withIterations(200).withLr(1f, 1f);
        }

        /**
         * The four regularization settings of Yosinski et al. 2015, Table 1 ("four hyperparameter
         * combinations that produce different styles of recognizable images"), in the table's order
         * (decay, blur every, blur width as the Gaussian's sigma, norm percentile, contribution percentile):
         * 1: 0, 4, 0.5, 50, 0; 2: 0.3, 0, 0, 20, 0; 3: 1e-4, 4, 1.0, 0, 0; 4: 0, 4, 0.5, 0, 90.
         * Checked against the table as the authors restate it, row by row, in their toolbox's
         * documentation (yosinski/deep-visualization-toolbox, {@code doc/running-optimize-image.md}),
         * which names setting 3 as the one used for most of the paper's images. The paper's learning
         * rates and iteration counts (hundreds of steps at lr 100 on 0-255 pixels, some with a
         * progress-based rate) are not part of these presets: the caller sets them.
         */
        public static Settings yosinski(int which) {
            return switch (which) {
                case 1 -> new Settings(200, 1f, 1f, 0f, 4, 0.5f, 0, 50, 0, 1, 0L, 1e20);
                case 2 -> new Settings(200, 1f, 1f, 0.3f, 0, 0f, 0, 20, 0, 1, 0L, 1e20);
                case 3 -> new Settings(200, 1f, 1f, 1e-4f, 4, 1.0f, 0, 0, 0, 1, 0L, 1e20);
                case 4 -> new Settings(200, 1f, 1f, 0f, 4, 0.5f, 0, 0, 90, 1, 0L, 1e20);
                default -> throw new IllegalArgumentException("Yosinski's settings are 1..4, not " + which);
            };
        }

        public Settings withIterations(int n) {
            return new Settings(n, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPercentile, contribPercentile,
                    clipEvery, seed, explodeLimit);
        }

        public Settings withLr(float start, float end) {
            return new Settings(iterations, start, end, decay, blurEvery, blurSigma, jitter, normPercentile,
                    contribPercentile, clipEvery, seed, explodeLimit);
        }

        public Settings withDecay(float d) {
            return new Settings(iterations, lr, lrEnd, d, blurEvery, blurSigma, jitter, normPercentile,
                    contribPercentile, clipEvery, seed, explodeLimit);
        }

        public Settings withBlur(int every, float sigma) {
            return new Settings(iterations, lr, lrEnd, decay, every, sigma, jitter, normPercentile, contribPercentile,
                    clipEvery, seed, explodeLimit);
        }

        public Settings withJitter(int j) {
            return new Settings(iterations, lr, lrEnd, decay, blurEvery, blurSigma, j, normPercentile,
                    contribPercentile, clipEvery, seed, explodeLimit);
        }

        public Settings withClipping(double normPct, double contribPct, int every) {
            return new Settings(iterations, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPct, contribPct,
                    every, seed, explodeLimit);
        }

        public Settings withSeed(long s) {
            return new Settings(iterations, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPercentile,
                    contribPercentile, clipEvery, s, explodeLimit);
        }

        public Settings withExplodeLimit(double limit) {
            return new Settings(iterations, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPercentile,
                    contribPercentile, clipEvery, seed, limit);
        }

        /** The learning rate of step t (0-based). */
        public float lrAt(int t) {
            return iterations == 1 ? lr : lr + (lrEnd - lr) * t / (float) (iterations - 1);
        }
    }

    private final Objective objective;
    private final Settings s;
    private final Device d;
    private final Tensor x;
    private final Tensor lastGood;
    private final Tensor shifted;
    private final Tensor grad;
    private final Tensor g;
    private final Tensor tmp;
    private Tensor normMap;
    private Tensor contribMap;
    private final Random random;
    private final Map<String, Double> losses = new LinkedHashMap<>();
    private int t;
    private Diverged diverged;

    private ClassModel(Objective objective, Tensor start, Settings s) {
        this.objective = objective;
        this.s = s;
        this.d = objective.net().device();
        Shape shape = start.shape();
        this.x = d.allocate(shape);
        d.copy(start.device() == d ? start : start.to(d), x);
        this.lastGood = d.allocate(shape);
        d.copy(x, lastGood);
        this.shifted = d.allocate(shape);
        this.grad = d.allocate(shape);
        this.g = d.allocate(shape);
        this.tmp = d.allocate(shape);
        this.random = new Random(s.seed());
    }

    /**
     * @param objective what to maximize
     * @param start     the first image, preprocessed (1 x C x H x W); copied
     */
    public static ClassModel init(Objective objective, Tensor start, Settings settings) {
        return new ClassModel(objective, start, settings);
    }

    @Override
    public boolean step() {
        if (done()) {
            return false;
        }
        int dy = s.jitter() == 0 ? 0 : random.nextInt(2 * s.jitter() + 1) - s.jitter();
        int dx = s.jitter() == 0 ? 0 : random.nextInt(2 * s.jitter() + 1) - s.jitter();
        Tensor in = x;
        if (dy != 0 || dx != 0) {
            d.circularShift(x, dy, dx, shifted);
            in = shifted;
        }
        float a = objective.valueAndGradient(in, grad);
        if (dy != 0 || dx != 0) {
            d.circularShift(grad, -dy, -dx, g);
        } else {
            d.copy(grad, g);
        }
        float norm = d.l2Norm(x);
        losses.clear();
        losses.put("objective", (double) a);
        losses.put("|x|", (double) norm);
        diverged = Diverged.check(t, "objective", a, s.explodeLimit());
        if (diverged == null) {
            diverged = Diverged.check(t, "|x|", norm, s.explodeLimit());
        }
        if (diverged != null) {
            d.copy(lastGood, x);
            return false;
        }
        d.copy(x, lastGood);
        d.axpy(s.lrAt(t), g, x);
        if (s.decay() > 0) {
            d.scale(x, 1f - s.decay(), x);
        }
        t++;
        if (s.blurEvery() > 0 && t % s.blurEvery() == 0) {
            d.gaussianBlur(x, s.blurSigma(), tmp);
            d.copy(tmp, x);
        }
        if ((s.normPercentile() > 0 || s.contribPercentile() > 0) && t % s.clipEvery() == 0) {
            clip();
        }
        return !done();
    }

    /**
     * Zeroes the pixels of small norm and of small contribution, on the device. Both maps are taken
     * from the same image (before either zeroing), so the union of the two sets is zeroed.
     */
    private void clip() {
        Shape sh = x.shape();
        Shape map = Shape.of(sh.n(), 1, sh.h(), sh.w());
        int plane = map.size();
        float normCut = Float.NEGATIVE_INFINITY;
        float contribCut = Float.NEGATIVE_INFINITY;
        if (s.normPercentile() > 0) {
            normMap = normMap != null ? normMap : d.allocate(map);
            d.channelNorm(x, normMap);
            normCut = d.kthSmallest(normMap, rank(s.normPercentile(), plane));
        }
        if (s.contribPercentile() > 0) {
            contribMap = contribMap != null ? contribMap : d.allocate(map);
            d.channelDot(x, g, contribMap);
            d.abs(contribMap, contribMap);
            contribCut = d.kthSmallest(contribMap, rank(s.contribPercentile(), plane));
        }
        if (s.normPercentile() > 0) {
            d.zeroWhereBelow(x, normMap, normCut, x);
        }
        if (s.contribPercentile() > 0) {
            d.zeroWhereBelow(x, contribMap, contribCut, x);
        }
    }

    /** The nearest rank below percentile p (0-100) of n sorted values: {@code floor(p/100 (n-1))}. */
    static int rank(double p, int n) {
        int i = (int) Math.floor(p / 100.0 * (n - 1));
        return Math.max(0, Math.min(n - 1, i));
    }

    @Override
    public int iteration() {
        return t;
    }

    @Override
    public boolean done() {
        return t >= s.iterations() || diverged != null;
    }

    @Override
    public Map<String, Double> losses() {
        return losses;
    }

    @Override
    public Tensor result() {
        return x;
    }

    @Override
    public Diverged diverged() {
        return diverged;
    }

    /** The objective at the current image (one forward pass, no jitter). */
    public float objectiveValue() {
        return objective.value(x);
    }

    public Settings settings() {
        return s;
    }
}
