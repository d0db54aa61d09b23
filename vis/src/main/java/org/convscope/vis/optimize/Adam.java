package org.convscope.vis.optimize;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * Adam (Kingma and Ba 2015) minimizing an {@link Energy}:
 * <pre>
 *   m &lt;- b1 m + (1 - b1) g;   v &lt;- b2 v + (1 - b2) g^2
 *   x &lt;- x - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)       b1 0.9, b2 0.999, eps 1e-8
 * </pre>
 * The moments live on the device beside the image, updated by {@link Device#adamUpdate}: per step
 * the host reads only the energy's terms. A loss that becomes NaN or explodes stops the run and
 * keeps the iterate before.
 */
public final class Adam extends IterativeRun {

    /** @param lr step, input units; @param iterations steps */
    public record Settings(int iterations, float lr, float beta1, float beta2, float eps, double explodeLimit) {
        public Settings {
            if (iterations < 1 || !(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
                throw new IllegalArgumentException("Adam needs iterations >= 1, lr > 0, betas in [0,1), eps > 0; got " + "iterations " + iterations + ", lr " + lr + ", beta1 " + beta1 + ", beta2 " + beta2 + ", eps " + eps + ", explodeLimit " + explodeLimit);
            }
        }

        public static Settings of(int iterations, float lr) {
            return new Settings(iterations, lr, 0.9f, 0.999f, 1e-8f, 1e20);
        }
    }

    private final Energy energy;
    private final Settings s;
    private final Device d;
    private final Tensor x;
    private final Tensor g;
    private final Tensor lastGood;
    private final Tensor m;
    private final Tensor v;

    private Adam(Energy energy, Tensor start, Settings s) {
        super(s.iterations());
        this.energy = energy;
        this.s = s;
        this.d = start.device();
        this.x = d.allocate(start.shape());
        d.copy(start, x);
        this.g = d.allocate(start.shape());
        this.lastGood = d.allocate(start.shape());
        d.copy(x, lastGood);
        this.m = Tensor.zeros(d, start.shape().dims());
        this.v = Tensor.zeros(d, start.shape().dims());
    }

    public static Adam init(Energy energy, Tensor start, Settings settings) {
        return new Adam(energy, start, settings);
    }

    @Override
    public boolean step() {
        if (done()) {
            return false;
        }
        double e = energy.value(x, g);
        losses.clear();
        losses.putAll(energy.terms());
        losses.put("E", e);
        check("E", e, s.explodeLimit());
        if (rolledBack(d, x, lastGood)) {
            return false;
        }
        t++;
        d.adamUpdate(x, g, m, v, s.lr(), s.beta1(), s.beta2(), s.eps(), t);
        return !done();
    }

    @Override
    public Tensor result() {
        return x;
    }
}
