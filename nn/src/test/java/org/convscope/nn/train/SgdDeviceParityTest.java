package org.convscope.nn.train;

import java.util.List;
import java.util.Map;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.data.CachedDataset;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.data.Shapes;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.TestDevices;
import org.junit.jupiter.api.Test;

/**
 * Training steps on every other device against the CPU device: the same net, fillers, data and
 * seed give, after one SGD step and after a second one (momentum in play), the same weights within
 * the parity tolerance (relative 1e-4), and the same update and momentum history up to float32
 * summation order. Skipped with a message when no other device opens.
 */
class SgdDeviceParityTest {
    static final String NET = """
            name: "parity"
            layer { name: "d" type: "Data" top: "data" top: "label" }
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                    param { lr_mult: 1 } param { lr_mult: 2 decay_mult: 0 }
                    convolution_param { num_output: 8 kernel_size: 5 stride: 1 pad: 1
                      weight_filler { type: "xavier" } bias_filler { type: "constant" value: 0.1 } } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
            layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2"
                    convolution_param { num_output: 12 kernel_size: 3 group: 2 weight_filler { type: "msra" } } }
            layer { name: "relu2" type: "ReLU" bottom: "conv2" top: "conv2" }
            layer { name: "pool2" type: "Pooling" bottom: "conv2" top: "pool2" pooling_param { pool: AVE kernel_size: 2 stride: 2 } }
            layer { name: "fc1" type: "InnerProduct" bottom: "pool2" top: "fc1"
                    inner_product_param { num_output: 24 weight_filler { type: "gaussian" std: 0.05 } } }
            layer { name: "relu3" type: "ReLU" bottom: "fc1" top: "fc1" }
            layer { name: "fc2" type: "InnerProduct" bottom: "fc1" top: "fc2"
                    inner_product_param { num_output: 10 weight_filler { type: "xavier" } } }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc2" bottom: "label" top: "loss" }
            """;

    static Trainer trainer(Device d, Dataset data) throws Exception {
        Net net = Trainer.trainingNet(NetDef.parse(NET, "parity"), d);
        SolverSettings s = SolverSettings.sgd(0.05).withMomentum(0.9).withWeightDecay(0.001).withMaxIter(2);
        InputTransform t = InputTransform.plain(new float[] {128, 128, 128}, 1 / 64f).withCrop(28, true);
        return Trainer.init(net, s, data, Trainer.Options.of(8, t).withSeed(11));
    }

    static Map<String, float[]> weights(Trainer t) {
        Map<String, float[]> w = new java.util.TreeMap<>();
        for (Map.Entry<String, Param> e : t.net().params().entrySet()) {
            w.put(e.getKey(), e.getValue().value().toArray());
        }
        return w;
    }

    @Test
    void sgdStepsAgreeWithTheCpu() throws Exception {
        List<Device> devices = TestDevices.others();
        Dataset data = CachedDataset.of(new Shapes(2, 16, 32));
        for (Device d : devices) {
            Trainer cpu = trainer(Devices.cpu(), data);
            Trainer other = trainer(d, data);
            Map<String, float[]> start = weights(cpu);
            weights(other).forEach((name, w) -> Approx.assertClose("filled " + name + " on " + d.name(), start.get(name), w));
            for (int step = 1; step <= 2; step++) {
                Trainer.Step a = cpu.step();
                Trainer.Step b = other.step();
                Approx.assertClose("loss of step " + step + " on " + d.name(), new float[] {(float) a.loss()},
                        new float[] {(float) b.loss()});
                Map<String, float[]> wc = weights(cpu);
                Map<String, float[]> wo = weights(other);
                for (String name : wc.keySet()) {
                    String what = name + " after step " + step + " on " + d.name();
                    Approx.assertClose(what, wc.get(name), wo.get(name));
                    // the momentum history is the step itself: a sum over the batch, so compared at its own scale
                    Approx.assertCloseScaled("history of " + what, cpu.sgd().history().get(name).toArray(),
                            other.sgd().history().get(name).toArray(), 1e-4);
                }
            }
        }
    }
}
