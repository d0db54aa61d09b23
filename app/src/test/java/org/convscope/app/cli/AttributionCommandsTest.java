package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The attribution commands through the real command line, on the built-in LeNet with seeded
 * random weights and a drawn digit (no shared data needed).
 */
class AttributionCommandsTest {
    @TempDir
    Path dir;

    Path digit;

    private static String[] args(String command, Path image, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "-m", "lenet", "--random-weights", "7", "--device", "cpu",
                image.toString(), "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @BeforeEach
    void drawDigit() throws Exception {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 4; y < 24; y++) { // a "1" with a foot
            for (int x = 12; x < 16; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        for (int x = 8; x < 20; x++) {
            img.setRGB(x, 23, 0xc0c0c0);
        }
        digit = dir.resolve("digit.png");
        ImageIO.write(img, "png", digit.toFile());
    }

    @Test
    void saliencyWritesItsPicturesAndManifestAndTheSameRunGivesTheSameBytes() throws Exception {
        Path a = dir.resolve("a");
        CliRun r = run(args("saliency", digit, a, "--class", "3"));
        assertEquals(0, r.exit, r.err);
        for (String f : List.of("input.png", "saliency.png", "saliency_overlay.png", "gradient.png", "manifest.json")) {
            assertTrue(Files.isRegularFile(a.resolve(f)), f + " written");
        }
        BufferedImage map = ImageIO.read(a.resolve("saliency.png").toFile());
        assertEquals(224, map.getWidth(), "28 px enlarged 8x to reach 224");
        Map<?, ?> m = new ObjectMapper().readValue(a.resolve("manifest.json").toFile(), Map.class);
        assertEquals("saliency", m.get("command"));
        assertEquals("cpu", m.get("device"));
        assertEquals(7, m.get("seed"));
        Map<?, ?> settings = (Map<?, ?>) m.get("settings");
        assertEquals(3, settings.get("class"));
        assertEquals("ip2", settings.get("scoreBlob"));
        assertEquals("lenet", settings.get("architecture"));
        assertEquals(List.of("input.png", "saliency.png", "saliency_overlay.png", "gradient.png"), m.get("files"));
        Map<?, ?> image = (Map<?, ?>) ((Map<?, ?>) m.get("inputs")).get("image");
        assertEquals(64, ((String) image.get("sha256")).length());

        Path b = dir.resolve("b");
        assertEquals(0, run(args("saliency", digit, b, "--class", "3")).exit);
        for (String f : List.of("input.png", "saliency.png", "saliency_overlay.png", "gradient.png")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        Path c = dir.resolve("c");
        assertEquals(0, run(args("saliency", digit, c, "--class", "4")).exit);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("gradient.png")),
                Files.readAllBytes(c.resolve("gradient.png"))), "another class, another gradient");
    }

    @Test
    void everyCommandRuns() throws Exception {
        record Case(String[] args, List<String> files) {
        }
        List<Case> cases = List.of(
                new Case(args("guided", digit, dir.resolve("g")), List.of("guided.png", "guided_magnitude.png", "guided_overlay.png")),
                new Case(args("guided", digit, dir.resolve("gu"), "--blob", "conv2", "--unit", "4,2,2"), List.of("guided.png")),
                new Case(args("deconv", digit, dir.resolve("d"), "--blob", "pool2", "--unit", "3"),
                        List.of("deconv.png", "deconv_magnitude.png", "deconv_overlay.png")),
                new Case(args("gradcam", digit, dir.resolve("gc")), List.of("gradcam.png", "gradcam_overlay.png", "guided_gradcam.png")),
                new Case(args("smoothgrad", digit, dir.resolve("s"), "-n", "4", "--seed", "5"),
                        List.of("smoothgrad.png", "smoothgrad_overlay.png", "smoothgrad_gradient.png", "saliency.png")),
                new Case(args("intgrad", digit, dir.resolve("i"), "--steps", "100"),
                        List.of("intgrad.png", "intgrad_overlay.png", "intgrad_signed.png", "completeness.json")));
        for (Case c : cases) {
            CliRun r = run(c.args);
            assertEquals(0, r.exit, String.join(" ", c.args) + ": " + r.err);
            Path out = Path.of(c.args[9]);
            for (String f : c.files) {
                assertTrue(Files.isRegularFile(out.resolve(f)), c.args[0] + " writes " + f);
            }
            assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
        }
        Map<?, ?> check = new ObjectMapper().readValue(dir.resolve("i/completeness.json").toFile(), Map.class);
        assertTrue(((Number) check.get("relativeGap")).doubleValue() < 0.05, check.toString());
        Map<?, ?> gc = (Map<?, ?>) new ObjectMapper().readValue(dir.resolve("gc/manifest.json").toFile(), Map.class)
                .get("settings");
        assertEquals("conv2", gc.get("layer"), "Grad-CAM defaults to the last convolution");
    }

