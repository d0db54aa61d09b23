package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.convscope.nn.io.Npy;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.TestDevices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden comparison with an independent implementation, OpenCV's dnn module: the built-in nets
 * with seeded random weights (that ConvScope writes as a caffemodel) and a seeded random input,
 * at small resolutions. The goldens under {@code src/test/resources/golden/} were made by
 * {@code src/test/python/make_goldens.py}, which first runs {@link #writeCases()} with
 * {@code -Dconvscope.goldens.write=DIR} to write each case's prototxt, caffemodel and input, then
 * runs OpenCV on them. No Python runs during the tests: weights and inputs are regenerated from
 * their seeds here.
 *
 * <p>Tolerance: {@code max |ours - opencv| <= 1e-4 * max |opencv|} per blob.
 */
class GoldenTest {
    private static final CpuDevice CPU = CpuDevice.shared();

    /**
     * One case.
     *
     * @param net   built-in name
     * @param side  input height and width
     * @param seed  seed of weights (seed) and input (seed + 1)
     * @param blobs the layers whose outputs are compared (OpenCV's forward(name) gives what layer
     *              {@code name} wrote, which is {@code name@name} here: before any in-place layer)
     */
    record Case(String net, int side, long seed, List<String> blobs) {
        Net build() {
            return build(CPU);
        }

        Net build(Device d) {
            Net n = BuiltinNets.create(net, d);
            Shape in = n.shape("data");
            n.reshape(java.util.Map.of("data", Shape.of(1, in.c(), side, side)));
            n.randomizeWeights(seed);
            return n;
        }

        Tensor input() {
            return input(CPU);
        }

        Tensor input(Device d) {
            Shape in = BuiltinNets.create(net, CPU).shape("data");
            return Tensor.uniform(d, seed + 1, -100f, 100f, 1, in.c(), side, side);
        }

        String file(String blob) {
            return net + "_" + blob.replace('/', '_') + ".npy";
        }
    }

    static final List<Case> CASES = List.of(
            new Case("lenet", 28, 10, List.of("ip1", "ip2", "prob")),
            new Case("alexnet", 67, 20, List.of("pool2", "fc8", "prob")),
            new Case("caffenet", 67, 30, List.of("pool2", "fc8", "prob")),
            new Case("vgg16", 32, 40, List.of("pool3", "fc8", "prob")),
            new Case("googlenet", 224, 50, List.of("pool5/7x7_s1", "loss3/classifier", "prob")));

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameOutputsAsOpenCv(Case c) throws IOException {
        compare(c, CPU);
    }

    /**
     * The same goldens on every other device (the OpenCL device where there is one): its
     * convolution paths (implicit GEMM, Winograd, lowering) against an implementation that shares
     * nothing with them, on whole nets.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameOutputsAsOpenCvOnEveryDevice(Case c) throws IOException {
        for (Device d : TestDevices.others()) {
            compare(c, d);
        }
    }

    private static void compare(Case c, Device device) throws IOException {
        assumeTrue(GoldenTest.class.getResource("/golden/" + c.file(c.blobs().get(0))) != null,
                "golden files for " + c.net() + " not made yet: run nn/src/test/python/make_goldens.py");
        Net net = c.build(device);
        // OpenCV returns what each layer wrote: "ip1@ip1" is LeNet's ip1 before the in-place relu1
        String[] refs = c.blobs().stream().map(b -> b + "@" + b).toArray(String[]::new);
        net.forward(java.util.Map.of("data", c.input(device)), refs);
        for (String blob : c.blobs()) {
            Npy.Array golden;
            try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/" + c.file(blob))) {
                golden = Npy.read(in, c.file(blob));
            }
            Tensor ours = net.blob(blob + "@" + blob);
            assertArrayEquals(golden.shape().length == ours.rank() ? golden.shape() : ours.shape().dims(),
                    ours.shape().dims(), c.net() + " " + blob + " shape on " + device.name());
            float[] a = ours.toArray();
            float[] b = golden.data();
            double maxRef = 0;
            double maxDiff = 0;
            int worst = 0;
            for (int i = 0; i < b.length; i++) {
                maxRef = Math.max(maxRef, Math.abs(b[i]));
                double d = Math.abs(a[i] - b[i]);
                if (d > maxDiff) {
                    maxDiff = d;
                    worst = i;
                }
            }
            assertTrue(maxRef > 0, c.net() + " " + blob + ": golden is all zeros");
            assertTrue(maxDiff <= 1e-4 * maxRef, c.net() + " " + blob + " on " + device.name() + ": max |diff| " + maxDiff
                    + " at " + worst
                    + " (ours " + a[worst] + ", OpenCV " + b[worst] + "), max |OpenCV| " + maxRef);
        }
    }

    /** Writes each case's prototxt, caffemodel and input for the golden script; skipped unless asked. */
    @Test
    void writeCases() throws IOException {
        String dir = System.getProperty("convscope.goldens.write");
        assumeTrue(dir != null, "only run by make_goldens.py (-Dconvscope.goldens.write=DIR)");
        Path out = Path.of(dir);
        Files.createDirectories(out);
        StringBuilder list = new StringBuilder();
        for (Case c : CASES) {
            Net net = c.build();
            String proto = BuiltinNets.prototxt(c.net());
            Shape declared = BuiltinNets.create(c.net(), CPU).shape("data");
            proto = proto.replace("dim: " + declared.h() + "\n", "dim: " + c.side() + "\n");
            Files.writeString(out.resolve(c.net() + ".prototxt"), proto);
            net.saveWeights(out.resolve(c.net() + ".caffemodel"));
            Npy.write(out.resolve(c.net() + "_input.npy"), c.input());
            list.append(c.net()).append(' ').append(String.join(",", c.blobs())).append('\n');
        }
        Files.writeString(out.resolve("cases.txt"), list.toString());
    }
}
