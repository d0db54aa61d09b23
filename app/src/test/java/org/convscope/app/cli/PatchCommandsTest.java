package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import org.convscope.tensor.testing.TestData;
import org.convscope.vis.render.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** topk and occlusion through the real command line. */
class PatchCommandsTest {
    @TempDir
    Path dir;

    /** A folder of small random grey 28 x 28 PNGs. */
    Path digits(String name, int n) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Random rnd = new Random(1);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    img.getRaster().setSample(x, y, 0, rnd.nextInt(256));
                }
            }
            ImageIO.write(img, "png", d.resolve(String.format("d%02d.png", i)).toFile());
        }
        return d;
    }

    static String[] lenet(String... rest) {
        String[] head = {"-m", "lenet", "--random-weights", "3", "-q"};
        String[] all = new String[rest.length + head.length];
        all[0] = rest[0];
        System.arraycopy(head, 0, all, 1, head.length);
        System.arraycopy(rest, 1, all, head.length + 1, rest.length - 1);
        return all;
    }

    @Test
    void topkOnRealLenetAndMnistWritesTheSameBytesTwice() throws Exception {
        Path m = TestData.require("models/lenet_mnist_v1");
        Path idx = TestData.require("mnist/t10k-images-idx3-ubyte.gz");
        Path weights = m.resolve("lenet_iter_10000.caffemodel");
        String[] args = {"topk", "-m", m.resolve("lenet.prototxt").toString(), "-w", weights.toString(),
            "--blob", "conv2", "--channels", "0-3", "--limit", "500", "--batch", "50", "-q", "--device", "cpu",
            "--out", "", idx.toString()};
        args[args.length - 2] = dir.resolve("a").toString();
        CliRun a = run(args);
        assertEquals(0, a.exit, a.err);
        args[args.length - 2] = dir.resolve("b").toString();
        CliRun b = run(args);
        assertEquals(0, b.exit, b.err);
        for (String f : new String[] {"topk_conv2.png", "topk_conv2.json"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
        JsonNode man = new ObjectMapper().readTree(dir.resolve("a/manifest.json").toFile());
        assertEquals("topk", man.get("command").asText());
        assertEquals(Manifest.sha256(weights), man.get("weights").get("sha256").asText());
        assertEquals("cpu", man.get("device").asText());
        assertEquals(500, man.get("settings").get("scanned").asInt());
        assertEquals("[\"topk_conv2.png\",\"topk_conv2.json\"]", man.get("files").toString());
        JsonNode hits = new ObjectMapper().readTree(dir.resolve("a/topk_conv2.json").toFile()).get("channels");
        assertEquals(4, hits.size());
        assertEquals(9, hits.get(0).get("hits").size());
        // best first
        assertTrue(hits.get(0).get("hits").get(0).get("value").asDouble() >= hits.get(0).get("hits").get(8).get("value").asDouble());
        BufferedImage png = ImageIO.read(dir.resolve("a/topk_conv2.png").toFile());
        assertTrue(png.getHeight() > 4 * 3 * 64, "four rows of 3 x 3 tiles of at least 64 px: " + png.getHeight());
    }

    @Test
    void topkNamesAnUnreadableImageAndProcessesTheRest() throws Exception {
        Path d = digits("imgs", 6);
        Files.writeString(d.resolve("broken.png"), "not a png");
        CliRun r = run(lenet("topk", "--blob", "conv1", "--channels", "0,5", "-k", "4", "--out", dir.resolve("o").toString(),
                d.toString()));
        assertEquals(1, r.exit, r.err);
        assertTrue(r.err.contains("broken.png"), r.err);
        assertTrue(Files.isRegularFile(dir.resolve("o/topk_conv1.png")));
        JsonNode hits = new ObjectMapper().readTree(dir.resolve("o/topk_conv1.json").toFile());
        assertEquals(6, hits.get("scanned").asInt());
        assertEquals(4, hits.get("channels").get(1).get("hits").size());
        assertEquals(5, hits.get("channels").get(1).get("channel").asInt());
    }

    @Test
    void topkRefusesBadRequests() throws Exception {
        Path d = digits("imgs", 2);
        CliRun blob = run(lenet("topk", "--blob", "conv7", "--out", dir.resolve("o").toString(), d.toString()));
        assertEquals(2, blob.exit);
        assertTrue(blob.err.contains("conv7") && blob.err.contains("conv2") && blob.err.contains("ip1"), blob.err);
        CliRun channel = run(lenet("topk", "--blob", "conv1", "--channels", "18-21", "--out", dir.resolve("o").toString(),
                d.toString()));
        assertEquals(2, channel.exit);
        assertTrue(channel.err.contains("0-19"), channel.err);
        CliRun unit = run(lenet("topk", "--blob", "conv2", "--unit", "8,3", "--out", dir.resolve("o").toString(), d.toString()));
        assertEquals(2, unit.exit);
        assertTrue(unit.err.contains("0-7"), unit.err);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun none = run(lenet("topk", "--blob", "conv1", "--out", dir.resolve("o").toString(), empty.toString()));
        assertEquals(2, none.exit);
        assertTrue(none.err.contains("no images found"), none.err);
        assertFalse(Files.exists(dir.resolve("o")), "nothing written for a refused request");
    }

    @Test
    void neverWritesOverAnInput() throws Exception {
        Path d = digits("imgs", 3);
        // an input image that has the name of the figure, in the output folder
        Path trap = d.resolve("topk_conv1.png");
        Files.copy(d.resolve("d00.png"), trap);
        byte[] before = Files.readAllBytes(trap);
        CliRun r = run(lenet("topk", "--blob", "conv1", "--out", d.toString(), d.toString()));
        assertEquals(2, r.exit, r.err);
        assertTrue(r.err.contains("input"), r.err);
        assertArrayEquals(before, Files.readAllBytes(trap));
    }

    @Test
    void occlusionWritesItsFigureAndRefusesAClassOutOfRange() throws Exception {
        Path d = digits("imgs", 2);
        CliRun bad = run(lenet("occlusion", "--class", "10", "--out", dir.resolve("o").toString(), d.toString()));
        assertEquals(2, bad.exit);
        assertTrue(bad.err.contains("0-9"), bad.err);
        CliRun ok = run(lenet("occlusion", "--class", "4", "--size", "6", "--stride", "3", "--out", dir.resolve("o").toString(),
                d.resolve("d01.png").toString()));
        assertEquals(0, ok.exit, ok.err);
        JsonNode maps = new ObjectMapper().readTree(dir.resolve("o/occlusion_d01.json").toFile());
        assertEquals(8, maps.get("rows").asInt());
        assertEquals(64, maps.get("classProb").size());
        assertEquals(4, maps.get("class").asInt());
        assertTrue(Files.isRegularFile(dir.resolve("o/occlusion_d01.png")));
        JsonNode man = new ObjectMapper().readTree(dir.resolve("o/manifest.json").toFile());
        assertEquals(3, man.get("seed").asInt());
        assertEquals(6, man.get("settings").get("size").asInt());
    }
}