    @Test
    void smoothGradDependsOnTheSeedAndOnlyOnIt() throws Exception {
        assertEquals(0, run(args("smoothgrad", digit, dir.resolve("s1"), "-n", "3", "--seed", "1", "--batch", "1")).exit);
        assertEquals(0, run(args("smoothgrad", digit, dir.resolve("s2"), "-n", "3", "--seed", "1", "--batch", "3")).exit);
        assertEquals(0, run(args("smoothgrad", digit, dir.resolve("s3"), "-n", "3", "--seed", "2")).exit);
        byte[] one = Files.readAllBytes(dir.resolve("s1/smoothgrad_gradient.png"));
        assertArrayEquals(one, Files.readAllBytes(dir.resolve("s2/smoothgrad_gradient.png")), "batch size is speed only");
        assertFalse(java.util.Arrays.equals(one, Files.readAllBytes(dir.resolve("s3/smoothgrad_gradient.png"))));
        Map<?, ?> m = new ObjectMapper().readValue(dir.resolve("s3/manifest.json").toFile(), Map.class);
        assertEquals(2, m.get("seed"));
    }

    @Test
    void badRequestsAreRefusedClearlyAndWriteNothing() throws Exception {
        Path o = dir.resolve("o");
        CliRun blob = run(args("deconv", digit, o, "--blob", "conv9", "--unit", "1"));
        assertEquals(2, blob.exit);
        assertTrue(blob.err.contains("no blob 'conv9'") && blob.err.contains("pool2"), "lists the blobs: " + blob.err);

        CliRun unit = run(args("guided", digit, o, "--blob", "conv1", "--unit", "20"));
        assertEquals(2, unit.exit);
        assertTrue(unit.err.contains("unit 20 is out of range") && unit.err.contains("channels 0..19"), unit.err);

        CliRun pos = run(args("deconv", digit, o, "--blob", "conv1", "--unit", "2,30,0"));
        assertEquals(2, pos.exit);
        assertTrue(pos.err.contains("outside the 24x24 maps"), pos.err);

        CliRun cls = run(args("saliency", digit, o, "--class", "10"));
        assertEquals(2, cls.exit);
        assertTrue(cls.err.contains("class 10 is out of range") && cls.err.contains("0..9"), cls.err);

        CliRun layer = run(args("gradcam", digit, o, "--layer", "nope"));
        assertEquals(2, layer.exit);
        assertTrue(layer.err.contains("no blob 'nope'"), layer.err);

        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        CliRun notImage = run(args("saliency", text, o));
        assertEquals(2, notImage.exit);
        assertTrue(notImage.err.contains("cannot read image") && notImage.err.contains("notes.png"), notImage.err);

        CliRun missing = run(args("intgrad", dir.resolve("nowhere.png"), o));
        assertEquals(2, missing.exit);
        assertTrue(missing.err.contains("cannot read image") && missing.err.contains("no such file"), missing.err);

        CliRun rule = run(args("intgrad", digit, o, "--rule", "simpson"));
        assertEquals(2, rule.exit);
        assertTrue(rule.err.contains("unknown integration rule 'simpson'"), rule.err);

        assertFalse(Files.exists(o), "no refused run wrote anything");
    }

    @Test
    void neverWritesOverTheInputImage() throws Exception {
        Path input = dir.resolve("input.png");
        Files.move(digit, input);
        byte[] before = Files.readAllBytes(input);
        CliRun r = run(args("saliency", input, dir));
        assertEquals(2, r.exit);
        assertTrue(r.err.contains("refusing to write"), r.err);
        assertArrayEquals(before, Files.readAllBytes(input));
    }
}
