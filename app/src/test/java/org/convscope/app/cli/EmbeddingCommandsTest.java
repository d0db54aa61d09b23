package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.convscope.nn.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** convscope tsne and convscope neighbours on the demo model, through the command line. */
class EmbeddingCommandsTest {
    @TempDir
    Path dir;

    @Test
    void tsneFromTheDemoModelWritesItsFilesAndTheSameBytesTwice() throws Exception {
        Path a = dir.resolve("a");
        String[] args = {"tsne", "--model", "demo", "--device", "cpu", "--data", "shapes:3:200", "--perplexity", "15",
                "--iterations", "300", "--seed", "5", "--out", a.toString()};
        CliRun r = run(args);
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("iteration    0  KL"), r.out());
        for (String f : new String[] {"scatter.png", "grid.png", "embedding.npy", "manifest.json"}) {
            assertTrue(Files.isRegularFile(a.resolve(f)), f + " written");
        }
        Npy.Array e = Npy.read(a.resolve("embedding.npy"));
        assertArrayEquals(new int[] {200, 2}, e.shape());
        BufferedImage scatter = ImageIO.read(a.resolve("scatter.png").toFile());
        assertTrue(scatter.getWidth() > 800 && scatter.getHeight() > 800);
        JsonNode m = JsonMapper.builder().build().readTree(a.resolve("manifest.json").toFile());
        assertEquals("tsne", m.get("command").asText());
        JsonNode kl = m.get("settings").get("klHistory");
        assertEquals(6, kl.size());
        assertTrue(kl.get(5).asDouble() < kl.get(0).asDouble(), "KL fell: " + kl);

