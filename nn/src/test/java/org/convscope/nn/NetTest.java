package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.NetDef;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetTest {
    private static final CpuDevice CPU = CpuDevice.shared();
    @TempDir
    Path dir;

    private static final String SMALL = """
            name: "small"
            input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
            layers { name: "conv1" type: CONVOLUTION bottom: "data" top: "conv1" convolution_param { num_output: 4 kernel_size: 3 } }
            layers { name: "relu1" type: RELU bottom: "conv1" top: "conv1" }
            layers { name: "pool1" type: POOLING bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
            layers { name: "fc" type: INNER_PRODUCT bottom: "pool1" top: "fc" inner_product_param { num_output: 3 } }
            layers { name: "prob" type: SOFTMAX bottom: "fc" top: "prob" }
            """;

    private static Net small() throws Exception {
        Net net = Net.fromDef(NetDef.parse(SMALL, "small"), CPU);
        net.randomizeWeights(1);
        return net;
    }

    @Test
    void inPlaceLayersKeepTheValueBeforeThem() throws Exception {
        Net net = small();
        Tensor x = Tensor.uniform(CPU, 2, -1, 1, 1, 3, 8, 8);
        net.forward(x, "prob");
        float[] pre = net.blob("conv1@conv1").toArray();
        float[] post = net.blob("conv1").toArray();
        assertArrayEquals(post, net.blob("conv1@relu1").toArray());
        boolean negative = false;
        for (int i = 0; i < pre.length; i++) {
            assertEquals(Math.max(pre[i], 0f), post[i]);
            negative |= pre[i] < 0;
        }
        assertTrue(negative, "some pre-activation is negative");
        assertEquals(List.of("data@data", "conv1@conv1", "conv1@relu1", "pool1@pool1", "fc@fc", "prob@prob"), net.blobRefs());
        assertEquals(Shape.of(1, 4, 6, 6), net.shape("conv1"));
        assertEquals(Shape.of(1, 3), net.shape("prob"));
    }

    @Test
    void forwardStopsAtTheTargetAndBackwardModesDiffer() throws Exception {
        Net net = small();
        Tensor x = Tensor.uniform(CPU, 2, -1, 1, 1, 3, 8, 8);
        net.forward(x, "pool1");
        assertThrows(IllegalStateException.class, () -> net.blob("fc"));
        float[] pool = net.blob("pool1").toArray();
        float[] prob = net.forward("prob").toArray();
        assertArrayEquals(pool, net.blob("pool1").toArray());
        assertArrayEquals(prob, net.forward(x, "prob").toArray());
        Tensor signed = Tensor.uniform(CPU, 4, -1, 1, 1, 4, 3, 3);
        float[] std = net.backward("pool1", signed, ReluMode.STANDARD).toArray();
        float[] dec = net.backward("pool1", signed, ReluMode.DECONVNET).toArray();
        float[] gui = net.backward("pool1", signed, ReluMode.GUIDED).toArray();
        assertNotEquals(java.util.Arrays.toString(std), java.util.Arrays.toString(dec));
        assertNotEquals(java.util.Arrays.toString(std), java.util.Arrays.toString(gui));
        // the deconvnet and guided signals below relu1: max(dy,0), and max(dy,0)*[x>0]
        float[] pre = net.blob("conv1@conv1").toArray();
        net.backward("pool1", signed, ReluMode.GUIDED);
        float[] above = net.grad("conv1@relu1").toArray();
        float[] below = net.grad("conv1@conv1").toArray();
        for (int i = 0; i < pre.length; i++) {
            assertEquals(pre[i] > 0 ? Math.max(above[i], 0f) : 0f, below[i]);
        }
        // with a non-negative top gradient guided equals standard
        Tensor top = Tensor.full(CPU, 1f, 1, 4, 3, 3);
        assertArrayEquals(net.backward("pool1", top, ReluMode.STANDARD).toArray(),
                net.backward("pool1", top, ReluMode.GUIDED).toArray(), 1e-6f);
        // a different batch size reshapes
        Tensor x2 = Tensor.uniform(CPU, 3, -1, 1, 2, 3, 8, 8);
        assertEquals(Shape.of(2, 3), net.forward(x2, "prob").shape());
        net.forward(x2, "pool1");
        assertThrows(IllegalStateException.class,
                () -> net.backward("prob", Tensor.zeros(CPU, 2, 3), ReluMode.STANDARD), "backward before forward");
    }

    @Test
    void badNamesAndDefinitionsGiveClearErrors() throws Exception {
        Net net = small();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.shape("conv9"));
        assertTrue(e.getMessage().contains("no blob 'conv9'") && e.getMessage().contains("conv1, pool1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.layer("relu9"));
        assertTrue(e.getMessage().contains("no layer 'relu9'") && e.getMessage().contains("relu1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.shape("conv1@pool1"));
        assertTrue(e.getMessage().contains("conv1@relu1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Net.fromDef(NetDef.parse(
                SMALL.replace("bottom: \"conv1\" top: \"pool1\"", "bottom: \"convX\" top: \"pool1\""), "s"), CPU));
        assertTrue(e.getMessage().contains("layer 'pool1' (Pooling) needs bottom blob 'convX'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Net.fromDef(NetDef.parse(
                SMALL.replace("type: RELU", "type: BNLL"), "s"), CPU));
        assertTrue(e.getMessage().contains("layer 'relu1' has type 'BNLL'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Net.fromDef(NetDef.parse(
                "input: \"d\" input_dim: 1 input_dim: 1 input_dim: 2 input_dim: 2 layer { name: \"w\" type: \"Warp\" bottom: \"d\" top: \"w\" }", "s"), CPU));
        assertTrue(e.getMessage().contains("layer 'w' has type 'Warp'"), e.getMessage());
    }

    @Test
    void weightsRoundTripBitForBitAndShapeMismatchIsExplained() throws Exception {
        Net net = small();
        Path f = dir.resolve("small.caffemodel");
        net.saveWeights(f);
        Net back = Net.fromDef(NetDef.parse(SMALL, "small"), CPU);
        assertEquals(List.of("conv1", "fc"), back.loadWeights(f));
        for (String p : net.params().keySet()) {
            float[] a = net.params().get(p).value().toArray();
            float[] b = back.params().get(p).value().toArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), p + "[" + i + "]");
            }
        }
        // the file carries the definition too: the net comes back from it alone, and computes the same
        Net alone = Net.load(f, CPU);
        assertEquals(net.layerNames(), alone.layerNames());
        assertEquals(net.blobRefs(), alone.blobRefs());
        Tensor x = Tensor.uniform(CPU, 9, -1, 1, 1, 3, 8, 8);
        assertArrayEquals(net.forward(x, "prob").toArray(), alone.forward(x, "prob").toArray());
        assertArrayEquals(net.blob("conv1@conv1").toArray(), alone.blob("conv1@conv1").toArray());
        Net other = Net.fromDef(NetDef.parse(SMALL.replace("num_output: 4", "num_output: 5"), "s"), CPU);
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> other.loadWeights(f));
        assertTrue(e.getMessage().startsWith("conv1: weights in the file are 4x3x3x3, the prototxt asks for 5x3x3x3"),
                e.getMessage());
        Path junk = dir.resolve("junk.caffemodel");
        Files.write(junk, new byte[] {0x0a, 0x02, 'x', 'y', 0x7a, 0x01});
        assertThrows(CaffeFormatException.class, () -> back.loadWeights(junk));
        Path none = dir.resolve("none.caffemodel");
        org.convscope.nn.caffe.CaffeModel.write(none, "x", List.of(org.convscope.nn.caffe.CaffeModel.LayerWeights.of(
                "zzz", "Convolution", List.of(new org.convscope.nn.caffe.BlobData(new long[] {1}, false, new float[] {1})))));
        e = assertThrows(CaffeFormatException.class, () -> back.loadWeights(none));
        assertTrue(e.getMessage().contains("none of the layers"), e.getMessage());
    }
}
