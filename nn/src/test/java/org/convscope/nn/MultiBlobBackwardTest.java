package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convscope.nn.caffe.NetDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.GradCheck;
import org.convscope.tensor.testing.TestData;
import org.convscope.tensor.testing.TestDevices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Net#backward(Map, ReluMode, boolean)}: one sweep from several blobs equals the sum of
 * single-blob passes (the standard rule is linear in the top gradient), its gradient is the
 * gradient of a two-blob objective (finite differences), and the OpenCL device agrees with the CPU.
 *
 * <p>The real nets (LeNet, cifar10_quick) get one extra layer, {@code side}, an AVE pooling that
 * reads a blob the main chain reads too: that blob's gradient is the sum of two layers' parts.
 */
class MultiBlobBackwardTest {
    private static final CpuDevice CPU = CpuDevice.shared();

    /** A real net, its extra branch and the blobs to start from (shallow to deep, with ancestors of each other). */
    private record Case(String dir, String prototxt, String caffemodel, String sideBottom, List<String> blobs,
                        List<String> inspected) {
    }

    private static final Map<String, Case> CASES = Map.of(
            "lenet", new Case("models/lenet_mnist_v2", "lenet.prototxt", "lenet_iter_10000.caffemodel", "conv2",
                    // conv1 is an ancestor of pool2 and ip1; ip1@ip1 (before relu1) of ip1; conv2 is read by pool2 and side
                    List.of("conv1", "pool2", "ip1@ip1", "ip1", "side", "ip2"), List.of("pool1", "conv2", "ip1@ip1")),
            "cifar", new Case("models/cifar10_quick_v2", "cifar10_quick.prototxt", "cifar10_quick_iter_4000.caffemodel",
                    "pool1",
                    // pool1 (after relu1) is read by conv2 and side, and is an ancestor of conv3 and ip1
                    List.of("data", "conv1@conv1", "pool1", "side", "conv3", "ip1"),
                    List.of("conv1@conv1", "pool1@pool1", "pool1", "conv2@conv2")));

    /** The net of a case on a device, with trained weights and the extra branch. */
    private static Net load(Case c, Device d) throws Exception {
        Path dir = TestData.require(c.dir());
        String text = Files.readString(dir.resolve(c.prototxt()))
                + "\nlayer { name: \"side\" type: \"Pooling\" bottom: \"" + c.sideBottom() + "\" top: \"side\" "
                + "pooling_param { pool: AVE kernel_size: 2 stride: 2 } }\n";
        Net net = Net.fromDef(NetDef.parse(text, c.prototxt()), d);
        net.loadWeights(dir.resolve(c.caffemodel()));
        net.reshapeBatch(2);
        return net;
    }

