package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.ChannelOrder;
import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.nn.caffe.CaffeModel;
import org.convscope.nn.io.Npy;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Images;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's reproductions through the real command line, on LeNet with seeded random weights
 * written to a caffemodel: each user mistake exits 2 with one line {@code convscope <command>: ...}
 * that says what is wrong, and no stack trace.
 */
class HostileInputCommandsTest {
    @TempDir
    Path dir;
    private Path proto;
    private Path weights;
    private Path digit;

    @BeforeEach
    void lenet() throws Exception {
        proto = dir.resolve("lenet.prototxt");
        Files.writeString(proto, BuiltinNets.prototxt("lenet"));
        Net net = BuiltinNets.create("lenet", Devices.cpu());
        net.randomizeWeights(3);
        weights = dir.resolve("lenet.caffemodel");
        net.saveWeights(weights);
        digit = dir.resolve("digit.png");
        Images.writePng(Tensor.uniform(Devices.cpu(), 1, 0f, 255f, 1, 1, 28, 28), ChannelOrder.BGR, digit);
    }

    private String[] lenetArgs(String command, String... rest) {
        List<String> a = new ArrayList<>(List.of(command, "-m", proto.toString(), "-w", weights.toString()));
        a.addAll(List.of(rest));
        return a.toArray(new String[0]);
    }

    private Path npy(float fill) throws Exception {
        Path x = dir.resolve("x" + Float.floatToIntBits(fill) + ".npy");
        float[] v = new float[28 * 28];
        java.util.Arrays.fill(v, 0.5f);
        v[30] = fill;
        Npy.write(x, v, 1, 1, 28, 28);
        return x;
    }

    private static void assertLine(CliRun r, String command, String... parts) {
        assertEquals(2, r.exit(), r.err());
        String line = r.line(command);
        for (String p : parts) {
            assertTrue(line.contains(p), "'" + p + "' not in: " + line);
        }
    }

    // 1. missing weights

    @Test
    void aCaffemodelCutAtALayerBoundaryIsRefused() throws Exception {
        List<CaffeModel.LayerWeights> layers = new ArrayList<>();
        CaffeModel.read(weights, layers::add);
        Path cut = dir.resolve("cut.caffemodel");
        CaffeModel.write(cut, "LeNet", layers.subList(0, 2)); // the Input and conv1 entries: a prefix of the file
        assertLine(run("classify", "-m", proto.toString(), "-w", cut.toString(), digit.toString()), "classify",
                "no weights for layers 'conv2' (Convolution), 'ip1' (InnerProduct), 'ip2' (InnerProduct)");
    }

    @Test
    void aLayerRenamedInThePrototxtIsRefused() throws Exception {
        Path renamed = dir.resolve("renamed.prototxt");
        Files.writeString(renamed, BuiltinNets.prototxt("lenet").replace("name: \"conv2\"", "name: \"conv2x\""));
        assertLine(run("classify", "-m", renamed.toString(), "-w", weights.toString(), digit.toString()), "classify",
                "no weights for layer 'conv2x'", "weights the net lacks: conv2");
    }

    // 2. NaN and infinity

    @Test
    void aNaNScaleIsRefused() {
        assertLine(run(lenetArgs("gradcam", "--scale", "NaN", digit.toString(), "--out", dir.resolve("o").toString())),
                "gradcam", "the scale (--scale) is NaN");
    }

    @Test
    void aNaNInputArrayIsRefusedWithItsPosition() throws Exception {
        Path x = npy(Float.NaN);
        assertLine(run(lenetArgs("forward", "--input", x.toString(), "--blobs", "prob", "--out", dir.resolve("o").toString())),
                "forward", "value at [0,0,1,2] is NaN");
        assertLine(run(lenetArgs("backward", "--input", npy(Float.POSITIVE_INFINITY).toString(), "--from", "ip2",
                "--unit", "3", "--out", dir.resolve("o").toString())), "backward", "value at [0,0,1,2] is Infinity");
    }

    @Test
    void anOverflowingResultIsNotWritten() throws Exception {
        // finite input, finite weights, but a product beyond float: the result is refused, nothing is written
        Path x = dir.resolve("big.npy");
        float[] v = new float[28 * 28];
        java.util.Arrays.fill(v, 3e38f);
        Npy.write(x, v, 1, 1, 28, 28);
        Path out = dir.resolve("o");
        assertLine(run(lenetArgs("forward", "--input", x.toString(), "--blobs", "ip2", "--out", out.toString())),
                "forward", "blob 'ip2' is", "nothing written");
        assertFalse(Files.exists(out.resolve("ip2.npy")));
    }

