package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.CaffeModel;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.caffe.TextFormat;
import org.convscope.nn.io.Npy;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reproductions of hostile inputs to the readers (issue 17): each is refused with the
 * project's own exception and a message that says what is wrong, never a silent wrong answer.
 */
class HostileInputTest {
    private static final CpuDevice CPU = CpuDevice.shared();
    @TempDir
    Path dir;

    private static final String SMALL = """
            name: "small"
            input: "data" input_dim: 1 input_dim: 1 input_dim: 8 input_dim: 8
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 4 kernel_size: 3 } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "conv2" type: "Convolution" bottom: "conv1" top: "conv2" convolution_param { num_output: 2 kernel_size: 3 } }
            layer { name: "fc" type: "InnerProduct" bottom: "conv2" top: "fc" inner_product_param { num_output: 3 } }
            layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
            """;

    private Path saved() throws Exception {
        Net net = Net.fromDef(NetDef.parse(SMALL, "small"), CPU);
        net.randomizeWeights(1);
        Path f = dir.resolve("small.caffemodel");
        net.saveWeights(f);
        return f;
    }

    /** The file's layers, keeping only those {@code keep} accepts, written as a new file. */
    private Path rewrite(Path from, String name, java.util.function.Predicate<CaffeModel.LayerWeights> keep)
            throws Exception {
        List<CaffeModel.LayerWeights> kept = new ArrayList<>();
        CaffeModel.read(from, lw -> {
            if (keep.test(lw)) {
                kept.add(lw);
            }
        });
        Path to = dir.resolve(name);
        CaffeModel.write(to, "small", kept);
        return to;
    }

