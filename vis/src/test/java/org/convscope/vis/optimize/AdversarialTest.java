package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.convscope.nn.Net;
import org.convscope.nn.data.MnistIdx;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FGSM and the targeted attack on the trained LeNet and real MNIST test digits (skip without the data). */
class AdversarialTest {
    static Net net;
    static MnistIdx digits;
    static final float SCALE = 0.00390625f;

    /** Loads the shared data once; each test is skipped with TestData's message when it is absent. */
    @BeforeEach
    void load() throws IOException {
        if (net != null && digits != null) {
            return;
        }
        Path dir = TestData.require("models/lenet_mnist_v2");
        net = Net.load(dir.resolve("lenet.prototxt"), dir.resolve("lenet_iter_10000.caffemodel"), Devices.cpu());
        digits = MnistIdx.read(TestData.require("mnist"), "t10k");
    }

    static Tensor digit(int i) {
        float[] f = new float[784];
        digits.image(i, f, 0);
        for (int k = 0; k < f.length; k++) {
            f[k] *= SCALE;
        }
        return Tensor.of(Devices.cpu(), f, 1, 1, 28, 28);
    }

    @Test
    void fgsmWithASmallEpsilonFlipsLenetsAnswerOnARealDigit() {
        Classifier c = Classifier.of(net);
        // digit 4 of the test set flips at epsilon 0.1 (26 grey levels)
        assertNotEquals(digits.label(4), c.predict(Fgsm.attack(c, digit(4), digits.label(4), 0.1f, 0f, 255 * SCALE)));
        // each of the first ten within Goodfellow et al.'s MNIST epsilon 0.25
        for (int i = 0; i < 10; i++) {
            Tensor x = digit(i);
            int label = digits.label(i);
            assertEquals(label, c.predict(x), "LeNet reads digit " + i + " right");
            float eps = Fgsm.smallestFlipping(c, x, label, new float[] {0.05f, 0.1f, 0.15f, 0.2f, 0.25f}, 0f, 255 * SCALE);
            assertTrue(eps > 0, "FGSM up to 0.25 (64 grey levels) flips digit " + i);
            Tensor adv = Fgsm.attack(c, x, label, eps, 0f, 255 * SCALE);
            assertNotEquals(label, c.predict(adv));
            Perturbation p = Perturbation.between(x, adv);
            assertTrue(p.linf() <= eps + 1e-6, "L-infinity " + p.linf() + " <= epsilon " + eps);
            // the loss it climbs went up
            assertTrue(c.crossEntropy(adv, label, null) > c.crossEntropy(x, label, null));
        }
    }

    @Test
    void theTargetedMethodReachesItsTargetAndOneStepLowersItsLoss() {
        Classifier c = Classifier.of(net);
        Tensor x = digit(0);
        int label = digits.label(0);
        for (int target : new int[] {(label + 1) % 10, (label + 5) % 10}) {
            TargetedAttack a = TargetedAttack.init(c, x, target,
                    new TargetedAttack.Settings(0.1f, 0.01f, 0.5f, 500, 0f, 255 * SCALE));
            float before = c.crossEntropy(x, target, null);
            a.step();
            assertTrue(c.crossEntropy(a.result(), target, null) < before, "one step lowers J(x, target)");
            while (a.step()) {
                // until the target is reached
            }
            assertTrue(a.reached(), "reached " + target + " from " + label + " in " + a.iteration() + " steps");
            assertEquals(target, c.predict(a.result()));
            Perturbation p = Perturbation.between(x, a.result());
            assertTrue(p.l2() > 0 && p.l2() < 10, "L2 " + p.l2());
        }
    }
}
