package org.convscope.vis.optimize;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * The fast gradient sign method (Goodfellow, Shlens and Szegedy 2014): one step of size
 * {@code epsilon} in the L-infinity ball, along the sign of the loss gradient,
 * <pre>
 *   x' = clip( x + epsilon * sign( d J(x, y) / d x ), lo, hi )      J: softmax cross-entropy, y: the true label
 * </pre>
 * {@code epsilon}, {@code lo} and {@code hi} are in the net's input units (after preprocessing:
 * for LeNet's 1/256 scale, epsilon 0.1 is about 26 grey levels). The sign is taken on the device
 * ({@link Device#sign}); nothing but the loss comes back.
 */
public final class Fgsm {
    private Fgsm() {
    }

    /**
     * @param x     the image, 1 x C x H x W, preprocessed
     * @param label the label to move away from (the true class, or the predicted one)
     * @param lo    smallest valid input value (or -infinity for none)
     * @param hi    largest valid input value (or +infinity)
     * @return the adversarial image (a new tensor on x's device)
     */
    public static Tensor attack(Classifier c, Tensor x, int label, float epsilon, float lo, float hi) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
        Device d = x.device();
        Tensor g = d.allocate(x.shape());
        c.crossEntropy(x, label, g);
        d.sign(g, g);
        Tensor adv = d.allocate(x.shape());
        d.copy(x, adv);
        d.axpy(epsilon, g, adv);
        if (lo > Float.NEGATIVE_INFINITY || hi < Float.POSITIVE_INFINITY) {
            d.clamp(adv, lo, hi, adv);
        }
        g.close();
        return adv;
    }

    /**
     * The smallest epsilon of an increasing list whose FGSM image is classified other than
     * {@code label}, or -1 when none is.
     */
    public static float smallestFlipping(Classifier c, Tensor x, int label, float[] epsilons, float lo, float hi) {
        for (float e : epsilons) {
            try (Tensor adv = attack(c, x, label, e, lo, hi)) {
                if (c.predict(adv) != label) {
                    return e;
                }
            }
        }
        return -1;
    }
}
