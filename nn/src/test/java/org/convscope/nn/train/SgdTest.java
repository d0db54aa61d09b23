package org.convscope.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/** The SGD step against a hand computation in double: momentum, weight decay, lr_mult, decay_mult, frozen blobs. */
class SgdTest {
    static final String NET = """
            name: "tiny"
            layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 2 dim: 3 } } }
            layer { name: "label" type: "Input" top: "label" input_param { shape { dim: 2 } } }
            layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip"
                    param { lr_mult: 1 decay_mult: 1 } param { lr_mult: 2 decay_mult: 0 }
                    inner_product_param { num_output: 2 } }
            layer { name: "frozen" type: "InnerProduct" bottom: "ip" top: "out"
                    param { lr_mult: 0 } param { lr_mult: 0 }
                    inner_product_param { num_output: 2 } }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "out" bottom: "label" top: "loss" }
            """;

    @Test
    void twoStepsEqualTheHandComputation() throws Exception {
        Device d = CpuDevice.shared();
        Net net = Trainer.trainingNet(NetDef.parse(NET, "tiny"), d);
        net.reshape(Map.of("data", Shape.of(2, 3), "label", Shape.of(2)));
        Map<String, Param> ps = net.params();
        float[] w0 = {0.5f, -1f, 2f, 0.25f, 3f, -0.75f};
        float[] b0 = {0.1f, -0.2f};
        ps.get("ip.weights").set(Tensor.of(d, w0.clone(), 2, 3));
        ps.get("ip.bias").set(Tensor.of(d, b0.clone(), 2));
        float[] frozen = {1f, 2f, 3f, 4f};
        ps.get("frozen.weights").set(Tensor.of(d, frozen.clone(), 2, 2));
        double lr = 0.1;
        double mom = 0.9;
        double decay = 0.01;
        Sgd sgd = new Sgd(net, mom, decay);
        float[][] gw = {{1f, -2f, 0.5f, 0f, 4f, -1f}, {-0.5f, 1f, 1f, 2f, -3f, 0.25f}};
        float[][] gb = {{0.3f, -0.6f}, {1f, 2f}};
        double[] w = toDouble(w0);
        double[] b = toDouble(b0);
        double[] vw = new double[6];
        double[] vb = new double[2];
        for (int step = 0; step < 2; step++) {
            for (Param p : ps.values()) {
                p.gradOrAllocate(d);
                p.zeroGrad();
            }
            d.write(ps.get("ip.weights").grad(), gw[step]);
            d.write(ps.get("ip.bias").grad(), gb[step]);
            sgd.update(lr);
            for (int i = 0; i < 6; i++) {
                vw[i] = mom * vw[i] + lr * 1 * (gw[step][i] + decay * 1 * w[i]);
                w[i] -= vw[i];
            }
            for (int i = 0; i < 2; i++) {
                vb[i] = mom * vb[i] + lr * 2 * (gb[step][i] + decay * 0 * b[i]);
                b[i] -= vb[i];
            }
            assertClose(w, ps.get("ip.weights").value().toArray());
            assertClose(b, ps.get("ip.bias").value().toArray());
            assertClose(vw, sgd.history().get("ip.weights").toArray());
        }
        // lr_mult 0: neither updated nor decayed
        assertClose(toDouble(frozen), ps.get("frozen.weights").value().toArray());
        assertEquals(0f, sgd.slots().get(2).lrMult());
        assertEquals(2f, sgd.slots().get(1).lrMult());
        assertEquals(0f, sgd.slots().get(1).decayMult());
    }

    @Test
    void updateWithoutGradientsIsAClearError() throws Exception {
        Net net = Trainer.trainingNet(NetDef.parse(NET, "tiny"), CpuDevice.shared());
        net.reshape(Map.of("data", Shape.of(2, 3), "label", Shape.of(2)));
        Sgd sgd = new Sgd(net, 0.9, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.update(0.1));
        assertEquals(true, e.getMessage().contains("ip.weights"), e.getMessage());
    }

    static double[] toDouble(float[] f) {
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = f[i];
        }
        return r;
    }

    static void assertClose(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 + 1e-6 * Math.abs(expected[i]), "element " + i);
        }
    }
}
