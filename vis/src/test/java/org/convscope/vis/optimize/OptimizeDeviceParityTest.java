package org.convscope.vis.optimize;

import java.util.List;
import java.util.function.Function;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.TestDevices;
import org.convscope.vis.demo.DemoModel;
import org.junit.jupiter.api.Test;

/**
 * A few steps of each optimization on every other device against the CPU (the demo model).
 * Skipped with a message when no other device opens.
 */
class OptimizeDeviceParityTest {
    static final Shape IN = Shape.of(1, 3, DemoModel.CROP, DemoModel.CROP);

    static float[] run(Device d, Function<Net, Iterative> make) throws Exception {
        Net net = DemoModel.load(d);
        Iterative it = make.apply(net);
        while (it.step()) {
            // a few steps
        }
        return it.result().toArray();
    }

    static Tensor noise(Device d, long seed) {
        return Tensor.normal(Devices.cpu(), seed, 0f, 0.5f, IN.dims()).to(d);
    }

    @Test
    void everyOptimizationAgreesWithTheCpu() throws Exception {
        List<Device> devices = TestDevices.others();
        float lo = -2f;
        float hi = 2f;
        List<Function<Device, Function<Net, Iterative>>> cases = List.of(
                d -> net -> ClassModel.init(Objective.classScore(net, IN, "fc8", 3), noise(d, 1),
                        ClassModel.Settings.yosinski(3).withIterations(6).withLr(5f, 5f).withJitter(3).withSeed(2)),
                d -> net -> DeepDream.init(net, "conv2", noise(d, 3),
                        DeepDream.Settings.defaults(DemoModel.SCALE, lo, hi).withOctaves(2, 3).withJitter(4)),
                d -> net -> FeatureInversion.init(net, "conv2", noise(d, 4), noise(d, 5),
                        FeatureInversion.Settings.defaults(DemoModel.SCALE).withIterations(5)),
                d -> net -> Lbfgs.init(NeuralStyle.init(net, noise(d, 6), IN, List.of(new NeuralStyle.Weighted("conv3", 1f)),
                        List.of(noise(d, 7)), new float[] {1f}, List.of(new NeuralStyle.Weighted("conv1", 0.5f),
                                new NeuralStyle.Weighted("conv2", 0.5f)), 1f, 1000f, 0.01f), noise(d, 6),
                        new Lbfgs.Settings(4, 5, 0.05f, 20)),
                // the clipping (percentiles by bisection on the device) and Adam with the TV term
                d -> net -> ClassModel.init(Objective.classScore(net, IN, "fc8", 3), noise(d, 1),
                        ClassModel.Settings.yosinski(1).withIterations(6).withLr(5f, 5f).withClipping(50, 90, 2)),
                d -> net -> Adam.init(NeuralStyle.init(net, noise(d, 6), IN, List.of(new NeuralStyle.Weighted("conv3", 1f)),
                        List.of(noise(d, 7)), new float[] {1f}, List.of(new NeuralStyle.Weighted("conv1", 1f)), 1f,
                        1000f, 0.01f), noise(d, 6), Adam.Settings.of(4, 0.05f)));
        String[] names = {"classmodel", "deepdream", "invert", "style L-BFGS", "classmodel clipping", "style Adam"};
        for (Device d : devices) {
            for (int i = 0; i < cases.size(); i++) {
                float[] cpu = run(Devices.cpu(), cases.get(i).apply(Devices.cpu()));
                float[] other = run(d, cases.get(i).apply(d));
                // several steps compound each op's float32 rounding
                Approx.assertCloseScaled(names[i] + " on " + d.name(), cpu, other, 1e-3);
            }
        }
    }
}
