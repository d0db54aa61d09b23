package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The image-optimization commands through the real command line, on the shipped demo model. */
class OptimizeCommandsTest {
    @TempDir
    Path dir;

    static String[] demo(String command, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "-m", "demo", "--device", "cpu", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void classmodelWritesItsPicturesAndManifestAndRepeatsBitForBit() throws Exception {
        String[] more = {"--class", "0", "--lr", "20", "--iterations", "12", "--jitter", "2", "--start", "noise",
                "--noise-std", "20", "--seed", "4", "--save-every", "5"};
        CliRun a = run(demo("classmodel", dir.resolve("a"), more));
        assertEquals(0, a.exit(), a.err());
        assertTrue(a.out().contains("step 12/12") && a.out().contains("objective"), a.out());
        for (String f : List.of("classmodel.png", "classmodel_pixels.png", "iter_00005.png", "iter_00010.png",
                "manifest.json")) {
            assertTrue(Files.isRegularFile(dir.resolve("a").resolve(f)), f);
        }
        Map<?, ?> m = new ObjectMapper().readValue(dir.resolve("a/manifest.json").toFile(), Map.class);
        assertEquals("classmodel", m.get("command") instanceof Map<?, ?> c ? c.get("name") : m.get("command"));
        assertTrue(new ObjectMapper().writeValueAsString(m).contains("\"iterationsDone\":12"));
        CliRun b = run(demo("classmodel", dir.resolve("b"), more));
        assertEquals(0, b.exit(), b.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/classmodel.png")),
                Files.readAllBytes(dir.resolve("b/classmodel.png")));
    }

    /** A 64 x 64 picture of a filled disc (one of the demo model's shapes). */
    Path disc() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(40, 60, 90));
        g.fillRect(0, 0, 64, 64);
        g.setColor(new java.awt.Color(230, 200, 40));
        g.fillOval(14, 14, 36, 36);
        g.dispose();
        Path p = dir.resolve("disc.png");
        javax.imageio.ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void adversarialFgsmAndTargetedWriteTheTriptychAndTheSizes() throws Exception {
        Path img = disc();
        CliRun f = run(demo("adversarial", dir.resolve("f"), img.toString()));
        assertEquals(0, f.exit(), f.err());
        assertTrue(f.out().contains("L-infinity"), f.out());
        assertTrue(Files.isRegularFile(dir.resolve("f/adversarial.png")));
        Map<?, ?> m = new ObjectMapper().readValue(dir.resolve("f/manifest.json").toFile(), Map.class);
        String json = new ObjectMapper().writeValueAsString(m);
        assertTrue(json.contains("perturbationLinfGreyLevels") && json.contains("adversarialClass"), json);
        CliRun t = run(demo("adversarial", dir.resolve("t"), img.toString(), "--method", "targeted", "--target", "5",
                "--step", "50"));
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("adversarial: class 5"), t.out());
        CliRun none = run(demo("adversarial", dir.resolve("n"), img.toString(), "--method", "targeted"));
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("--target"), none.err());
    }

    @Test
    void invertMatchesTheCodeAndRefusesAnUnknownLayer() throws Exception {
        Path img = disc();
        CliRun a = run(demo("invert", dir.resolve("i"), img.toString(), "--layer", "conv2", "--iterations", "40"));
        assertEquals(0, a.exit(), a.err());
        assertTrue(Files.isRegularFile(dir.resolve("i/invert.png")) && Files.isRegularFile(dir.resolve("i/invert_image.png")));
        Map<?, ?> m = new ObjectMapper().readValue(dir.resolve("i/manifest.json").toFile(), Map.class);
        String json = new ObjectMapper().writeValueAsString(m);
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("\"finalCodeLoss\":([0-9.eE-]+)").matcher(json);
        assertTrue(code.find(), json);
        assertTrue(Double.parseDouble(code.group(1)) < 0.5, json);
        CliRun bad = run(demo("invert", dir.resolve("b"), img.toString(), "--layer", "nope"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("nope"), bad.err());
    }

    @Test
    void deepdreamWritesTheDreamAndZoomFrames() throws Exception {
        Path img = disc();
        CliRun a = run(demo("deepdream", dir.resolve("d"), img.toString(), "--layer", "conv3", "--size", "72",
                "--octaves", "2", "--steps", "3", "--frames", "2", "--jitter", "8"));
        assertEquals(0, a.exit(), a.err());
        for (String f : List.of("deepdream.png", "frame_0000.png", "frame_0001.png", "manifest.json")) {
            assertTrue(Files.isRegularFile(dir.resolve("d").resolve(f)), f);
        }
        java.awt.image.BufferedImage out = javax.imageio.ImageIO.read(dir.resolve("d/frame_0000.png").toFile());
        assertEquals(72, out.getWidth());
    }

    @Test
    void textureAndStyleLowerTheirLossesAndWriteTheirPictures() throws Exception {
        Path img = disc();
        CliRun t = run(demo("texture", dir.resolve("t"), img.toString(), "--iterations", "15", "--style-layers",
                "conv1,conv2"));
        assertEquals(0, t.exit(), t.err());
        assertTrue(Files.isRegularFile(dir.resolve("t/texture.png")) && Files.isRegularFile(dir.resolve("t/texture_image.png")));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("step (\\d+)/15  style ([0-9.e+-]+)").matcher(t.out());
        List<Double> losses = new ArrayList<>();
        while (m.find()) {
            losses.add(Double.parseDouble(m.group(2)));
        }
        assertTrue(losses.size() >= 2 && losses.get(losses.size() - 1) < losses.get(0), t.out());
        CliRun s = run(demo("style", dir.resolve("s"), img.toString(), img.toString(), img.toString(), "--iterations", "5",
                "--optimizer", "adam", "--style-blend", "0.3,0.7", "--tv-weight", "0.01", "--style-scale", "1.5",
                "--pooling", "avg", "--keep-colours"));
        assertEquals(0, s.exit(), s.err());
        assertTrue(s.out().contains("content") && Files.isRegularFile(dir.resolve("s/style.png")), s.out());
        CliRun bad = run(demo("style", dir.resolve("b"), img.toString(), img.toString(), "--style-blend", "0.3,0.7"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--style-blend"), bad.err());
    }

    @Test
    void foolByGradientAndByEvolutionWriteOnePicturePerClass() throws Exception {
        CliRun g = run(demo("fool", dir.resolve("g"), "--method", "gradient", "--class", "2,5", "--confidence", "0.9"));
        assertEquals(0, g.exit(), g.err());
        for (String f : List.of("fool.png", "fool_2.png", "fool_5.png", "manifest.json")) {
            assertTrue(Files.isRegularFile(dir.resolve("g").resolve(f)), f);
        }
        CliRun e = run(demo("fool", dir.resolve("e"), "--class", "1", "--budget", "640", "--batch", "32"));
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains("forward images"), e.out());
        String json = Files.readString(dir.resolve("e/manifest.json"));
        assertTrue(json.contains("forwardImages"), json);
        CliRun bad = run(demo("fool", dir.resolve("b"), "--method", "gradient"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--class"), bad.err());
    }

    @Test
    void theSeededCommandsRepeatBitForBit() throws Exception {
        Path img = disc();
        String[][] cases = {
            {"texture", img.toString(), "--iterations", "5", "--seed", "3"},
            {"invert", img.toString(), "--layer", "conv2", "--iterations", "5", "--seed", "3"},
            {"fool", "--class", "2", "--budget", "320", "--batch", "32", "--seed", "3"},
            {"deepdream", img.toString(), "--layer", "conv2", "--octaves", "2", "--steps", "2", "--seed", "3"},
        };
        String[] files = {"texture_image.png", "invert_image.png", "fool_2.png", "deepdream.png"};
        for (int i = 0; i < cases.length; i++) {
            String[] more = java.util.Arrays.copyOfRange(cases[i], 1, cases[i].length);
            CliRun a = run(demo(cases[i][0], dir.resolve("r" + i + "a"), more));
            CliRun b = run(demo(cases[i][0], dir.resolve("r" + i + "b"), more));
            assertEquals(0, a.exit(), a.err());
            assertEquals(0, b.exit(), b.err());
            assertArrayEquals(Files.readAllBytes(dir.resolve("r" + i + "a").resolve(files[i])),
                    Files.readAllBytes(dir.resolve("r" + i + "b").resolve(files[i])), cases[i][0]);
        }
    }

    @Test
    void classmodelRefusesABadUnitAndReportsDivergence() {
        CliRun bad = run(demo("classmodel", dir.resolve("bad"), "--blob", "conv2", "--unit", "999"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("out of range"), bad.err());
        CliRun both = run(demo("classmodel", dir.resolve("both"), "--class", "1", "--blob", "conv2", "--unit", "1"));
        assertEquals(2, both.exit());
        // every iterate stays inside pixels 0-255 now, so a huge rate can no longer blow the image up: it
        // saturates the picture, and the command says so and what to change
        CliRun boom = run(demo("classmodel", dir.resolve("boom"), "--class", "0", "--lr", "1e7", "--iterations", "20",
                "--start", "noise", "--noise-std", "20"));
        assertEquals(0, boom.exit(), boom.err());
        assertTrue(boom.err().contains("warning: ") && boom.err().contains("saturated") && boom.err().contains("--lr"),
                boom.err());
        assertTrue(Files.isRegularFile(dir.resolve("boom/classmodel.png")));
    }
}