    /** Signed random top gradients for every blob of the case, on the net's device. */
    private static Map<String, Tensor> topGrads(Net net, List<String> blobs, long seed) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String b : blobs) {
            m.put(b, Tensor.uniform(net.device(), seed++, -1f, 1f, net.shape(b).dims()));
        }
        return m;
    }

    /** The gradient a blob received in the last pass, or zeros when none reached it. */
    private static float[] gradOrZero(Net net, String ref) {
        try {
            return net.grad(ref).toArray();
        } catch (IllegalStateException e) {
            return new float[net.shape(ref).size()];
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet", "cifar"})
    void oneSweepEqualsTheSumOfSingleBlobPasses(String name) throws Exception {
        Case c = CASES.get(name);
        Net net = load(c, CPU);
        Tensor x = Tensor.uniform(CPU, 1, 0f, 1f, net.shape("data").dims());
        net.forward(Map.of("data", x), c.blobs().toArray(new String[0]));
        Map<String, Tensor> tops = topGrads(net, c.blobs(), 10);

        double[] sum = new double[net.shape("data").size()];
        Map<String, double[]> inner = new LinkedHashMap<>();
        for (String ref : c.inspected()) {
            inner.put(ref, new double[net.shape(ref).size()]);
        }
        for (Map.Entry<String, Tensor> e : tops.entrySet()) {
            float[] g = net.backward(e.getKey(), e.getValue(), ReluMode.STANDARD).toArray();
            for (int i = 0; i < g.length; i++) {
                sum[i] += g[i];
            }
            for (Map.Entry<String, double[]> in : inner.entrySet()) {
                float[] gi = gradOrZero(net, in.getKey());
                for (int i = 0; i < gi.length; i++) {
                    in.getValue()[i] += gi[i];
                }
            }
        }

        Tensor dx = net.backward(tops, ReluMode.STANDARD);
        Approx.assertCloseScaled(name + ": input gradient of one sweep vs the sum of " + tops.size() + " passes",
                toFloat(sum), dx.toArray(), 1e-5);
        for (Map.Entry<String, double[]> in : inner.entrySet()) {
            Approx.assertCloseScaled(name + ": gradient of " + in.getKey(), toFloat(in.getValue()),
                    net.grad(in.getKey()).toArray(), 1e-5);
        }
        // the injected gradients were read, not modified, and a second sweep gives the same
        float[] again = net.backward(tops, ReluMode.STANDARD).toArray();
        Approx.assertClose(name + ": a second sweep", dx.toArray(), again, 0, 0);
    }

    @Test
    void aSingleEntryIsTheSingleBlobPassAndTwoNamesOfOneValueAddUp() throws Exception {
        Case c = CASES.get("cifar");
        Net net = load(c, CPU);
        Tensor x = Tensor.uniform(CPU, 2, 0f, 1f, net.shape("data").dims());
        net.forward(x, "conv3");
        Tensor g = Tensor.uniform(CPU, 3, -1f, 1f, net.shape("conv3").dims());
        float[] single = net.backward("conv3", g, ReluMode.GUIDED).toArray();
        Approx.assertClose("one entry", single, net.backward(Map.of("conv3", g), ReluMode.GUIDED).toArray(), 0, 0);
        // "pool1" and "pool1@relu1" name one value: its top gradient is the sum of both
        Tensor h = Tensor.uniform(CPU, 4, -1f, 1f, net.shape("pool1").dims());
        Tensor twice = CPU.allocate(h.shape());
        CPU.add(h, h, twice);
        float[] doubled = net.backward("pool1", twice, ReluMode.STANDARD).toArray();
        Approx.assertCloseScaled("two references to pool1@relu1", doubled,
                net.backward(Map.of("pool1", h, "pool1@relu1", h), ReluMode.STANDARD).toArray(), 1e-6);
    }

    @Test
    void errorsNameTheBlob() throws Exception {
        Case c = CASES.get("lenet");
        Net net = load(c, CPU);
        Tensor x = Tensor.uniform(CPU, 1, 0f, 1f, net.shape("data").dims());
        net.forward(x, "pool2");
        Map<String, Tensor> tops = new LinkedHashMap<>();
        tops.put("pool1", Tensor.zeros(CPU, net.shape("pool1").dims()));
        tops.put("conv2", Tensor.zeros(CPU, 1, 2, 3));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> net.backward(tops, ReluMode.STANDARD));
        assertTrue(shape.getMessage().contains("backward from 'conv2': gradient shape"), shape.getMessage());
        tops.put("conv2", Tensor.zeros(CPU, net.shape("conv2").dims()));
        tops.put("ip2", Tensor.zeros(CPU, net.shape("ip2").dims()));
        IllegalStateException notRun = assertThrows(IllegalStateException.class,
                () -> net.backward(tops, ReluMode.STANDARD));
        assertEquals("backward from 'ip2': layer 'ip1' has not run; run forward up to 'ip2' first", notRun.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.backward(Map.of(), ReluMode.STANDARD));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> net.backward(Map.of("conv9", Tensor.zeros(CPU, 1)), ReluMode.STANDARD));
        assertTrue(unknown.getMessage().contains("no blob 'conv9'"), unknown.getMessage());
    }

    /**
     * {@code E(x) = 1/2 |conv1(x)|^2 + <r, fc(x)>} with conv1 before its ReLU (a smooth term; the ReLU's
     * kinks stay in the linear one): conv1 is an ancestor of fc, and after the ReLU it is read by two
     * layers; its gradient is one sweep with top gradients {@code conv1(x)} and {@code r}. A step of
     * 2e-3 keeps the ReLU and max-pool kinks of the second term out of reach at most coordinates.
     */
    @Test
    void aTwoBlobObjectiveAgainstFiniteDifferences() throws Exception {
        String text = """
                name: "two"
                input: "data" input_shape { dim: 1 dim: 2 dim: 8 dim: 8 }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 3 kernel_size: 3 pad: 1 } }
                layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
                layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
                layer { name: "pool2" type: "Pooling" bottom: "conv1" top: "pool2" pooling_param { pool: AVE kernel_size: 3 stride: 2 } }
                layer { name: "cat" type: "Concat" bottom: "pool1" bottom: "pool2" top: "cat" }
                layer { name: "fc" type: "InnerProduct" bottom: "cat" top: "fc" inner_product_param { num_output: 4 } }
                """;
        Net net = Net.fromDef(NetDef.parse(text, "two"), CPU);
        net.randomizeWeights(5);
        Tensor x = LayerGradientTest.separated(net.shape("data").dims(), 6);
        float[] r = Tensor.uniform(CPU, 7, -1f, 1f, net.shape("fc").dims()).toArray();
        java.util.function.ToDoubleFunction<float[]> energy = v -> {
            Map<String, Tensor> f = net.forward(Map.of("data", x), "conv1@conv1", "fc");
            double e = 0;
            for (float a : f.get("conv1@conv1").toArray()) {
                e += 0.5 * a * a;
            }
            float[] fc = f.get("fc").toArray();
            for (int i = 0; i < fc.length; i++) {
                e += (double) r[i] * fc[i];
            }
            return e;
        };
        energy.applyAsDouble(null);
        Map<String, Tensor> tops = new LinkedHashMap<>();
        tops.put("fc", Tensor.of(CPU, r, net.shape("fc").dims()));
        tops.put("conv1@conv1", net.blob("conv1@conv1").to(CPU));
        float[] grad = net.backward(tops, ReluMode.STANDARD).toArray();
        GradCheck.check("1/2 |conv1|^2 + <r, fc>", CpuDevice.data(x), grad, energy, 128, 2e-3, 2e-2, 8);
    }

    @Test
    void theOpenClDeviceAgreesWithTheCpu() throws Exception {
        List<Device> devices = TestDevices.others();
        for (String name : List.of("lenet", "cifar")) {
            Case c = CASES.get(name);
            Net cpu = load(c, CPU);
            Tensor x = Tensor.uniform(CPU, 11, 0f, 1f, cpu.shape("data").dims());
            String[] blobs = c.blobs().toArray(new String[0]);
            cpu.forward(Map.of("data", x), blobs);
            Map<String, Tensor> tops = topGrads(cpu, c.blobs(), 20);
            float[] expected = cpu.backward(tops, ReluMode.STANDARD).toArray();
            Map<String, float[]> inner = new LinkedHashMap<>();
            for (String ref : c.inspected()) {
                inner.put(ref, cpu.grad(ref).toArray());
            }
            for (Device d : devices) {
                Net other = load(c, d);
                other.forward(Map.of("data", x.to(d)), blobs);
                Map<String, Tensor> onDevice = new LinkedHashMap<>();
                tops.forEach((k, v) -> onDevice.put(k, v.to(d)));
                Tensor dx = other.backward(onDevice, ReluMode.STANDARD);
                assertSame(d, dx.device());
                Approx.assertCloseScaled(name + " multi-blob backward on " + d.name(), expected, dx.toArray(), 1e-4);
                for (Map.Entry<String, float[]> e : inner.entrySet()) {
                    Approx.assertCloseScaled(name + " gradient of " + e.getKey() + " on " + d.name(), e.getValue(),
                            other.grad(e.getKey()).toArray(), 1e-4);
                }
            }
        }
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
