package org.convscope.vis.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOutputTest {

    @TempDir
    Path tmp;

    private static BufferedImage picture() {
        float[] v = new float[3 * 4 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 7) / 7f;
        }
        return Pictures.toImage(new Planes(3, 4, 5, v));
    }

    @Test
    void refusesToOverwriteAnInputAndLeavesItAlone() throws Exception {
        Path input = tmp.resolve("in/cat.png");
        Files.createDirectories(input.getParent());
        Files.write(input, new byte[] {1, 2, 3});
        RunOutput out = new RunOutput(tmp.resolve("in"), List.of(input));
        assertThrows(IllegalArgumentException.class, () -> out.writePng("cat.png", picture()));
        assertThrows(IllegalArgumentException.class, () -> out.writePng("sub/../cat.png", picture()));
        assertThrows(IllegalArgumentException.class, () -> out.writePng("../escape.png", picture()));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(input));
        assertTrue(out.files().isEmpty());
    }

    @Test
    void createsFoldersAndWritesIdenticalBytesTwice() throws Exception {
        RunOutput a = new RunOutput(tmp.resolve("a/deep/er"), List.of());
        RunOutput b = new RunOutput(tmp.resolve("b"), List.of());
        Path pa = a.writePng("x.png", picture());
        Path pb = b.writePng("x.png", picture());
        assertArrayEquals(Files.readAllBytes(pa), Files.readAllBytes(pb));
        assertEquals(List.of("x.png"), a.files());
        try (var s = Files.list(pa.getParent())) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
        BufferedImage back = javax.imageio.ImageIO.read(pa.toFile());
        assertEquals(picture().getRGB(3, 2), back.getRGB(3, 2));
    }

    @Test
    void manifestHasEveryFieldSortedAndIsStable() throws Exception {
        Path model = tmp.resolve("net.prototxt");
        Files.writeString(model, "name: \"tiny\"\n");
        RunOutput out = new RunOutput(tmp.resolve("run"), List.of(model));
        out.writePng("grid.png", picture());
        Manifest m = new Manifest().command("weights", List.of("--layer", "conv1"))
                .setting("zeta", 1.5).setting("alpha", Display.Mode.NORM).setting("layer", "conv1")
                .seed(42L).model(model).device("cpu").elapsed(Duration.ofMillis(1234));
        Path json = m.write(out);
        String text = Files.readString(json);
        Map<?, ?> tree = new ObjectMapper().readValue(text, Map.class);
        for (String key : List.of("arguments", "command", "device", "elapsedSeconds", "files", "inputs",
                "model", "seed", "settings", "version", "weights")) {
            assertTrue(tree.containsKey(key), "field " + key);
        }
        assertEquals(List.copyOf(new java.util.TreeSet<>(tree.keySet().stream().map(String::valueOf).toList())),
                tree.keySet().stream().map(String::valueOf).toList(), "top-level keys sorted");
        assertEquals(List.of("alpha", "layer", "zeta"),
                ((Map<?, ?>) tree.get("settings")).keySet().stream().map(String::valueOf).toList());
        assertEquals(List.of("grid.png"), tree.get("files"));
        assertEquals(1.234, ((Number) tree.get("elapsedSeconds")).doubleValue(), 1e-9);
        assertEquals(Manifest.sha256(model), ((Map<?, ?>) tree.get("model")).get("sha256"));
        assertEquals(64, Manifest.sha256(model).length());
        // the same inputs give the same bytes, apart from the time
        String again = new Manifest().command("weights", List.of("--layer", "conv1"))
                .setting("layer", "conv1").setting("alpha", Display.Mode.NORM).setting("zeta", 1.5)
                .seed(42L).model(model).device("cpu").elapsed(Duration.ofMillis(9999)).files(List.of("grid.png")).toJson();
        assertEquals(text.replace("1.234", "T"), again.replace("9.999", "T"));
        assertTrue(!text.contains("\r"));
    }

    @Test
    void progressIsSilentWithoutATerminal() {
        try (Progress p = Progress.start("test", 10, false)) {
            assertEquals(System.console() != null, p.shown());
            p.step();
            p.stepBy(4);
            assertEquals(5, p.done());
        }
        try (Progress q = Progress.start("quiet", 10, true)) {
            assertTrue(!q.shown());
        }
    }
}
