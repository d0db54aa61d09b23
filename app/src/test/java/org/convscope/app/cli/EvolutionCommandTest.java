package org.convscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.convscope.nn.data.Shapes;
import org.convscope.vis.demo.DemoModel;
import org.convscope.vis.patches.EvolutionFigure;
import org.convscope.vis.patches.TinyShapesNet;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * convscope evolution through the real command line, on epoch snapshots that convscope train writes
 * inside the test (a small shapes net, three epochs of 64 images: about a second).
 */
class EvolutionCommandTest {
    @TempDir
    static Path shared;

    static Path deploy;
    static Path prefix;
    static Path images;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainAndDraw() throws Exception {
        Files.writeString(shared.resolve("train.prototxt"), TinyShapesNet.TRAIN);
        deploy = Files.writeString(shared.resolve("deploy.prototxt"), TinyShapesNet.DEPLOY);
        prefix = shared.resolve("snap/tiny");
        Files.writeString(shared.resolve("solver.prototxt"), """
                net: "train.prototxt"
                base_lr: 0.02
                momentum: 0.9
                lr_policy: "fixed"
                max_iter: 12
                snapshot: 0
                snapshot_prefix: "%s"
                """.formatted(prefix.toString().replace("\\", "/")));
        CliRun t = CliRun.run("train", shared.resolve("solver.prototxt").toString(),
                "--data", "shapes:1:64", "--size", "32", "--epoch-snapshots", "1,2,3", "--seed", "3");
        assertEquals(0, t.exit(), t.err());
        images = Files.createDirectories(shared.resolve("imgs"));
        Shapes shapes = new Shapes(5, 12, TinyShapesNet.SIZE);
        for (int i = 0; i < shapes.size(); i++) {
            BufferedImage img = shapes.render(i);
            ImageIO.write(img, "png", images.resolve(String.format("s%02d.png", i)).toFile());
        }
    }

