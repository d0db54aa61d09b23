package org.convscope.vis.optimize;

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
 *     x  &lt;- (1 - decay) * (x + step(lr_t, g))                         L2 decay (Simonyan's -lambda |x|^2)
 *           step: lr g / mean|g| (normalized, the default), Adam's, or lr g (raw)          see {@link Step}
 *     every blurEvery steps:  x &lt;- GaussianBlur(x, blurSigma)
 *     every clipEvery steps:
 *       n[i,j] = |x[:,i,j]|_2;        x[:,i,j] = 0 where n &lt; percentile(n, normPercentile)
 *       c[i,j] = |sum_c x[c,i,j] g[c,i,j]|;  x[:,i,j] = 0 where c &lt; percentile(c, contribPercentile)
 *     with a {@link PixelBox}: x &lt;- clamp(x, box)                     pixels stay in 0-255
 *     lr_t = lr + (lrEnd - lr) * t / (iterations - 1)                 linear schedule (lrEnd = lr: constant)
 * </pre>
 * Defaults ({@link Settings#defaults(float)}): normalized steps of 8 falling to 2 grey levels, jitter 8,
 * and Yosinski et al.'s third setting (decay 1e-4, blur sigma 1.0 every 4 steps, no clipping);
 * {@link Settings#yosinski(int)} gives all four of their Table 1. Why the normalized step and not
 * Adam: {@code bench/results/classmodel-steps.md}. {@link #outcome} says when a run failed (the
 * objective did not rise, the image collapsed or saturated) and what to change. Everything runs on the
 * device, the clipping included: the per-pixel maps ({@link Device#channelNorm},
 * {@link Device#channelDot}) stay there, each percentile is found by bisection on counts
 * ({@link Device#kthSmallest}, scalars only) and whole pixels are zeroed by
 * {@link Device#zeroWhereBelow}. Per step the host reads the objective, |x| and, when clipping,
 * about 33 counts per percentile.
 */
public final class ClassModel extends IterativeRun {

    /** How a step follows the gradient {@code g = d a / d x}. */
    public enum Step {
        /**
         * {@code x += lr g}: the rule of Simonyan et al. The step grows with the scale of the net's
         * scores, so a learning rate tuned on one net is far off on another.
         */
        RAW,
        /**
         * {@code x += lr g / mean|g|}: every step moves a pixel lr input units on average, whatever the
         * scale of the scores (DeepDream's rule).
         */
        NORMALIZED,
        /**
         * Adam (Kingma and Ba 2015) ascending a: each value moves about lr input units per step, scaled by
         * the running moments of its own gradient; also independent of the scores' scale.
         */
        ADAM
    }

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
    /** The default first step, grey levels moved per pixel on average ({@link Step#NORMALIZED}). */
    public static final float DEFAULT_LR = 8f;
    /** The default last step, grey levels. */
    public static final float DEFAULT_LR_END = 2f;
    /** The default jitter, pixels. */
    public static final int DEFAULT_JITTER = 8;

    public record Settings(int iterations, float lr, float lrEnd, float decay, int blurEvery, float blurSigma,
                           int jitter, double normPercentile, double contribPercentile, int clipEvery, long seed,
                           double explodeLimit, Step step) {
        /** The raw-gradient settings of before the step rules (kept for callers that tuned lr to a net's scale). */
        public Settings(int iterations, float lr, float lrEnd, float decay, int blurEvery, float blurSigma, int jitter,
                        double normPercentile, double contribPercentile, int clipEvery, long seed, double explodeLimit) {
            this(iterations, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPercentile, contribPercentile, clipEvery,
                    seed, explodeLimit, Step.RAW);
        }

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
            if (step == null) {
                throw new IllegalArgumentException("give a step rule");
            }
        }

        /**
         * The defaults for pixels 0-255 (a preprocessing scale of 1): {@link #defaults(float)}.
         */
        public static Settings defaults() {
            return defaults(1f);
        }

        /**
         * The defaults for inputs of this preprocessing scale (1 for Caffe's ImageNet nets): 200
         * normalized steps ({@link Step#NORMALIZED}) of {@value #DEFAULT_LR} grey levels falling linearly to
         * {@value #DEFAULT_LR_END}, Yosinski's setting 3 (decay 1e-4, blur sigma 1.0 every 4 steps), jitter
         * {@value #DEFAULT_JITTER} pixels, seed 0. The normalized step and the jitter are what make a class
         * model work on any net: the step does not depend on the scale of its scores, and a picture that
         * must raise the score at every shift is made of objects rather than of a fragile pattern, so it
         * survives the rounding to a PNG.
         */
        public static Settings defaults(float scale) {
            return yosinski(3).withIterations(200).withLr(DEFAULT_LR * scale, DEFAULT_LR_END * scale)
                    .withJitter(DEFAULT_JITTER);
        }

        /**
         * The four regularization settings of Yosinski et al. 2015, Table 1 ("four hyperparameter
         * combinations that produce different styles of recognizable images"), in the table's order
         * (decay, blur every, blur width as the Gaussian's sigma, norm percentile, contribution percentile):
         * 1: 0, 4, 0.5, 50, 0; 2: 0.3, 0, 0, 20, 0; 3: 1e-4, 4, 1.0, 0, 0; 4: 0, 4, 0.5, 0, 90.
         * Checked against the table as the authors restate it, row by row, in their toolbox's
         * documentation (yosinski/deep-visualization-toolbox, {@code doc/running-optimize-image.md}),
         * which names setting 3 as the one used for most of the paper's images. The paper's learning
         * rates (on the raw gradient of CaffeNet's scores, so tied to that net) are not part of these
         * presets: each takes the default normalized step of 8 -> 2 grey levels for pixels 0-255 and no
         * jitter; a caller with another preprocessing scale sets the rate with {@link #withLr}.
         */
        public static Settings yosinski(int which) {
            return switch (which) {
                case 1 -> new Settings(200, 8f, 2f, 0f, 4, 0.5f, 0, 50, 0, 1, 0L, 1e20, Step.NORMALIZED);
                case 2 -> new Settings(200, 8f, 2f, 0.3f, 0, 0f, 0, 20, 0, 1, 0L, 1e20, Step.NORMALIZED);
                case 3 -> new Settings(200, 8f, 2f, 1e-4f, 4, 1.0f, 0, 0, 0, 1, 0L, 1e20, Step.NORMALIZED);
                case 4 -> new Settings(200, 8f, 2f, 0f, 4, 0.5f, 0, 0, 90, 1, 0L, 1e20, Step.NORMALIZED);
                default -> throw new IllegalArgumentException("Yosinski's settings are 1..4, not " + which);
            };
        }

        public Settings withIterations(int n) {
            return new Settings(n, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPercentile, contribPercentile,
                    clipEvery, seed, explodeLimit, step);
        }

        public Settings withLr(float start, float end) {
            return new Settings(iterations, start, end, decay, blurEvery, blurSigma, jitter, normPercentile,
                    contribPercentile, clipEvery, seed, explodeLimit, step);
        }

        public Settings withDecay(float d) {
            return new Settings(iterations, lr, lrEnd, d, blurEvery, blurSigma, jitter, normPercentile,
                    contribPercentile, clipEvery, seed, explodeLimit, step);
        }

        public Settings withBlur(int every, float sigma) {
            return new Settings(iterations, lr, lrEnd, decay, every, sigma, jitter, normPercentile, contribPercentile,
                    clipEvery, seed, explodeLimit, step);
        }

        public Settings withJitter(int j) {
            return new Settings(iterations, lr, lrEnd, decay, blurEvery, blurSigma, j, normPercentile,
                    contribPercentile, clipEvery, seed, explodeLimit, step);
        }

        public Settings withClipping(double normPct, double contribPct, int every) {
            return new Settings(iterations, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPct, contribPct,
                    every, seed, explodeLimit, step);
        }

        public Settings withSeed(long s) {
            return new Settings(iterations, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPercentile,
                    contribPercentile, clipEvery, s, explodeLimit, step);
        }

        public Settings withExplodeLimit(double limit) {
            return new Settings(iterations, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPercentile,
                    contribPercentile, clipEvery, seed, limit, step);
        }

        /** The same settings with another step rule (lr keeps its number: give one in the rule's units). */
        public Settings withStep(Step rule) {
            return new Settings(iterations, lr, lrEnd, decay, blurEvery, blurSigma, jitter, normPercentile,
                    contribPercentile, clipEvery, seed, explodeLimit, rule);
        }

        /** The learning rate of step t (0-based). */
        public float lrAt(int t) {
            return IterativeRun.linear(lr, lrEnd, t, iterations);
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
    private final PixelBox box;
    private Tensor adamM;
    private Tensor adamV;
    private double firstObjective = Double.NaN;
    private double lastObjective = Double.NaN;
    private float startNorm;
    private boolean startGradientZero;
    private final Random random;

    private ClassModel(Objective objective, Tensor start, Settings s, PixelBox box) {
        super(s.iterations());
        this.objective = objective;
        this.s = s;
        this.box = box;
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
        if (box != null) {
            box.clamp(x);
        }
        this.startNorm = d.l2Norm(x);
        if (s.step() == Step.ADAM) {
            adamM = Tensor.zeros(d, shape.dims());
            adamV = Tensor.zeros(d, shape.dims());
        }
    }

    /**
     * @param objective what to maximize
     * @param start     the first image, preprocessed (1 x C x H x W); copied
     */
    public static ClassModel init(Objective objective, Tensor start, Settings settings) {
        return new ClassModel(objective, start, settings, null);
    }

    /**
     * As {@link #init(Objective, Tensor, Settings)}, every iterate (the start too) clamped to
     * {@code box}: the image stays one that a picture can hold.
     */
    public static ClassModel init(Objective objective, Tensor start, Settings settings, PixelBox box) {
        return new ClassModel(objective, start, settings, box);
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
        check("objective", a, s.explodeLimit());
        check("|x|", norm, s.explodeLimit());
        if (rolledBack(d, x, lastGood)) {
            return false;
        }
        if (t == 0) {
            firstObjective = a;
            startGradientZero = d.sumAbs(g) == 0f;
        }
        lastObjective = a;
        ascend(s.lrAt(t));
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
        if (box != null) {
            box.clamp(x);
        }
        return !done();
    }

    /** x moves up g by the step rule. */
    private void ascend(float lr) {
        switch (s.step()) {
            case RAW -> d.axpy(lr, g, x);
            case NORMALIZED -> {
                float meanAbs = d.sumAbs(g) / g.shape().size();
                if (meanAbs > 0 && Float.isFinite(meanAbs)) {
                    d.axpy(lr / meanAbs, g, x);
                }
            }
            case ADAM -> {
                d.scale(g, -1f, tmp);
                d.adamUpdate(x, tmp, adamM, adamV, lr, 0.9f, 0.999f, 1e-8f, t + 1);
            }
            default -> throw new IllegalStateException(s.step().toString());
        }
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
    public Tensor result() {
        return x;
    }

    /** The objective at the current image (one forward pass, no jitter). */
    public float objectiveValue() {
        return objective.value(x);
    }

    public Settings settings() {
        return s;
    }

    /** The objective at the start image (NaN before the first step). */
    public double firstObjective() {
        return firstObjective;
    }

    /** |x| of the start image (after clamping to the box). */
    public float startNorm() {
        return startNorm;
    }

    /**
     * What went wrong, if anything, with hints in the command's terms: the objective did not rise
     * (with a zero gradient at the start: start from noise), the image collapsed to the mean (too much
     * decay or clipping), or it is saturated (steps too large). One forward pass.
     *
     * @param greyLevel one grey level in preprocessed units (the preprocessing scale)
     */
    public Outcome outcome(float greyLevel) {
        Outcome o = new Outcome();
        double end = objectiveValue();
        // the rate as the command takes it: grey levels for the normalized and Adam steps, the raw factor otherwise
        String lrNow = String.format(java.util.Locale.ROOT, "%.3g", s.step() == Step.RAW ? s.lr() : s.lr() / greyLevel);
        String decayNow = String.format(java.util.Locale.ROOT, "%.3g", s.decay());
        o.add(Outcome.notImproved("the objective (" + objective + ")", firstObjective, end, true,
                startGradientZero ? "its gradient is zero on the start image (no unit on its path is active there): "
                        + "start from noise (--start noise) or an image"
                        : "raise the learning rate (--lr, now " + lrNow + "), lower the decay (--decay, now " + decayNow
                        + ") or give more --iterations"));
        o.add(Outcome.collapsed(x, greyLevel, "lower the decay (--decay, now " + decayNow
                + ") or the clipping percentiles (--norm-pct/--contrib-pct), or raise the learning rate (--lr, now "
                + lrNow + ")"));
        if (box != null) {
            o.add(Outcome.saturated(box, x, tmp, "the steps are too large: lower the learning rate (--lr, now "
                    + lrNow + ")"));
        }
        return o;
    }

    /** The box every iterate is clamped to, or null. */
    public PixelBox box() {
        return box;
    }
}
