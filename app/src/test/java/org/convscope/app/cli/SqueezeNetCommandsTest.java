package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.io.Npy;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.TestData;
import org.convscope.tensor.testing.TestDevices;
import org.convscope.vis.optimize.StyleLayers;
import org.convscope.vis.embed.LayerCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The built-in SqueezeNet through the command line: {@code forward --model squeezenet} and
 * {@code forward -m SqueezeNet_deploy.prototxt -w compressed_SqueezeNet.net} give OpenCV's outputs
 * for six photos (the goldens of the shared data) within 1e-4 of the largest value, on the CPU and
 * the OpenCL device; {@code classify --model squeezenet} names the classes without --labels.
 */
class SqueezeNetCommandsTest {
    private static final String DIR = "models/squeezenet_v1.0_dc/";

    @TempDir
    Path dir;

    @Test
    void forwardOfTheBuiltinEqualsOpenCvOnTheCpu() throws Exception {
        forwardEqualsGoldens("cpu", "--model", "squeezenet");
    }

    @Test
    void forwardOfThePrototxtAndDotNetFileEqualsOpenCvOnTheCpu() throws Exception {
        forwardEqualsGoldens("cpu", "-m", TestData.require(DIR + "SqueezeNet_deploy.prototxt").toString(),
                "-w", TestData.require(DIR + "compressed_SqueezeNet.net").toString());
    }

    @Test
    void forwardEqualsOpenCvOnTheOpenClDevice() throws Exception {
        TestDevices.others();
        forwardEqualsGoldens("opencl", "--model", "squeezenet");
        forwardEqualsGoldens("opencl", "-m", TestData.require(DIR + "SqueezeNet_deploy.prototxt").toString(),
                "-w", TestData.require(DIR + "compressed_SqueezeNet.net").toString());
    }

    /** The space shuttle photo of the goldens, back to a picture (227 x 227: the resize is then a copy). */
    private Path shuttle() throws Exception {
        Npy.Array input = Npy.read(TestData.require(DIR + "golden/photos_input.npy"));
        int per = 3 * 227 * 227;
        Tensor x = Tensor.of(Devices.cpu(), Arrays.copyOfRange(input.data(), 2 * per, 3 * per), 1, 3, 227, 227);
        Path png = dir.resolve("shuttle.png");
        ImageIO.write(Preprocessing.forBuiltin("squeezenet").deprocess(x), "png", png.toFile());
        return png;
    }

    @Test
    void occlusionFollowsTheScoresOfTheBlobItIsGiven() throws Exception {
        Path png = shuttle();
        CliRun r = run("occlusion", "--model", "squeezenet", "--device", "cpu", "--score-blob", "pool_final", "--size", "76",
                "--stride", "75", "-q", "--out", dir.resolve("o").toString(), png.toString());
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("class 812 space shuttle"), r.out);
        JsonNode maps = new ObjectMapper().readTree(dir.resolve("o/occlusion_shuttle.json").toFile());
        assertEquals(3, maps.get("rows").asInt());
        assertEquals(812, maps.get("class").asInt());
        assertTrue(maps.get("baseline").asDouble() > 0.9, maps.toString());
        JsonNode man = new ObjectMapper().readTree(dir.resolve("o/manifest.json").toFile());
        assertEquals("pool_final", man.get("settings").get("scoreBlob").asText());
        CliRun bad = run("occlusion", "--model", "squeezenet", "--score-blob", "prob", "--out", dir.resolve("p").toString(),
                png.toString());
        assertEquals(2, bad.exit);
        assertTrue(bad.err.contains("--score-blob 'prob' is not a blob"), bad.err);
    }

    @Test
    void classifyNamesTheClassesWithoutLabels() throws Exception {
        Path png = shuttle();
        CliRun r = run("classify", "--model", "squeezenet", "--device", "cpu", "-k", "2", png.toString());
        assertEquals(0, r.exit, r.err);
        String[] lines = r.out.strip().split("\n");
        assertEquals(3, lines.length, r.out);
        assertTrue(lines[1].matches("\\s+0\\.9\\d+\\s+812\\s+space shuttle"), r.out);
    }

    @Test
    void styleAndTextureDefaultsTakeTheFireModulesOutputs() {
        Net net = BuiltinNets.create("squeezenet", Devices.cpu());
        List<String> expected = new ArrayList<>(List.of("conv1"));
        for (int f = 2; f <= 9; f++) {
            expected.add("fire" + f + "/concat");
        }
        assertEquals(expected, StyleLayers.defaultStyle(net));
        assertEquals(List.of("fire7/concat"), StyleLayers.defaultContent(net));
        // nets without modules keep every convolution
        assertEquals(List.of("conv1", "conv2", "conv3", "conv4", "conv5"),
                StyleLayers.defaultStyle(BuiltinNets.create("alexnet", Devices.cpu())));
    }

    @Test
    void codesDefaultToTheScoresPooledFromMapsWithoutAFullyConnectedLayer() {
        assertEquals("pool_final", LayerCodes.defaultLayer(BuiltinNets.create("squeezenet", Devices.cpu())));
        assertEquals("fc7", LayerCodes.defaultLayer(BuiltinNets.create("alexnet", Devices.cpu())));
        assertEquals("ip1", LayerCodes.defaultLayer(BuiltinNets.create("lenet", Devices.cpu())));
    }

    @Test
    void foolingEvolutionOverManyClassesWritesTheMostConfidentTwenty() throws Exception {
        Path out = dir.resolve("fool");
        StringBuilder classes = new StringBuilder("0");
        for (int k = 1; k < 25; k++) {
            classes.append(',').append(k * 40);
        }
        CliRun r = run("fool", "--model", "squeezenet", "--device", "cpu", "--class", classes.toString(), "--budget", "32",
                "--batch", "16", "-q", "--out", out.toString());
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("pictures of the 20 most confident of 25 classes"), r.out);
        try (var files = Files.list(out)) {
            assertEquals(20, files.filter(f -> f.getFileName().toString().matches("fool_\\d+\\.png")).count());
        }
        JsonNode settings = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("settings");
        assertTrue(settings.has("fitness.0") && settings.has("fitness.960"), settings.toString());
    }

    private void forwardEqualsGoldens(String device, String... model) throws Exception {
        Path input = TestData.require(DIR + "golden/photos_input.npy");
        Path out = dir.resolve(device + model.length);
        List<String> args = new ArrayList<>(List.of("forward", "--device", device, "--input", input.toString(),
                "--blobs", "pool_final,fire9/concat", "--out", out.toString()));
        args.addAll(List.of(model));
        CliRun r = run(args.toArray(new String[0]));
        assertEquals(0, r.exit, r.err);
        String[][] pairs = {{"pool_final.npy", "photos_pool_final.npy"}, {"fire9_concat.npy", "photos_fire9_concat.npy"}};
        for (String[] p : pairs) {
            Npy.Array ours = Npy.read(out.resolve(p[0]));
            Npy.Array golden = Npy.read(TestData.require(DIR + "golden/" + p[1]));
            assertArrayEquals(golden.shape(), ours.shape(), p[0]);
            double maxRef = 0;
            double maxDiff = 0;
            for (int i = 0; i < golden.data().length; i++) {
                maxRef = Math.max(maxRef, Math.abs(golden.data()[i]));
                maxDiff = Math.max(maxDiff, Math.abs(golden.data()[i] - ours.data()[i]));
            }
            assertTrue(maxDiff <= 1e-4 * maxRef, device + " " + List.of(model) + " " + p[0] + ": max |diff| " + maxDiff
                    + ", max |OpenCV| " + maxRef);
        }
    }
}