    static String[] args(String... rest) {
        List<String> a = new ArrayList<>(List.of("evolution", "-m", deploy.toString(), "--blob", "conv2",
                "--mean-bgr", "128,128,128", "--scale", "0.015625", "-q", "--device", "cpu"));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    static Path epoch(int e) {
        return prefix.resolveSibling("tiny_epoch_" + e + ".caffemodel");
    }

    @Test
    void writesTheFigureEveryHitAndTheManifestTheSameTwice() throws Exception {
        for (String o : new String[] {"a", "b"}) {
            CliRun r = CliRun.run(args("--snapshots", prefix.toString(), "--channels", "0-2",
                    "--out", dir.resolve(o).toString(), images.toString()));
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("3 snapshots x 12 images"), r.out());
        }
        for (String f : new String[] {"evolution_conv2.png", "evolution_conv2.json"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
        JsonNode hits = new ObjectMapper().readTree(dir.resolve("a/evolution_conv2.json").toFile());
        assertEquals(1, hits.get("k").asInt());
        JsonNode snaps = hits.get("snapshots");
        assertEquals(3, snaps.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(Integer.toString(i + 1), snaps.get(i).get("label").asText());
            assertEquals(12, snaps.get(i).get("scanned").asInt());
            assertEquals(3, snaps.get(i).get("channels").size());
            assertEquals(1, snaps.get(i).get("channels").get(2).get("hits").size());
            assertEquals(2, snaps.get(i).get("channels").get(2).get("channel").asInt());
        }

        // each column agrees with topk run on that snapshot alone
        CliRun topk = CliRun.run("topk", "-m", deploy.toString(), "-w", epoch(2).toString(),
                "--blob", "conv2", "--channels", "0-2", "-k", "1", "--mean-bgr", "128,128,128", "--scale", "0.015625",
                "-q", "--device", "cpu", "--out", dir.resolve("t").toString(), images.toString());
        assertEquals(0, topk.exit(), topk.err());
        JsonNode alone = new ObjectMapper().readTree(dir.resolve("t/topk_conv2.json").toFile()).get("channels");
        assertEquals(alone, snaps.get(1).get("channels"));

        JsonNode man = new ObjectMapper().readTree(dir.resolve("a/manifest.json").toFile());
        assertEquals("evolution", man.get("command").asText());
        assertEquals("cpu", man.get("device").asText());
        assertEquals("[\"evolution_conv2.png\",\"evolution_conv2.json\"]", man.get("files").toString());
        assertEquals(Manifest.sha256(epoch(3)), man.get("inputs").get("snapshots[02]").get("sha256").asText());
        assertEquals(Manifest.sha256(deploy), man.get("model").get("sha256").asText());
        assertEquals(3, man.get("settings").get("snapshots").size());
        assertEquals("deconv", man.get("settings").get("show").asText());

        // one row per channel, one column per snapshot plus the channel names: conv2 sees 10 x 10, shown at 70 x 70
        BufferedImage png = ImageIO.read(dir.resolve("a/evolution_conv2.png").toFile());
        Grid g = EvolutionFigure.grid(3);
        assertEquals(g.padding() + 4 * (70 + g.padding()), png.getWidth());
        assertEquals(g.padding() + 3 * (70 + g.labelHeight() + g.padding()), png.getHeight());
    }

    @Test
    void explicitSnapshotsKeepTheirOrder() throws Exception {
        CliRun r = CliRun.run(args("--snapshot", "3=" + epoch(3), "--snapshot", epoch(1).toString(),
                "--channels", "4", "--show", "both", "--guided", "--out", dir.resolve("o").toString(), images.toString()));
        assertEquals(0, r.exit(), r.err());
        JsonNode snaps = new ObjectMapper().readTree(dir.resolve("o/evolution_conv2.json").toFile()).get("snapshots");
        assertEquals("3", snaps.get(0).get("label").asText());
        assertEquals("1", snaps.get(1).get("label").asText());
        JsonNode settings = new ObjectMapper().readTree(dir.resolve("o/manifest.json").toFile()).get("settings");
        assertEquals("both", settings.get("show").asText());
        assertTrue(settings.get("guided").asBoolean());
        BufferedImage png = ImageIO.read(dir.resolve("o/evolution_conv2.png").toFile());
        Grid g = EvolutionFigure.grid(2);
        int pp = EvolutionFigure.pairGrid().padding();
        assertEquals(g.padding() + 3 * (2 * 70 + 3 * pp + g.padding()), png.getWidth());
    }

    @Test
    void theDemoArchitectureTakesSnapshotsAndAgreesWithTopkOnTheShippedWeights() throws Exception {
        Path shipped = dir.resolve("shipped.caffemodel");
        try (var in = DemoModel.class.getResourceAsStream(DemoModel.RESOURCES + "shapes.caffemodel")) {
            Files.copy(in, shipped);
        }
        Path pics = Files.createDirectories(dir.resolve("pics"));
        Shapes shapes = new Shapes(8, 6, DemoModel.SIZE);
        for (int i = 0; i < shapes.size(); i++) {
            ImageIO.write(shapes.render(i), "png", pics.resolve("p" + i + ".png").toFile());
        }
        CliRun e = CliRun.run("evolution", "-m", "demo", "--snapshot", "shipped=" + shipped,
                "--blob", "conv2", "--channels", "0-2", "-q", "--device", "cpu", "--out", dir.resolve("e").toString(),
                pics.toString());
        assertEquals(0, e.exit(), e.err());
        CliRun t = CliRun.run("topk", "-m", "demo", "--blob", "conv2", "--channels", "0-2",
                "-k", "1", "-q", "--device", "cpu", "--out", dir.resolve("t").toString(), pics.toString());
        assertEquals(0, t.exit(), t.err());
        JsonNode evo = new ObjectMapper().readTree(dir.resolve("e/evolution_conv2.json").toFile());
        JsonNode topk = new ObjectMapper().readTree(dir.resolve("t/topk_conv2.json").toFile());
        assertEquals(topk.get("channels"), evo.get("snapshots").get(0).get("channels"));
        JsonNode man = new ObjectMapper().readTree(dir.resolve("t/manifest.json").toFile());
        assertEquals("demo", man.get("settings").get("model").asText());
        assertTrue(man.get("model").isNull(), man.toString());
    }

    @Test
    void refusesBadInputWithAMessageAndWritesNothing() throws Exception {
        String out = dir.resolve("o").toString();
        String imgs = images.toString();
        Path other = Files.writeString(dir.resolve("other.prototxt"), TinyShapesNet.deploy(4));
        String[][] cases = {
            {"tiny_x_epoch_*.caffemodel found in", "--snapshots", prefix + "_x", "--out", out, imgs},
            {"no snapshots", "--snapshots", prefix + "_x", "--out", out, imgs},
            {"does not exist", "--snapshots", dir.resolve("nowhere/tiny").toString(), "--out", out, imgs},
            {"not both", "--snapshots", prefix.toString(), "--snapshot", "1=" + epoch(1), "--out", out, imgs},
            {"give the snapshots", "--out", out, imgs},
            {"nope.caffemodel does not exist", "--snapshot", "1=" + dir.resolve("nope.caffemodel"), "--out", out, imgs},
            {"has no label", "--snapshot", deploy.toString(), "--out", out, imgs},
            {"unknown --show 'all'", "--snapshots", prefix.toString(), "--show", "all", "--out", out, imgs},
            {"valid channels are 0-7", "--snapshots", prefix.toString(), "--channels", "6-9", "--out", out, imgs},
        };
        for (String[] c : cases) {
            String[] rest = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliRun r = CliRun.run(args(rest));
            assertEquals(2, r.exit(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[0]), "wanted '" + c[0] + "' in: " + r.err());
        }
        CliRun shapes = CliRun.run("evolution", "-m", other.toString(), "--blob", "conv2",
                "--snapshots", prefix.toString(), "-q", "--device", "cpu", "--out", out, imgs);
        assertEquals(2, shapes.exit(), shapes.err());
        assertTrue(shapes.err().contains("snapshot 1") && shapes.err().contains("does not fit"), shapes.err());
        CliRun weights = CliRun.run("evolution", "-m", deploy.toString(), "-w",
                epoch(1).toString(), "--blob", "conv2", "--snapshots", prefix.toString(), "-q", "--out", out, imgs);
        assertEquals(2, weights.exit(), weights.err());
        assertTrue(weights.err().contains("not from --weights"), weights.err());
        CliRun model = CliRun.run("evolution", "--blob", "conv2", "--snapshots",
                prefix.toString(), "-q", "--out", out, imgs);
        assertEquals(2, model.exit(), model.err());
        assertTrue(model.err().contains("give --model"), model.err());
        assertFalse(Files.exists(dir.resolve("o")), "nothing written for a refused run");
    }
}
