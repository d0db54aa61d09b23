package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.GradCheck;
import org.convscope.vis.demo.DemoModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gram / style and content losses, their gradients, L-BFGS and Adam on the demo model. */
class NeuralStyleTest {
    static Net net;
    static final Shape IN = Shape.of(1, 3, DemoModel.CROP, DemoModel.CROP);

    @BeforeAll
    static void load() throws IOException {
        net = DemoModel.load(Devices.cpu());
    }

    @Test
    void styleLossGradientMatchesFiniteDifferencesOnTheFeatures() {
        Tensor f = Tensor.normal(Devices.cpu(), 1, 0f, 1f, 1, 4, 3, 5);
        Tensor a = GramLoss.gram(Tensor.normal(Devices.cpu(), 2, 0f, 1f, 1, 4, 6, 2));
        Tensor df = Tensor.zeros(Devices.cpu(), 1, 4, 3, 5);
        GramLoss.style(f, a, 1f, df);
        float[] x = f.toArray();
        GradCheck.check("style loss", x, df.toArray(),
                v -> GramLoss.style(Tensor.of(Devices.cpu(), v, 1, 4, 3, 5), a, 1f, null), 60, 1e-3, 1e-2, 1);
        // hand value: one channel, one position, F = 2, A = 1: G = 4, E = (4 - 1)^2 / 4
        assertEquals(9 / 4.0, GramLoss.style(Tensor.of(Devices.cpu(), new float[] {2}, 1, 1, 1, 1),
                Tensor.of(Devices.cpu(), new float[] {1}, 1, 1, 1), 1f, null), 1e-6);
    }

    @Test
    void contentLossGradientMatchesFiniteDifferences() {
        Tensor f = Tensor.normal(Devices.cpu(), 3, 0f, 1f, 1, 3, 4, 4);
        Tensor p = Tensor.normal(Devices.cpu(), 4, 0f, 1f, 1, 3, 4, 4);
        Tensor df = Tensor.zeros(Devices.cpu(), 1, 3, 4, 4);
        GramLoss.content(f, p, 1f, df);
        GradCheck.check("content loss", f.toArray(), df.toArray(),
                v -> GramLoss.content(Tensor.of(Devices.cpu(), v, 1, 3, 4, 4), p, 1f, null), 48, 1e-3, 1e-2, 2);
    }

    static NeuralStyle styleEnergy(float contentWeight, float tv) {
        Tensor content = Tensor.normal(Devices.cpu(), 5, 0f, 1f, IN.dims());
        Tensor style = Tensor.normal(Devices.cpu(), 6, 0f, 1f, 1, 3, 48, 48);
        return NeuralStyle.init(net, content, IN,
                contentWeight > 0 ? List.of(new NeuralStyle.Weighted("conv2", 1f)) : List.of(),
                List.of(style), new float[] {1f},
                List.of(new NeuralStyle.Weighted("conv1", 0.5f), new NeuralStyle.Weighted("conv2", 0.5f)),
                contentWeight, 1f, tv);
    }

    @Test
    void theWholeEnergyGradientMatchesFiniteDifferencesThroughTheNet() {
        NeuralStyle e = styleEnergy(0.01f, 0.1f);
        Tensor x = Tensor.normal(Devices.cpu(), 7, 0f, 1f, IN.dims());
        Tensor g = Tensor.zeros(Devices.cpu(), IN.dims());
        e.value(x, g);
        GradCheck.check("style + content + tv through the demo net", x.toArray(), g.toArray(),
                v -> e.value(Tensor.of(Devices.cpu(), v, IN.dims()), null), 30, 1e-2, 5e-2, 3);
    }

    @Test
    void oneLbfgsRunLowersTheStyleLossMonotonically() {
        NeuralStyle e = styleEnergy(0f, 0f);
        Lbfgs opt = Lbfgs.init(e, Tensor.normal(Devices.cpu(), 8, 0f, 0.5f, IN.dims()),
                new Lbfgs.Settings(25, 10, 0.1f, 20));
        double prev = opt.value();
        double first = prev;
        while (opt.step()) {
            assertTrue(opt.value() <= prev, "step " + opt.iteration() + ": " + prev + " -> " + opt.value());
            prev = opt.value();
        }
        assertTrue(opt.value() < 0.2 * first, "style loss " + first + " -> " + opt.value());
    }

    @Test
    void oneAdamStepLowersTheEnergy() {
        NeuralStyle e = styleEnergy(0.01f, 0f);
        Tensor x0 = Tensor.normal(Devices.cpu(), 9, 0f, 0.5f, IN.dims());
        double before = e.value(x0, null);
        Adam adam = Adam.init(e, x0, Adam.Settings.of(10, 0.01f));
        adam.step();
        assertTrue(e.value(adam.result(), null) < before);
    }
}