    @Test
    void aFileCutAtALayerBoundaryIsRefusedNamingTheMissingLayers() throws Exception {
        Path full = saved();
        // the layers are written in order, so keeping the first ones is a prefix of the file cut at a layer boundary
        Path cut = rewrite(full, "cut.caffemodel", lw -> !lw.name().equals("conv2") && !lw.name().equals("fc"));
        byte[] a = Files.readAllBytes(full);
        byte[] b = Files.readAllBytes(cut);
        assertTrue(b.length < a.length);
        Net net = Net.fromDef(NetDef.parse(SMALL, "small"), CPU);
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> net.loadWeights(cut));
        assertTrue(e.getMessage().contains("no weights for layers 'conv2' (Convolution), 'fc' (InnerProduct)"),
                e.getMessage());
        // the path that rebuilds the net from the file alone says the same
        CaffeFormatException e2 = assertThrows(CaffeFormatException.class, () -> Net.load(cut, CPU));
        assertTrue(e2.getMessage().contains("does not build") && e2.getMessage().contains("needs bottom blob 'fc'"), e2.getMessage());
    }

    @Test
    void aLayerRenamedInThePrototxtIsRefusedNamingBoth() throws Exception {
        Path full = saved();
        Net net = Net.fromDef(NetDef.parse(SMALL.replace("name: \"conv2\"", "name: \"conv2x\""), "renamed"), CPU);
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> net.loadWeights(full));
        assertTrue(e.getMessage().contains("no weights for layer 'conv2x'"), e.getMessage());
        assertTrue(e.getMessage().contains("weights the net lacks: conv2"), e.getMessage());
    }

    @Test
    void aCompleteFileStillLoads() throws Exception {
        Path full = saved();
        Net net = Net.fromDef(NetDef.parse(SMALL, "small"), CPU);
        assertEquals(List.of("conv1", "conv2", "fc"), net.loadWeights(full));
    }

    @Test
    void nonFiniteWeightsAreRefusedWithLayerAndPosition() throws Exception {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Net net = Net.fromDef(NetDef.parse(SMALL, "small"), CPU);
            net.randomizeWeights(1);
            float[] w = net.layer("conv2").params().get(0).value().toArray();
            w[5] = bad; // conv2 weights are 2x4x3x3: index 5 is [0,0,1,2]
            net.layer("conv2").params().get(0).set(Tensor.of(CPU, w, 2, 4, 3, 3));
            Path f = dir.resolve("bad.caffemodel");
            net.saveWeights(f);
            Net fresh = Net.fromDef(NetDef.parse(SMALL, "small"), CPU);
            CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> fresh.loadWeights(f));
            assertTrue(e.getMessage().contains("layer 'conv2' weights (2x4x3x3) hold " + bad + " at [0,0,1,2]"),
                    e.getMessage());
        }
    }

    @Test
    void nestingDeeperThanOneHundredIsRefused() throws Exception {
        String deep = "layer {".repeat(100_000);
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> TextFormat.parse(deep, "deep"));
        assertTrue(e.getMessage().contains("nested more than 100 deep"), e.getMessage());
        String ok = "a {".repeat(TextFormat.MAX_DEPTH) + "}".repeat(TextFormat.MAX_DEPTH);
        assertEquals(1, TextFormat.parse(ok, "ok").fields().size());
        String over = "a {".repeat(TextFormat.MAX_DEPTH + 1) + "}".repeat(TextFormat.MAX_DEPTH + 1);
        assertThrows(CaffeFormatException.class, () -> TextFormat.parse(over, "over"));
    }

    @Test
    void anEmptyPrototxtSaysSo() throws Exception {
        Path f = dir.resolve("empty.prototxt");
        Files.writeString(f, "# nothing\n");
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> NetDef.read(f));
        assertTrue(e.getMessage().contains("empty: holds no layers and no inputs"), e.getMessage());
    }

    @Test
    void unknownFieldsAreRefused() {
        CaffeFormatException top = assertThrows(CaffeFormatException.class,
                () -> NetDef.parse("bogus: 3\n" + SMALL, "t"));
        assertTrue(top.getMessage().contains("the net has an unknown field 'bogus'"), top.getMessage());
        CaffeFormatException layer = assertThrows(CaffeFormatException.class,
                () -> NetDef.parse(SMALL.replace("convolution_param { num_output: 2", "convolution_params { num_output: 2"), "t"));
        assertTrue(layer.getMessage().contains("layer 'conv2' has an unknown field 'convolution_params'"),
                layer.getMessage());
    }

    @Test
    void duplicateLayerNamesAreRefused() throws Exception {
        NetDef d = NetDef.parse(SMALL.replace("name: \"conv2\"", "name: \"conv1\""), "dup");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Net.fromDef(d, CPU));
        assertTrue(e.getMessage().contains("two layers are named 'conv1'"), e.getMessage());
    }

    @Test
    void aBinaryFileGivenAsPrototxtIsNamedAsSuch() throws Exception {
        Path f = saved();
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> NetDef.read(f));
        assertTrue(e.getMessage().contains("a binary file"), e.getMessage());
        Path latin = dir.resolve("latin.prototxt");
        Files.write(latin, new byte[] {'n', 'a', 'm', 'e', ':', ' ', '"', (byte) 0xe9, '"'});
        CaffeFormatException e2 = assertThrows(CaffeFormatException.class, () -> NetDef.read(latin));
        assertTrue(e2.getMessage().contains("not UTF-8 text"), e2.getMessage());
    }

    @Test
    void aPrototxtWithoutInputDimsSaysWhatToAdd() throws Exception {
        Net net = Net.fromDef(NetDef.parse(SMALL.replace(" input_dim: 1 input_dim: 1 input_dim: 8 input_dim: 8", ""),
                "nodims"), CPU);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(net));
        assertTrue(e.getMessage().contains("declares no shape for its input 'data': add input_dim"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.requireDeclaredInputShape("data"));
    }

    private static byte[] npy(String shape, int dataBytes) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
        String header = dict + " ".repeat(117 - dict.length()) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    @Test
    void npyShapesThatAreNegativeOverflowingOrLargerThanTheFileAreRefused() throws Exception {
        String[][] cases = {
            {"1, 1, -28, 28", "dimension -28, which is negative"},
            {"1, 3000000000", "dimension 3000000000, which is too large"},
            {"65536, 65536, 65536", "holds more than"},
            {"1, 1, 28, 28", "needs 3136 bytes of data, the file holds 64"},
            {"1, x", "dimension 'x' that is not an integer"},
        };
        for (String[] c : cases) {
            Path f = dir.resolve("bad.npy");
            Files.write(f, npy(c[0], 64));
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> Npy.read(f), c[0]);
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(c[1]), e.getMessage());
        }
        Path ok = dir.resolve("ok.npy");
        Files.write(ok, npy("2, 2", 16));
        assertEquals(4, Npy.read(ok).data().length);
    }
}
