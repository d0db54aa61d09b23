package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer's backward (input and parameter gradients) against central finite differences of
 * {@code f = sum(top * r)} for a fixed random r, each layer alone in a one-layer net, plus a small
 * net chaining them all.
 */
class LayerGradientTest {
    private static final CpuDevice CPU = CpuDevice.shared();

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("conv group 2 stride 2 pad 1", "2 4 7 6",
                        "type: \"Convolution\" convolution_param { num_output: 6 kernel_size: 3 stride: 2 pad: 1 group: 2 }"),
                Arguments.of("conv kernel_h/w, no bias", "1 3 6 7",
                        "type: \"Convolution\" convolution_param { num_output: 2 kernel_h: 3 kernel_w: 2 stride_h: 1 stride_w: 2 bias_term: false }"),
                Arguments.of("relu", "2 3 4 4", "type: \"ReLU\""),
                Arguments.of("sigmoid", "2 3 4 4", "type: \"Sigmoid\""),
                Arguments.of("tanh", "2 3 4 4", "type: \"TanH\""),
                Arguments.of("max pool ceil", "2 2 7 7", "type: \"Pooling\" pooling_param { pool: MAX kernel_size: 3 stride: 2 }"),
                Arguments.of("ave pool pad", "2 2 6 6", "type: \"Pooling\" pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 }"),
                Arguments.of("global ave pool", "2 3 5 4", "type: \"Pooling\" pooling_param { pool: AVE global_pooling: true }"),
                Arguments.of("lrn across", "2 7 3 3", "type: \"LRN\" lrn_param { local_size: 5 alpha: 0.5 beta: 0.75 k: 2 }"),
                Arguments.of("lrn within", "1 2 5 5", "type: \"LRN\" lrn_param { local_size: 3 alpha: 0.5 beta: 0.75 norm_region: WITHIN_CHANNEL }"),
                Arguments.of("inner product", "3 2 3 3", "type: \"InnerProduct\" inner_product_param { num_output: 5 }"),
                Arguments.of("inner product transpose", "3 7", "type: \"InnerProduct\" inner_product_param { num_output: 4 transpose: true }"),
                Arguments.of("dropout", "2 5", "type: \"Dropout\" dropout_param { dropout_ratio: 0.5 }"),
                Arguments.of("softmax", "3 6", "type: \"Softmax\""),
                Arguments.of("softmax spatial", "2 4 2 3", "type: \"Softmax\""),
                Arguments.of("flatten", "2 3 2 2", "type: \"Flatten\""));
    }

    private static Net oneLayer(String dims, String body) throws Exception {
        StringBuilder dimText = new StringBuilder();
        for (String d : dims.split(" ")) {
            dimText.append(" dim: ").append(d);
        }
        String text = "name: \"one\" layer { name: \"in\" type: \"Input\" top: \"x\" input_param { shape {" + dimText
                + " } } } layer { name: \"l\" bottom: \"x\" top: \"y\" " + body + " }";
        return Net.fromDef(NetDef.parse(text, "one"), CPU);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardMatchesFiniteDifferences(String what, String dims, String body) throws Exception {
        Net net = oneLayer(dims, body);
        net.randomizeWeights(7);
        check(what, net, "y", 11, true);
    }

    /** Checks input and parameter gradients of {@code sum(net[out] * r)}. */
    static void check(String what, Net net, String out, long seed, boolean separated) {
        String in = net.inputNames().get(0);
        Tensor x = separated ? separated(net.shape(in).dims(), seed)
                : Tensor.uniform(CPU, seed, -1f, 1f, net.shape(in).dims());
        float[] xs = CpuDevice.data(x);
        Tensor y = net.forward(x, out);
        Tensor r = Tensor.uniform(CPU, seed + 1, -1f, 1f, y.shape().dims());
        float[] rs = CpuDevice.data(r);
        net.zeroParamGrads();
        Tensor dx = net.backward(out, r, ReluMode.STANDARD, true);
        float[] gx = dx.toArray();
        java.util.function.ToDoubleFunction<float[]> f = v -> {
            float[] yv = net.forward(x, out).toArray();
            double s = 0;
            for (int i = 0; i < yv.length; i++) {
                s += (double) yv[i] * rs[i];
            }
            return s;
        };
        GradCheck.check(what + ": d/dx", xs, gx, f, 60, 1e-2, 2e-2, seed);
        for (Map.Entry<String, Param> e : net.params().entrySet()) {
            float[] g = e.getValue().grad().toArray();
            GradCheck.check(what + ": d/d" + e.getKey(), CpuDevice.data(e.getValue().value()), g, f, 40, 1e-2, 2e-2, seed);
        }
    }

    @org.junit.jupiter.api.Test
    void aSmallNetChainingTheLayers() throws Exception {
        String text = """
                name: "chain"
                input: "data" input_shape { dim: 2 dim: 3 dim: 9 dim: 9 }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }
                layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
                layer { name: "split" type: "Split" bottom: "conv1" top: "a" top: "b" }
                layer { name: "pool1" type: "Pooling" bottom: "a" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
                layer { name: "pool2" type: "Pooling" bottom: "b" top: "pool2" pooling_param { pool: AVE kernel_size: 3 stride: 2 } }
                layer { name: "cat" type: "Concat" bottom: "pool1" bottom: "pool2" bottom: "pool1" top: "cat" }
                layer { name: "norm" type: "LRN" bottom: "cat" top: "norm" lrn_param { local_size: 3 alpha: 0.1 } }
                layer { name: "conv2" type: "Convolution" bottom: "norm" top: "conv2" convolution_param { num_output: 6 kernel_size: 2 group: 3 } }
                layer { name: "t" type: "TanH" bottom: "conv2" top: "conv2" }
                layer { name: "flat" type: "Flatten" bottom: "conv2" top: "flat" }
                layer { name: "fc" type: "InnerProduct" bottom: "flat" top: "fc" inner_product_param { num_output: 5 } }
                layer { name: "drop" type: "Dropout" bottom: "fc" top: "fc" }
                layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
                """;
        Net net = Net.fromDef(NetDef.parse(text, "chain"), CPU);
        assertEquals(List.of("conv1", "relu1", "split", "pool1", "pool2", "cat", "norm", "conv2", "t", "flat", "fc",
                "drop", "prob"), net.layerNames());
        net.randomizeWeights(3);
        check("chain", net, "prob", 5, false);
    }

    @org.junit.jupiter.api.Test
    void softmaxWithLossAgainstFiniteDifferences() throws Exception {
        String text = """
                name: "loss" input: "x" input_shape { dim: 4 dim: 5 } input: "label" input_shape { dim: 4 }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "x" bottom: "label" top: "loss" }
                layer { name: "acc" type: "Accuracy" bottom: "x" bottom: "label" top: "acc" accuracy_param { top_k: 2 } }
                """;
        Net net = Net.fromDef(NetDef.parse(text, "loss"), CPU, new Net.Options(NetDef.Phase.TEST, true));
        Tensor x = Tensor.uniform(CPU, 1, -2f, 2f, 4, 5);
        Tensor label = Tensor.of(CPU, new float[] {0, 3, 4, 1}, 4);
        java.util.function.ToDoubleFunction<float[]> f = v ->
                net.forward(Map.of("x", x, "label", label), "loss").get("loss").toArray()[0];
        double loss = f.applyAsDouble(null);
        float[] dx = net.backward("loss", Tensor.full(CPU, 2f, 1), ReluMode.STANDARD).toArray();
        GradCheck.check("softmax loss", CpuDevice.data(x), scaled(dx, 0.5f), f, 20, 1e-2, 1e-2, 3);
        org.junit.jupiter.api.Assertions.assertTrue(loss > 0);
        float acc = net.forward(Map.of("x", x, "label", label), "acc").get("acc").toArray()[0];
        float[] xs = x.toArray();
        int hits = 0;
        int[] labels = {0, 3, 4, 1};
        for (int i = 0; i < 4; i++) {
            int above = 0;
            for (int k = 0; k < 5; k++) {
                above += xs[i * 5 + k] > xs[i * 5 + labels[i]] ? 1 : 0;
            }
            hits += above < 2 ? 1 : 0;
        }
        assertEquals(hits / 4f, acc);
    }

    private static float[] scaled(float[] v, float s) {
        float[] o = v.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] *= s;
        }
        return o;
    }

    /**
     * Distinct inputs spaced 0.03 apart (a shuffled ramp): no value lies within the step of a
     * ReLU kink at 0 or of a tie in a pooling window, so every coordinate is checked.
     */
    static Tensor separated(int[] dims, long seed) {
        int n = org.convscope.tensor.Shape.of(dims).size();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - n / 2) * 0.03f + 0.015f;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(CPU, v, dims);
    }
}
