package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fooling images for the trained LeNet (skip without the shared data). */
class FoolingTest {
    static Net net;
    static final float HI = 255 * 0.00390625f;

    /** Loads the shared data once; each test is skipped with TestData's message when it is absent. */
    @BeforeEach
    void load() throws IOException {
        if (net != null) {
            return;
        }
        Path dir = TestData.require("models/lenet_mnist_v2");
        net = Net.load(dir.resolve("lenet.prototxt"), dir.resolve("lenet_iter_10000.caffemodel"), Devices.cpu());
    }

    @Test
    void evolutionReachesNinetyNinePercentForEveryLenetClassWithinABudget() {
        Classifier c = Classifier.of(net);
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        FoolingEvolution evo = FoolingEvolution.init(c, Shape.of(1, 1, 28, 28), all,
                new FoolingEvolution.Settings(64, 0.1, 15, 0.99, 40_000, 0f, HI, 1L));
        while (evo.step()) {
            // forward passes only
        }
        assertTrue(evo.reached(), "after " + evo.evaluated() + " images: " + evo.losses());
        for (int k : all) {
            float[] p = c.probabilities(evo.champion(k));
            assertTrue(p[k] >= 0.99, "class " + k + ": " + p[k]);
        }
        System.out.println("evolution: every LeNet class >= 0.99 after " + evo.evaluated() + " forward images");
    }

    @Test
    void gradientAscentFromNoiseReachesNinetyNinePercent() {
        Classifier c = Classifier.of(net);
        Tensor noise = Tensor.uniform(Devices.cpu(), 3, 0f, HI, 1, 1, 28, 28);
        for (int k : new int[] {0, 4, 8}) {
            TargetedAttack a = TargetedAttack.init(c, noise, k, new TargetedAttack.Settings(0.2f, 0f, 0.99f, 500, 0f, HI));
            float before = c.crossEntropy(noise, k, null);
            a.step();
            assertTrue(c.crossEntropy(a.result(), k, null) < before, "one step raises log p_" + k);
            while (a.step()) {
                // until 99 %
            }
            assertTrue(a.reached() && c.probabilities(a.result())[k] >= 0.99f, "class " + k);
        }
    }
}
