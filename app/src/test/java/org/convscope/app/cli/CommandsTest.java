package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.nn.TopGradients;
import org.convscope.nn.io.Npy;
import org.convscope.tensor.Devices;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first commands, run through the real command line on the built-in LeNet with seeded random weights. */
class CommandsTest {
    @TempDir
    Path dir;

    private Path lenetInput() throws Exception {
        Path x = dir.resolve("x.npy");
        Tensor t = Tensor.uniform(Devices.cpu(), 5, 0f, 1f, 1, 1, 28, 28);
        Npy.write(x, t);
        return x;
    }

    private static Net lenet() {
        Net net = BuiltinNets.create("lenet", Devices.cpu());
        net.randomizeWeights(7);
        return net;
    }

    @Test
    void summaryCountsAlexNet() {
        CliRun r = run("summary", "alexnet");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("conv1"), r.out);
        // 60,965,224 parameters: the count every AlexNet lecture arrives at
        assertTrue(r.out.contains("60,965,224"), r.out);
        assertTrue(r.out.contains("1x96x55x55"), r.out);
    }

    @Test
    void summaryRefusesAnUnknownNetAndListsTheBuiltIns() {
        CliRun r = run("summary", "resnet50");
        assertEquals(2, r.exit);
        assertTrue(r.err.contains("'resnet50' is neither a built-in net"), r.err);
        assertTrue(r.err.contains("vgg16"), r.err);
    }

    @Test
    void forwardWritesTheNamedBlobsAsTheNetComputesThem() throws Exception {
        Path x = lenetInput();
        Path out = dir.resolve("out");
        CliRun r = run("forward", "-m", "lenet", "--random-weights", "7", "--device", "cpu", "--input", x.toString(),
                "--blobs", "prob,ip1", "--out", out.toString());
        assertEquals(0, r.exit, r.err);
        Net net = lenet();
        Tensor prob = net.forward(Npy.readTensor(x, Devices.cpu()), "prob");
        Npy.Array written = Npy.read(out.resolve("prob.npy"));
        assertArrayEquals(prob.shape().dims(), written.shape());
        assertArrayEquals(prob.toArray(), written.data());
        assertTrue(Files.exists(out.resolve("ip1.npy")));
    }

    @Test
    void backwardWritesTheInputGradientOfTheChosenModeAndUnit() throws Exception {
        Path x = lenetInput();
        Path out = dir.resolve("g");
        CliRun r = run("backward", "-m", "lenet", "--random-weights", "7", "--device", "cpu", "--input", x.toString(),
                "--from", "ip2", "--unit", "3", "--mode", "guided", "--out", out.toString());
        assertEquals(0, r.exit, r.err);
        Net net = lenet();
        Tensor v = net.forward(Npy.readTensor(x, Devices.cpu()), "ip2");
        float[] expected = net.backward("ip2", TopGradients.oneHot(v, 3), ReluMode.GUIDED).toArray();
        Npy.Array written = Npy.read(out.resolve("input_grad.npy"));
        assertArrayEquals(new int[] {1, 1, 28, 28}, written.shape());
        assertArrayEquals(expected, written.data());
        boolean nonZero = false;
        for (float g : written.data()) {
            nonZero |= g != 0f;
        }
        assertTrue(nonZero, "a guided gradient of a random LeNet should reach the input");
    }

    @Test
    void backwardAtAPositionDiffersFromTheChannelMaximumWhenThePositionDiffers() throws Exception {
        Path x = lenetInput();
        CliRun a = run("backward", "-m", "lenet", "--random-weights", "7", "--device", "cpu", "--input", x.toString(),
                "--from", "conv1", "--unit", "2,0,0", "--out", dir.resolve("a").toString());
        assertEquals(0, a.exit, a.err);
        float[] g = Npy.read(dir.resolve("a/input_grad.npy")).data();
        // conv1 is 5x5 without padding: unit (0,0) sees exactly the top-left 5x5 input pixels
        for (int i = 0; i < 28; i++) {
            for (int j = 0; j < 28; j++) {
                if (i >= 5 || j >= 5) {
                    assertEquals(0f, g[i * 28 + j], "pixel " + i + "," + j + " is outside the receptive field");
                }
            }
        }
    }

    @Test
    void badRequestsGetClearMessages() throws Exception {
        Path x = lenetInput();
        CliRun unit = run("backward", "-m", "lenet", "--random-weights", "7", "--device", "cpu", "--input", x.toString(),
                "--from", "ip2", "--unit", "10", "--out", dir.resolve("o").toString());
        assertEquals(2, unit.exit);
        assertTrue(unit.err.contains("unit 10 is outside [0, 10)"), unit.err);

        CliRun blob = run("forward", "-m", "lenet", "--random-weights", "7", "--device", "cpu", "--input", x.toString(),
                "--blobs", "fc7", "--out", dir.resolve("o").toString());
        assertEquals(2, blob.exit);
        assertTrue(blob.err.contains("fc7"), blob.err);
        assertTrue(blob.err.contains("ip1"), "the message lists the valid blobs: " + blob.err);

        CliRun mode = run("backward", "-m", "lenet", "--random-weights", "7", "--input", x.toString(),
                "--from", "ip2", "--unit", "1", "--mode", "sideways", "--out", dir.resolve("o").toString());
        assertEquals(2, mode.exit);
        assertTrue(mode.err.contains("--mode must be standard, deconvnet or guided"), mode.err);

        CliRun noWeights = run("forward", "-m", "lenet", "--input", x.toString(), "--blobs", "prob",
                "--out", dir.resolve("o").toString());
        assertEquals(2, noWeights.exit);
        assertTrue(noWeights.err.contains("needs weights"), noWeights.err);
        assertFalse(Files.exists(dir.resolve("o/prob.npy")));
    }

    @Test
    void neverWritesOverTheInput() throws Exception {
        Path x = lenetInput();
        Files.move(x, dir.resolve("prob.npy"));
        byte[] before = Files.readAllBytes(dir.resolve("prob.npy"));
        CliRun r = run("forward", "-m", "lenet", "--random-weights", "7", "--device", "cpu",
                "--input", dir.resolve("prob.npy").toString(), "--blobs", "prob", "--out", dir.toString());
        assertEquals(2, r.exit);
        assertTrue(r.err.contains("refusing to write"), r.err);
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("prob.npy")));
    }
}
