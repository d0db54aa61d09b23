package org.convscope.vis.optimize;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * A targeted iterative attack that looks for a small perturbation {@code r} making the net answer
 * a chosen class {@code t} (after Szegedy et al. 2013, who minimize {@code c|r| + J(x + r, t)}
 * with {@code x + r} kept in the valid box). Here by normalized gradient descent on the
 * cross-entropy with a shrinking of the perturbation, stopping at the first iterate the net
 * classifies as {@code t} with probability at least {@code confidence}: the earliest, so the
 * smallest, perturbation along the path.
 * <pre>
 *   g   = d J(x_k, t) / d x
 *   x'  = x_k - alpha * g / |g|_2                    a step of L2 length alpha
 *   x_{k+1} = clip( x + (1 - c) (x' - x), lo, hi )   shrink r by c each step (Szegedy's c|r|), stay valid
 *   stop when argmax s(x_k) = t and p_t(x_k) >= confidence, or after maxSteps
 * </pre>
 * All on the device; per step the host reads |g|, the loss, the predicted class, p_t (as the
 * cross-entropy of the target, {@link Classifier#probability}) and |r|.
 */
public final class TargetedAttack extends IterativeRun {

    /**
     * @param alpha      L2 length of each step, input units
     * @param c          shrink factor of the perturbation per step, [0,1)
     * @param confidence the target probability to reach, [0,1)
     * @param maxSteps   give up after this many steps
     * @param lo         smallest valid input value (or -infinity)
     * @param hi         largest valid input value (or +infinity)
     */
    public record Settings(float alpha, float c, float confidence, int maxSteps, float lo, float hi) {
        public Settings {
            if (!(alpha > 0) || !(c >= 0 && c < 1) || !(confidence >= 0 && confidence < 1) || maxSteps < 1
                    || !(lo < hi)) {
                throw new IllegalArgumentException("targeted attack needs alpha > 0, c in [0,1), confidence in [0,1), "
                        + "maxSteps >= 1 and lo < hi; got " + "alpha " + alpha + ", c " + c + ", confidence " + confidence + ", maxSteps " + maxSteps + ", lo " + lo + ", hi " + hi);
            }
        }
    }

    private final Classifier net;
    private final int target;
    private final Settings s;
    private final Device d;
    private final Tensor x0;
    private final Tensor x;
    private final Tensor g;
    private boolean reached;

    private TargetedAttack(Classifier net, Tensor image, int target, Settings s) {
        super(s.maxSteps());
        this.net = net;
        this.target = target;
        this.s = s;
        this.d = net.net().device();
        this.x0 = d.allocate(image.shape());
        d.copy(image.device() == d ? image : image.to(d), x0);
        this.x = d.allocate(image.shape());
        d.copy(x0, x);
        this.g = d.allocate(image.shape());
        if (net.predict(x) == target && net.probability(x, target) >= s.confidence()) {
            reached = true;
        }
    }

    /**
     * @param image  the original, 1 x C x H x W preprocessed; copied
     * @param target the class to reach
     */
    public static TargetedAttack init(Classifier net, Tensor image, int target, Settings s) {
        if (target < 0 || target >= net.classes()) {
            throw new IllegalArgumentException("target class " + target + " is out of range 0.." + (net.classes() - 1));
        }
        return new TargetedAttack(net, image, target, s);
    }

    @Override
    public boolean step() {
        if (done()) {
            return false;
        }
        float loss = net.crossEntropy(x, target, g);
        float gn = d.l2Norm(g);
        losses.clear();
        losses.put("crossEntropy", (double) loss);
        if (check("crossEntropy", loss, 1e30) || check("|gradient|", gn, 1e30)) {
            return false;
        }
        if (gn > 0) {
            d.axpy(-s.alpha() / gn, g, x);
        }
        if (s.c() > 0) {
            // x <- x0 + (1 - c)(x - x0)
            d.sub(x, x0, g);
            d.scale(g, 1f - s.c(), g);
            d.add(x0, g, x);
        }
        if (s.lo() > Float.NEGATIVE_INFINITY || s.hi() < Float.POSITIVE_INFINITY) {
            d.clamp(x, s.lo(), s.hi(), x);
        }
        t++;
        int pred = net.predict(x);
        float pt = net.probability(x, target);
        losses.put("p_target", (double) pt);
        d.sub(x, x0, g);
        losses.put("|r|", (double) d.l2Norm(g));
        reached = pred == target && pt >= s.confidence();
        return !done();
    }

    /** Whether the net now answers the target (with the asked confidence). */
    public boolean reached() {
        return reached;
    }

    @Override
    boolean finished() {
        return reached;
    }

    /** The adversarial image (the original when no step was taken). */
    @Override
    public Tensor result() {
        return x;
    }

    public Tensor original() {
        return x0;
    }
}
