package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.GradCheck;
import org.convscope.vis.demo.DemoModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Feature inversion on the demo model: the energy's gradient, one step, and a run that matches the code. */
class FeatureInversionTest {
    static Net net;
    static final Shape IN = Shape.of(1, 3, DemoModel.CROP, DemoModel.CROP);

    @BeforeAll
    static void load() throws IOException {
        net = DemoModel.load(Devices.cpu());
    }

    /** A bright square on a dark ground, preprocessed as the demo model expects. */
    static Tensor square() {
        float[] v = new float[IN.size()];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 56; i++) {
                for (int j = 0; j < 56; j++) {
                    boolean in = i > 15 && i < 40 && j > 15 && j < 40;
                    v[(c * 56 + i) * 56 + j] = ((in ? 220f - 30 * c : 40f) - DemoModel.MEAN[c]) * DemoModel.SCALE;
                }
            }
        }
        return Tensor.of(Devices.cpu(), v, IN.dims());
    }

    @Test
    void oneStepLowersTheEnergyAndARunMatchesTheCode() {
        FeatureInversion.Settings s = FeatureInversion.Settings.defaults(DemoModel.SCALE).withIterations(60);
        Tensor start = Tensor.normal(Devices.cpu(), 1, 0f, 0.3f, IN.dims());
        FeatureInversion inv = FeatureInversion.init(net, "conv2@conv2", square(), start, s);
        double[] e0 = inv.energy();
        inv.step();
        double[] e1 = inv.energy();
        assertTrue(sum(e1) < sum(e0), "E " + sum(e0) + " -> " + sum(e1));
        while (inv.step()) {
            // the caller owns the loop
        }
        double[] e = inv.energy();
        assertTrue(e[0] < 0.25 * e0[0], "code loss " + e0[0] + " -> " + e[0]);
    }

    @Test
    void theEnergyGradientMatchesFiniteDifferencesOnTheRegularizers() {
        // code loss off: the priors' part of E through the same normalization as a step uses
        FeatureInversion.Settings s = FeatureInversion.Settings.defaults(DemoModel.SCALE).withWeights(1, 1);
        Tensor start = Tensor.normal(Devices.cpu(), 2, 0f, 2f, IN.dims());
        float[] x = start.toArray();
        double na = 1.0 / (56.0 * 56 * Math.pow(s.b(), s.alpha()));
        double nb = 1.0 / (56.0 * 56 * Math.pow(s.b() / 6.5, s.beta()));
        float[] g = new float[x.length];
        ImagePriors.alphaNorm(x, s.alpha(), g, na);
        ImagePriors.totalVariation(x, 3, 56, 56, s.beta(), g, nb);
        GradCheck.check("alpha + TV priors", x, g, v -> na * ImagePriors.alphaNorm(v, s.alpha(), null, 0)
                + nb * ImagePriors.totalVariation(v, 3, 56, 56, s.beta(), null, 0), 40, 1e-3, 2e-2, 3);
    }

    static double sum(double[] e) {
        return e[0] + e[1] + e[2];
    }
}