        // the same run again: the same embedding bytes
        args[args.length - 1] = dir.resolve("b").toString();
        assertEquals(0, run(args).exit());
        assertArrayEquals(Files.readAllBytes(a.resolve("embedding.npy")), Files.readAllBytes(dir.resolve("b/embedding.npy")));
        assertArrayEquals(Files.readAllBytes(a.resolve("grid.png")), Files.readAllBytes(dir.resolve("b/grid.png")));
    }

    @Test
    void tsneFromACodesFileUsesTheLabelsBesideIt() throws Exception {
        Path codes = dir.resolve("codes");
        CliRun c = run("codes", "--model", "demo", "--device", "cpu", "--data", "shapes:4:120", "--out", codes.toString());
        assertEquals(0, c.exit(), c.err());
        Path out = dir.resolve("t");
        CliRun r = run("tsne", "--codes", codes.resolve("codes.npy").toString(), "--method", "exact", "--perplexity", "10",
                "--iterations", "200", "-q", "--out", out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(Files.isRegularFile(out.resolve("scatter.png")));
        assertFalse(Files.exists(out.resolve("grid.png")), "no images, no grid");
        JsonNode m = JsonMapper.builder().build().readTree(out.resolve("manifest.json").toFile());
        assertTrue(m.get("inputs").has("labels"), m.toString());
        assertEquals("exact", m.get("settings").get("method").asText());
    }

    @Test
    void tsneRefusesToWriteOverItsCodes() throws Exception {
        Path codes = dir.resolve("codes");
        assertEquals(0, run("codes", "--model", "demo", "--device", "cpu", "--data", "shapes:4:60", "--out", codes.toString()).exit());
        Files.copy(codes.resolve("codes.npy"), codes.resolve("embedding.npy"));
        byte[] before = Files.readAllBytes(codes.resolve("codes.npy"));
        CliRun r = run("tsne", "--codes", codes.resolve("embedding.npy").toString(), "--perplexity", "5", "--iterations", "10",
                "-q", "--out", codes.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("input"), r.err());
        assertArrayEquals(before, Files.readAllBytes(codes.resolve("embedding.npy")));
    }

    @Test
    void neighboursWritesRowsAndJsonAndFc7BeatsPixels() throws Exception {
        Path out = dir.resolve("nn");
        CliRun r = run("neighbours", "--model", "demo", "--device", "cpu", "--data", "shapes:7:200", "--query-count", "5",
                "-k", "4", "--out", out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        BufferedImage png = ImageIO.read(out.resolve("neighbours.png").toFile());
        assertTrue(png.getHeight() > 5 * 64 && png.getWidth() > 9 * 64, png.getWidth() + "x" + png.getHeight());
        JsonNode j = JsonMapper.builder().build().readTree(out.resolve("neighbours.json").toFile());
        assertEquals(5, j.get("queries").size());
        for (JsonNode q : j.get("queries")) {
            assertEquals(4, q.get("pixel").size());
            assertEquals(4, q.get("code").size());
            double prev = 0;
            for (JsonNode e : q.get("code")) {
                assertTrue(e.get("index").asInt() != q.get("query").asInt(), "a query is not its own neighbour");
                assertTrue(e.get("distance").asDouble() >= prev, "sorted by distance");
                prev = e.get("distance").asDouble();
            }
        }
        double code = j.get("sameClassFraction").get("code").asDouble();
        double pixel = j.get("sameClassFraction").get("pixel").asDouble();
        assertTrue(code > 0.8 && code > pixel, "fc7 neighbours share the class more than pixel ones: " + code + " vs " + pixel);
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
    }

    @Test
    void neighboursOfAnImageFileFindThatImageFirst() throws Exception {
        org.convscope.nn.data.Shapes shapes = new org.convscope.nn.data.Shapes(7, 100, 64);
        Path query = dir.resolve("q.png");
        ImageIO.write(shapes.render(42), "png", query.toFile());
        Path out = dir.resolve("nnf");
        CliRun r = run("neighbours", "--model", "demo", "--device", "cpu", "--data", "shapes:7:100", "--query", query.toString(),
                "-k", "3", "--out", out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        JsonNode q = JsonMapper.builder().build().readTree(out.resolve("neighbours.json").toFile()).get("queries").get(0);
        assertEquals(query.toString(), q.get("query").asText());
        assertEquals(42, q.get("pixel").get(0).get("index").asInt());
        assertEquals(0.0, q.get("pixel").get(0).get("distance").asDouble(), 0.0);
        assertEquals(42, q.get("code").get(0).get("index").asInt());
        CliRun bad = run("neighbours", "--model", "demo", "--device", "cpu", "--data", "shapes:7:100", "--query",
                dir.resolve("missing.png").toString(), "--out", dir.resolve("nnx").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("does not exist"), bad.err());
        assertFalse(Files.exists(dir.resolve("nnx")), "nothing written");
    }

    @Test
    void savedCodesServeCodesLinearAndNeighboursAsComputedCodesDo() throws Exception {
        Path c = dir.resolve("codes");
        CliRun computed = run("codes", "--model", "demo", "--device", "cpu", "--data", "shapes:4:120", "--layer", "fc7",
                "--linear", "--epochs", "5", "--out", c.toString());
        assertEquals(0, computed.exit(), computed.err() + computed.out());
        CliRun saved = run("codes", "--codes", c.resolve("codes.npy").toString(), "--linear", "--epochs", "5");
        assertEquals(0, saved.exit(), saved.err() + saved.out());
        String accuracy = computed.out().substring(computed.out().indexOf(": train"));
        assertEquals(accuracy, saved.out().substring(saved.out().indexOf(": train")), "the same split, the same classifier");
        CliRun noLinear = run("codes", "--codes", c.resolve("codes.npy").toString());
        assertEquals(2, noLinear.exit());
        assertTrue(noLinear.err().contains("--codes trains --linear"), noLinear.err());

        String[] args = {"neighbours", "--model", "demo", "--device", "cpu", "--data", "shapes:4:120", "--layer", "fc7",
                "--query-count", "3", "-k", "4", "--out", dir.resolve("n1").toString()};
        assertEquals(0, run(args).exit());
        String[] withCodes = java.util.Arrays.copyOf(args, args.length + 2);
        withCodes[args.length - 1] = dir.resolve("n2").toString();
        withCodes[args.length] = "--codes";
        withCodes[args.length + 1] = c.resolve("codes.npy").toString();
        CliRun n2 = run(withCodes);
        assertEquals(0, n2.exit(), n2.err() + n2.out());
        assertEquals(Files.readString(dir.resolve("n1/neighbours.json")), Files.readString(dir.resolve("n2/neighbours.json")));
        CliRun wrongSize = run("neighbours", "--model", "demo", "--device", "cpu", "--data", "shapes:4:100", "--codes",
                c.resolve("codes.npy").toString(), "--out", dir.resolve("n3").toString());
        assertEquals(2, wrongSize.exit());
        assertTrue(wrongSize.err().contains("has 120 rows"), wrongSize.err());
    }
}