    @Test
    void aNaNMeanIsRefused() {
        assertLine(run(lenetArgs("classify", "--mean-bgr", "1,NaN,3", digit.toString())), "classify",
                "the per-channel mean (--mean-bgr): value at [1] is NaN");
    }

    // 3. what used to end in an uncaught exception

    @Test
    void aPrototxtWithoutInputDimsSaysWhatToAdd() throws Exception {
        Path nodims = dir.resolve("nodims.prototxt");
        String p = BuiltinNets.prototxt("lenet");
        int a = p.indexOf("  input_param {");
        int b = p.indexOf("\n}", a);
        Files.writeString(nodims, p.substring(0, a) + p.substring(b + 1));
        String want = "declares no shape for its input 'data': add input_dim";
        assertLine(run("summary", nodims.toString()), "summary", want);
        assertLine(run("classify", "-m", nodims.toString(), "-w", weights.toString(), digit.toString()), "classify", want);
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        Path deep = dir.resolve("deep.prototxt");
        Files.writeString(deep, "layer {".repeat(100_000));
        assertLine(run("summary", deep.toString()), "summary", "nested more than 100 deep");
    }

    @Test
    void aNegativeNpyDimensionIsRefused() throws Exception {
        Path x = dir.resolve("neg.npy");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, -28, 28), }";
        String header = dict + " ".repeat(117 - dict.length()) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        b.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        Files.write(x, b.toByteArray());
        assertLine(run(lenetArgs("forward", "--input", x.toString(), "--blobs", "prob", "--out", dir.resolve("o").toString())),
                "forward", "has dimension -28, which is negative");
    }

    @Test
    void aHugeImageIsRefusedFromItsHeader() throws Exception {
        Path huge = dir.resolve("huge.png");
        Files.write(huge, org.convscope.tensor.testing.ImageHeaders.png(30000, 30000));
        assertLine(run(lenetArgs("classify", huge.toString())), "classify", "a 30000 x 30000 png image");
    }

    @Test
    void styleLayersMustBeMaps() {
        assertLine(run(lenetArgs("style", "--content-layers", "conv2", "--style-layers", "ip1", "--iterations", "1",
                digit.toString(), digit.toString(), "--out", dir.resolve("o").toString())), "style",
                "style layer 'ip1' is", "not a map of channels");
    }

    // 4. sizes that would exhaust the heap

    @Test
    void aHugeMinSideIsRefusedWithTheFigures() {
        assertLine(run(lenetArgs("gradcam", "--min-side", "100000", digit.toString(), "--out", dir.resolve("o").toString())),
                "gradcam", "(--min-side 100000) needs", "GB, the Java heap is", "CONVSCOPE_JAVA_OPTS=-Xmx");
        assertLine(run(lenetArgs("classmodel", "--class", "3", "--min-side", "100000", "--out", dir.resolve("o").toString())),
                "classmodel", "(--min-side 100000) needs");
        assertLine(run(lenetArgs("style", "--content-layers", "conv2", "--style-layers", "conv1", "--min-side", "100000",
                digit.toString(), digit.toString(), "--out", dir.resolve("o").toString())), "style", "(--min-side 100000) needs");
    }

    @Test
    void aHugeDeclaredInputIsRefusedWithTheFigures() throws Exception {
        // eight 16-channel convolutions at 6000 x 6000: about 37 GB of blobs and gradients, each blob small enough
        // to pass the 2^31-element check
        StringBuilder p = new StringBuilder("name: \"big\" input: \"data\" input_dim: 1 input_dim: 3 input_dim: 6000 input_dim: 6000\n");
        String bottom = "data";
        for (int i = 1; i <= 8; i++) {
            p.append("layer { name: \"c").append(i).append("\" type: \"Convolution\" bottom: \"").append(bottom)
                    .append("\" top: \"c").append(i).append("\" convolution_param { num_output: 16 kernel_size: 1 } }\n");
            bottom = "c" + i;
        }
        Path big = Files.writeString(dir.resolve("big.prototxt"), p);
        assertLine(run("classify", "-m", big.toString(), "--random-weights", "1", digit.toString()), "classify",
                "at input 1x3x6000x6000 needs", "the Java heap is", "declare a smaller input");
    }

    // 5. messages that say what is wrong

    @Test
    void aMissingLabelsFileIsNamedAsSuch() {
        assertLine(run(lenetArgs("classify", "--labels", dir.resolve("nope.txt").toString(), digit.toString())),
                "classify", "--labels", "nope.txt: no such file");
    }

    @Test
    void aMissingInputArrayIsNamedAsSuch() {
        assertLine(run(lenetArgs("forward", "--input", dir.resolve("nope.npy").toString(), "--blobs", "prob",
                "--out", dir.resolve("o").toString())), "forward", "nope.npy: no such file");
    }

    @Test
    void anOutThatIsAFileIsRefusedBeforeAnyWork() throws Exception {
        Path f = Files.writeString(dir.resolve("afile"), "x");
        assertLine(run(lenetArgs("gradcam", digit.toString(), "--out", f.toString())), "gradcam",
                "--out " + f + " is a file, not a directory");
    }

    @Test
    void aBinaryPrototxtIsNamedAsSuch() {
        assertLine(run("summary", weights.toString()), "summary", "a binary file", "not a text prototxt");
    }

    @Test
    void aDirectoryAsWeightsIsNamedAsSuch() {
        assertLine(run("classify", "-m", proto.toString(), "-w", dir.toString(), digit.toString()), "classify",
                "--weights " + dir + " is a directory");
    }

    @Test
    void optimizationSettingsNameTheirValues() {
        assertLine(run(lenetArgs("invert", "--layer", "conv2", "--iterations", "0", digit.toString(), "--out",
                dir.resolve("o").toString())), "invert", "got iterations 0,");
    }

    @Test
    void aScoreBlobOfMapsIsRefusedAsSuch() {
        assertLine(run(lenetArgs("gradcam", "--score-blob", "conv2", digit.toString(), "--out", dir.resolve("o").toString())),
                "gradcam", "--score-blob conv2 is 1x50x8x8, a stack of maps, not one score per class");
    }

    @Test
    void theDemoModelTakesNoWeights() {
        assertLine(run("classify", "-m", "demo", "-w", "X", digit.toString()), "classify",
                "--model demo is the shipped demo model and has its own weights: leave out --weights");
    }

    @Test
    void anEmptyPrototxtSaysSo() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.prototxt"), "");
        assertLine(run("summary", empty.toString()), "summary", "empty: holds no layers and no inputs");
    }

    @Test
    void anUnknownFieldIsRefused() throws Exception {
        Path p = Files.writeString(dir.resolve("u.prototxt"), "bogus_field: 3\n" + BuiltinNets.prototxt("lenet"));
        assertLine(run("summary", p.toString()), "summary", "unknown field 'bogus_field'");
    }

    @Test
    void aDuplicateLayerNameIsRefused() throws Exception {
        Path p = Files.writeString(dir.resolve("d.prototxt"),
                BuiltinNets.prototxt("lenet").replace("name: \"ip2\"", "name: \"ip1\""));
        assertLine(run("summary", p.toString()), "summary", "two layers are named 'ip1'");
    }

    @Test
    void meanAndMeanBgrTogetherAreRefused() throws Exception {
        Path mean = dir.resolve("mean.npy");
        Npy.write(mean, new float[28 * 28], 1, 28, 28);
        assertLine(run(lenetArgs("classify", "--mean", mean.toString(), "--mean-bgr", "1,2,3", digit.toString())),
                "classify", "give --mean FILE or --mean-bgr B,G,R, not both");
    }

    @Test
    void anEmptyBlobListIsRefused() throws Exception {
        assertLine(run(lenetArgs("forward", "--input", npy(0f).toString(), "--blobs", ",", "--out",
                dir.resolve("o").toString())), "forward", "--blobs", "empty name");
    }

    @Test
    void gradCamOnTheInputIsRefused() {
        assertLine(run(lenetArgs("gradcam", "--layer", "data", digit.toString(), "--out", dir.resolve("o").toString())),
                "gradcam", "--layer data is the net's input, not a layer's maps");
    }

    // 6. optimizations that would saturate at once

    @Test
    void stepsLargerThanThePixelRangeAreRefused() {
        String o = dir.resolve("o").toString();
        String want = "--lr 1.0E30 is not a usable step";
        assertLine(run(lenetArgs("deepdream", "--layer", "conv2", "--lr", "1e30", "--steps", "1", "--octaves", "1",
                digit.toString(), "--out", o)), "deepdream", want);
        assertLine(run(lenetArgs("invert", "--layer", "conv2", "--lr", "1e30", "--iterations", "1", digit.toString(),
                "--out", o)), "invert", want);
        assertLine(run(lenetArgs("style", "--content-layers", "conv2", "--style-layers", "conv1", "--lr", "1e30",
                "--iterations", "1", digit.toString(), digit.toString(), "--out", o)), "style", want);
    }

    // the rule itself

    @Test
    void aBugExitsOneAndAsksForAReportWithoutATrace() {
        assertEquals(null, Main.userMessage(new IllegalStateException("x")));
        assertTrue(Main.userMessage(new java.nio.file.NoSuchFileException("/a")).equals("/a: no such file"));
        assertTrue(Main.userMessage(new OutOfMemoryError()).contains("CONVSCOPE_JAVA_OPTS=-Xmx"));
    }
}
