package org.convscope.vis.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** SmoothGrad against its definition, on LeNet with seeded random weights. */
class SmoothGradTest {
    private static Net lenet() {
        Net net = BuiltinNets.create("lenet", Devices.cpu());
        net.randomizeWeights(3);
        return net;
    }

    @Test
    void withoutNoiseItIsTheSaliencyGradient() {
        Net net = lenet();
        Tensor x = Tensor.uniform(Devices.cpu(), 9, 0, 1, 1, 1, 28, 28);
        SmoothGrad.Result s = SmoothGrad.compute(net, x, "ip2", 4, 5, 0.0, 1, ReluMode.STANDARD, 2);
        Saliency.Result plain = Saliency.compute(net, x, "ip2", 4);
        assertArrayEquals(plain.gradient().toArray(), s.meanGradient().toArray(), 1e-6f);
        assertArrayEquals(plain.map().toArray(), s.map().toArray(), 1e-6f);
        assertEquals(0f, s.sigma());
    }

    @Test
    void itIsTheMeanOfTheGradientsAtTheDocumentedNoisyInputs() {
        Net net = lenet();
        Tensor x = Tensor.uniform(Devices.cpu(), 9, 0, 1, 1, 1, 28, 28);
        float[] xs = x.toArray();
        float lo = xs[0];
        float hi = xs[0];
        for (float v : xs) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float sigma = (float) (0.2 * (hi - lo));
        // the noise as documented: java.util.Random(seed), sample after sample, row-major
        Random r = new Random(42);
        double[] sum = new double[784];
        for (int k = 0; k < 3; k++) {
            float[] noisy = new float[784];
            for (int i = 0; i < 784; i++) {
                noisy[i] = xs[i] + sigma * (float) r.nextGaussian();
            }
            float[] g = Saliency.compute(net, Tensor.of(Devices.cpu(), noisy, 1, 1, 28, 28), "ip2", 4).gradient().toArray();
            for (int i = 0; i < 784; i++) {
                sum[i] += g[i];
            }
        }
        float[] expected = new float[784];
        for (int i = 0; i < 784; i++) {
            expected[i] = (float) (sum[i] / 3);
        }
        SmoothGrad.Result s = SmoothGrad.compute(net, x, "ip2", 4, 3, 0.2, 42, ReluMode.STANDARD, 2);
        assertEquals(sigma, s.sigma(), 1e-7f);
        assertArrayEquals(expected, s.meanGradient().toArray(), 1e-5f);
        assertFalse(Arrays.equals(Saliency.compute(net, x, "ip2", 4).gradient().toArray(), s.meanGradient().toArray()),
                "the noise changed something");
        SmoothGrad.Result guided = SmoothGrad.compute(net, x, "ip2", 4, 3, 0.2, 42, ReluMode.GUIDED, 3);
        assertFalse(Arrays.equals(expected, guided.meanGradient().toArray()), "the guided rule is used");
        assertThrows(IllegalArgumentException.class,
                () -> SmoothGrad.compute(net, x, "ip2", 4, 0, 0.2, 42, ReluMode.STANDARD, 2));
        assertThrows(IllegalArgumentException.class,
                () -> SmoothGrad.compute(net, x, "ip2", 4, 3, -0.1, 42, ReluMode.STANDARD, 2));
    }
}
