package org.convscope.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.data.Shapes;
import org.convscope.tensor.Shape;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/** Caffe's fillers by their statistics; clear errors for a NaN loss and for nets the trainer cannot train. */
class TrainerChecksTest {

    @Test
    void fillersFollowCaffe() throws Exception {
        Net net = Trainer.trainingNet(NetDef.parse("""
                name: "f"
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 50 dim: 10 dim: 10 } } }
                layer { name: "x" type: "Convolution" bottom: "data" top: "x"
                        convolution_param { num_output: 64 kernel_size: 3 weight_filler { type: "xavier" }
                          bias_filler { type: "constant" value: 0.5 } } }
                layer { name: "m" type: "InnerProduct" bottom: "x" top: "m"
                        inner_product_param { num_output: 100 weight_filler { type: "msra" } } }
                layer { name: "g" type: "InnerProduct" bottom: "m" top: "g"
                        inner_product_param { num_output: 10 weight_filler { type: "gaussian" std: 0.01 } } }
                """, "f"), CpuDevice.shared());
        net.reshape(Map.of("data", Shape.of(1, 50, 10, 10)));
        Fillers.fill(net, 3);
        float[] x = net.params().get("x.weights").value().toArray();
        double a = Math.sqrt(3.0 / (50 * 9));
        double max = 0;
        for (float v : x) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= a && max > 0.95 * a, "xavier: U(-" + a + ", " + a + "), max |w| " + max);
        for (float v : net.params().get("x.bias").value().toArray()) {
            assertEquals(0.5f, v);
        }
        assertEquals(Math.sqrt(2.0 / (64 * 8 * 8)), std(net.params().get("m.weights").value().toArray()), 0.002);
        assertEquals(0.01, std(net.params().get("g.weights").value().toArray()), 0.001);
        for (float v : net.params().get("m.bias").value().toArray()) {
            assertEquals(0f, v);
        }
    }

    static double std(float[] v) {
        double s = 0;
        double q = 0;
        for (float f : v) {
            s += f;
            q += f * f;
        }
        double m = s / v.length;
        return Math.sqrt(q / v.length - m * m);
    }

    @Test
    void aDivergingRunStopsWithAClearError() throws Exception {
        Net net = Trainer.trainingNet(NetDef.parse("""
                name: "linear"
                layer { name: "d" type: "Data" top: "data" top: "label" }
                layer { name: "fc" type: "InnerProduct" bottom: "data" top: "fc" inner_product_param { num_output: 10 } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
                """, "linear"), CpuDevice.shared());
        SolverSettings s = SolverSettings.sgd(1e37).withMomentum(0.9).withMaxIter(50);
        Trainer t = Trainer.init(net, s, new Shapes(1, 32, 32),
                Trainer.Options.of(8, InputTransform.plain(null, 1f)));
        IllegalStateException e = assertThrows(IllegalStateException.class, t::run);
        assertTrue(e.getMessage().contains("became") && e.getMessage().contains("iteration"), e.getMessage());
    }

    @Test
    void aNetWithoutLossIsRefused() throws Exception {
        Net net = Net.fromDef(NetDef.parse(SnapshotResumeTest.NET, "small"), CpuDevice.shared());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.init(net,
                SolverSettings.sgd(0.1), new Shapes(1, 8, 32), Trainer.Options.of(4, InputTransform.plain(null, 1f))));
        assertTrue(e.getMessage().contains("SoftmaxWithLoss"), e.getMessage());
    }

    @Test
    void heldOutAccuracyEveryTestInterval() throws Exception {
        Net net = Trainer.trainingNet(NetDef.parse(SnapshotResumeTest.NET, "small"), CpuDevice.shared());
        java.util.List<Integer> at = new java.util.ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void report(Report r) {
            }

            @Override
            public void tested(int iteration, double accuracy, int images) {
                assertEquals(20, images);
                assertTrue(accuracy >= 0 && accuracy <= 1);
                at.add(iteration);
            }
        };
        Trainer t = Trainer.init(net, SolverSettings.sgd(0.01).withMaxIter(5), new Shapes(1, 32, 32),
                Trainer.Options.of(4, InputTransform.plain(new float[] {128, 128, 128}, 1 / 64f).withCrop(28, false))
                        .withTest(new Shapes(2, 20, 32), 2).withListener(l));
        Trainer.Result r = t.run();
        assertEquals(java.util.List.of(2, 4, 5), at);
        assertTrue(r.testAccuracy() >= 0);
    }
}
