package org.convscope.vis.optimize;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Feature inversion (Mahendran and Vedaldi 2015, "Understanding deep image representations by
 * inverting them"): the image whose code at a layer matches a given image's code, under natural
 * image priors, in their normalized form
 * <pre>
 *   E(x) = |Phi(x) - Phi0|^2 / |Phi0|^2                                 code loss
 *        + lambdaAlpha / (H W B^a)     * sum_i |x_i|^a                  alpha-norm    ({@link Device#absPow})
 *        + lambdaBeta  / (H W V^b)     * R_TV^b(x)                      total variation ({@link Device#totalVariation})
 *   B = 80 grey levels (the typical pixel range about the mean), V = B / 6.5, a = 6, b = 2
 *
 *   gradient descent with momentum mu (0.9), on the gradient divided by its mean absolute value:
 *   v &lt;- mu v - lr_t g / mean|g|;   x &lt;- clip(x + v, lo, hi);   lr_t linear from lr to lrEnd
 *   (the clip to valid pixels keeps the normalized steps of the a = 6 norm's few large gradients from exploding)
 * </pre>
 * {@code x} is the preprocessed image (mean removed, times the preprocessing scale; B and V are
 * given in those units). Everything stays on the device, the priors and their gradients
 * ({@link Device#absPowGradient}, {@link Device#totalVariation}) included; per step the host reads
 * the three terms and mean|g|.
 */
public final class FeatureInversion extends IterativeRun {

    /**
     * @param iterations  steps (the schedule's horizon)
     * @param lr          step at the first iteration, input units per pixel (the gradient is normalized)
     * @param lrEnd       step at the last iteration
     * @param momentum    mu
     * @param alpha       a
     * @param lambdaAlpha weight of the alpha-norm
     * @param beta        b
     * @param lambdaBeta  weight of total variation
     * @param b           B, in input units (80 grey levels times the preprocessing scale)
     * @param explodeLimit a loss term beyond this magnitude stops the run
     * @param lo          smallest valid input value: x is clipped to [lo, hi] after each step
     * @param hi          largest valid input value
     */
    public record Settings(int iterations, float lr, float lrEnd, float momentum, double alpha, double lambdaAlpha,
                           double beta, double lambdaBeta, double b, double explodeLimit, float lo, float hi) {
        public Settings {
            if (iterations < 1 || !(lr > 0) || !(lrEnd > 0) || !(momentum >= 0 && momentum < 1) || !(alpha >= 1)
                    || !(beta >= 1) || !(lambdaAlpha >= 0) || !(lambdaBeta >= 0) || !(b > 0) || !(lo < hi)) {
                throw new IllegalArgumentException("inversion needs iterations >= 1, lr > 0, momentum in [0,1), "
                        + "alpha >= 1, beta >= 1, weights >= 0, B > 0 and lo < hi; got " + "iterations " + iterations + ", lr " + lr + ", lrEnd " + lrEnd + ", momentum " + momentum + ", alpha " + alpha + ", lambdaAlpha " + lambdaAlpha + ", beta " + beta + ", lambdaBeta " + lambdaBeta + ", b " + b + ", explodeLimit " + explodeLimit + ", lo " + lo + ", hi " + hi);
            }
        }

        /**
         * For an input of this preprocessing scale: the paper's a 6, b 2, B 80 grey levels, V = B/6.5,
         * momentum 0.9; lambdaAlpha 1 and lambdaBeta 0.05 (with weight 1 the TV term of a noise start
         * is ten times the code term and flattens the image before the code is matched); steps of 4
         * grey levels falling to 0.4; pixels clipped to +-255 grey levels about the mean (give the
         * exact box with {@link #withBox}).
         */
        public static Settings defaults(float scale) {
            return new Settings(200, 4 * scale, 0.4f * scale, 0.9f, 6, 1, 2, 0.05, 80 * scale, 1e20, -255 * scale,
                    255 * scale);
        }

        public Settings withIterations(int n) {
            return new Settings(n, lr, lrEnd, momentum, alpha, lambdaAlpha, beta, lambdaBeta, b, explodeLimit, lo, hi);
        }

        public Settings withWeights(double la, double lb) {
            return new Settings(iterations, lr, lrEnd, momentum, alpha, la, beta, lb, b, explodeLimit, lo, hi);
        }

        public Settings withLr(float start, float end) {
            return new Settings(iterations, start, end, momentum, alpha, lambdaAlpha, beta, lambdaBeta, b, explodeLimit, lo, hi);
        }

        public Settings withBox(float low, float high) {
            return new Settings(iterations, lr, lrEnd, momentum, alpha, lambdaAlpha, beta, lambdaBeta, b, explodeLimit,
                    low, high);
        }

        public float lrAt(int t) {
            return IterativeRun.linear(lr, lrEnd, t, iterations);
        }
    }

    private final Net net;
    private final String layer;
    private final Settings s;
    private final Device d;
    private final Tensor target;
    private final float targetNorm2;
    private final Tensor diff;
    private final Tensor x;
    private final Tensor lastGood;
    private final Tensor v;
    private final Tensor g;
    private final Tensor prior;
    private Tensor powers;

    private FeatureInversion(Net net, String layer, Tensor image, Tensor start, Settings s) {
        super(s.iterations());
        this.net = net;
        this.layer = layer;
        this.s = s;
        this.d = net.device();
        Tensor code = net.forward(image.device() == d ? image : image.to(d), layer);
        this.target = d.allocate(code.shape());
        d.copy(code, target);
        this.targetNorm2 = d.dot(target, target);
        if (!(targetNorm2 > 0)) {
            throw new IllegalArgumentException("the image's code at '" + layer + "' is all zero: nothing to invert");
        }
        this.diff = d.allocate(code.shape());
        Shape shape = start.shape();
        this.x = d.allocate(shape);
        d.copy(start.device() == d ? start : start.to(d), x);
        this.lastGood = d.allocate(shape);
        d.copy(x, lastGood);
        this.v = Tensor.zeros(d, shape.dims());
        this.g = d.allocate(shape);
        this.prior = d.allocate(shape);
    }

    /**
     * @param layer the blob whose code to match ({@code "conv3"}, {@code "pool5"}, ...)
     * @param image the image to invert, preprocessed, 1 x C x H x W
     * @param start the first iterate (the paper: noise), same shape; copied
     * @throws IllegalArgumentException for an unknown blob or an all-zero code
     */
    public static FeatureInversion init(Net net, String layer, Tensor image, Tensor start, Settings s) {
        if (!image.shape().equals(start.shape())) {
            throw new IllegalArgumentException("start " + start.shape() + " and image " + image.shape() + " differ");
        }
        net.shape(layer);
        return new FeatureInversion(net, layer, image, start, s);
    }

    /** The energy terms at x, and (when {@code grad} is not null) dE/dx into grad. */
    private double[] energy(Tensor at, Tensor grad) {
        Tensor code = net.forward(at, layer);
        d.sub(code, target, diff);
        double codeLoss = d.dot(diff, diff) / targetNorm2;
        Shape sh = at.shape();
        int h = sh.h();
        int w = sh.w();
        double na = 1.0 / ((double) h * w * Math.pow(s.b(), s.alpha()));
        double vv = s.b() / 6.5;
        double nb = 1.0 / ((double) h * w * Math.pow(vv, s.beta()));
        double ra = 0;
        if (s.lambdaAlpha() > 0) {
            powers = powers != null ? powers : d.allocate(sh);
            d.absPow(at, (float) s.alpha(), powers);
            ra = d.sum(powers);
        }
        Tensor tvGrad = grad != null && s.lambdaBeta() > 0 ? prior : null;
        double rb = s.lambdaBeta() > 0 ? d.totalVariation(at, (float) s.beta(), tvGrad) : 0;
        if (grad != null) {
            d.scale(diff, 2f / targetNorm2, diff);
            d.copy(net.backward(layer, diff, ReluMode.STANDARD), grad);
            if (s.lambdaAlpha() > 0) {
                d.absPowGradient(at, (float) s.alpha(), powers);
                d.axpy((float) (s.lambdaAlpha() * na), powers, grad);
            }
            if (tvGrad != null) {
                d.axpy((float) (s.lambdaBeta() * nb), tvGrad, grad);
            }
        }
        return new double[] {codeLoss, s.lambdaAlpha() * na * ra, s.lambdaBeta() * nb * rb};
    }

    /** The energy {@code E} at the current iterate and its three terms (code, alpha, tv). */
    public double[] energy() {
        return energy(x, null);
    }

    @Override
    public boolean step() {
        if (done()) {
            return false;
        }
        double[] e = energy(x, g);
        losses.clear();
        losses.put("code", e[0]);
        losses.put("alpha", e[1]);
        losses.put("tv", e[2]);
        losses.put("E", e[0] + e[1] + e[2]);
        for (String term : new String[] {"code", "alpha", "tv"}) {
            check(term, losses.get(term), s.explodeLimit());
        }
        if (rolledBack(d, x, lastGood)) {
            return false;
        }
        float meanAbs = d.sumAbs(g) / g.size();
        if (meanAbs > 0) {
            d.scale(v, s.momentum(), v);
            d.axpy(-s.lrAt(t) / meanAbs, g, v);
            d.add(x, v, x);
            d.clamp(x, s.lo(), s.hi(), x);
        }
        t++;
        return !done();
    }

    @Override
    public Tensor result() {
        return x;
    }
}
