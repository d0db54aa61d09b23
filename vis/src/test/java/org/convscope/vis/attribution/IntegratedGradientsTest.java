package org.convscope.vis.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Integrated gradients: the quadrature rules, and completeness on the trained LeNet. */
class IntegratedGradientsTest {

    @Test
    void rulesPlaceTheirPointsAndWeightsAsDocumented() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, IntegratedGradients.Rule.TRAPEZOID.alphas(4));
        assertArrayEquals(new double[] {0.125, 0.25, 0.25, 0.25, 0.125}, IntegratedGradients.Rule.TRAPEZOID.weights(4));
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1}, IntegratedGradients.Rule.RIGHT.alphas(4));
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, IntegratedGradients.Rule.LEFT.alphas(4));
        assertArrayEquals(new double[] {0.125, 0.375, 0.625, 0.875}, IntegratedGradients.Rule.MIDPOINT.alphas(4));
        for (IntegratedGradients.Rule r : IntegratedGradients.Rule.values()) {
            double sum = 0;
            for (double w : r.weights(7)) {
                sum += w;
            }
            assertEquals(1, sum, 1e-12, r.name());
            assertEquals(r.alphas(7).length, r.weights(7).length, r.name());
        }
    }

    @Test
    void onALinearNetEveryRuleIsExact() {
        // data 1x1x3x3 -> fc (2 outputs): s_y = w_y . x + b_y, so IG_i = (x_i - x'_i) w_y,i for any steps
        org.convscope.nn.Net net = org.convscope.nn.Net.fromDef(new org.convscope.nn.NetBuilder("linear", 1, 1, 3, 3)
                .fc("fc", "data", "fc", 2).build(), Devices.cpu());
        net.randomizeWeights(4);
        float[] w = net.layer("fc").params().get(0).value().toArray();
        Tensor x = Tensor.uniform(Devices.cpu(), 1, -1, 1, 1, 1, 3, 3);
        Tensor base = Tensor.uniform(Devices.cpu(), 2, -1, 1, 1, 1, 3, 3);
        float[] xs = x.toArray();
        float[] bs = base.toArray();
        for (IntegratedGradients.Rule rule : IntegratedGradients.Rule.values()) {
            IntegratedGradients.Result r = IntegratedGradients.compute(net, x, base, "fc", 1, 3, rule, 2);
            float[] a = r.attribution().toArray();
            for (int i = 0; i < 9; i++) {
                assertEquals((xs[i] - bs[i]) * w[9 + i], a[i], 1e-6f, rule + " pixel " + i);
            }
            assertEquals(0, r.gap(), 1e-5, rule.name());
        }
    }

    @Test
    void completenessHoldsWithinOnePercentAt200StepsOnLeNet() throws Exception {
        Net net = Mnist.lenet();
        String scores = ClassScores.scoreBlob(net);
        for (int k : new int[] {0, 1, 2}) {
            Tensor x = Mnist.digit(k);
            int cls = ClassScores.predicted(net, x, scores);
            Tensor black = Tensor.zeros(Devices.cpu(), 1, 1, 28, 28);
            IntegratedGradients.Result r = IntegratedGradients.compute(net, x, black, scores, cls, 200,
                    IntegratedGradients.Rule.TRAPEZOID, 25);
            double delta = (double) r.scoreInput() - r.scoreBaseline();
            assertTrue(Math.abs(delta) > 1, "digit " + k + ": the score moves along the path (" + delta + ")");
            assertTrue(r.relativeGap() < 0.01, "digit " + k + ": sum(IG) = " + r.attributionSum() + " vs s(x) - s(0) = "
                    + delta + " (" + 100 * r.relativeGap() + " %)");
            // the attributions live on the digit: the black background has x - x' = 0
            float[] a = r.attribution().toArray();
            float[] xs = x.toArray();
            for (int i = 0; i < a.length; i++) {
                if (xs[i] == 0f) {
                    assertEquals(0f, a[i], 0f, "pixel " + i + " equals the baseline");
                }
            }
            // the batch size changes nothing but speed
            IntegratedGradients.Result one = IntegratedGradients.compute(net, x, black, scores, cls, 20,
                    IntegratedGradients.Rule.TRAPEZOID, 1);
            IntegratedGradients.Result many = IntegratedGradients.compute(net, x, black, scores, cls, 20,
                    IntegratedGradients.Rule.TRAPEZOID, 21);
            assertArrayEquals(one.attribution().toArray(), many.attribution().toArray(), 1e-4f);
        }
    }
}
