package org.convscope.app.cli;

import static org.convscope.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.imageio.ImageIO;

import org.convscope.nn.BuiltinNets;
import org.convscope.tensor.Devices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code convscope time} on the built-in LeNet (CPU device, a calibration file of the test's own). */
class TimeCommandTest {
    @TempDir
    Path dir;

    private String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of("time", "--model", "lenet", "--device", "cpu", "--batch", "3",
                "-n", "3", "--calibration-file", dir.resolve("cal.properties").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void jsonHasEveryLayerAndTotalsThatAgreeWithThem() throws Exception {
        CliRun r = run(args("--json", "-"));
        assertEquals(0, r.exit, r.err);
        JsonNode j = new ObjectMapper().readTree(r.out);
        assertEquals(3, j.get("batch").asInt());
        List<String> names = new ArrayList<>();
        j.get("layers").forEach(l -> names.add(l.get("name").asText()));
        assertEquals(BuiltinNets.create("lenet", Devices.cpu()).layerNames(), names);
        double fwd = 0;
        double bwd = 0;
        long flops = 0;
        for (JsonNode l : j.get("layers")) {
            for (String f : List.of("type", "output", "forwardMs", "forwardGflops", "forwardGBs",
                    "forwardPercentOfPeak", "backwardMs", "backwardGflops", "backwardGBs", "backwardPercentOfPeak")) {
                assertTrue(l.has(f), "layer " + l.get("name") + " has " + f);
            }
            assertEquals(3, l.get("output").get(0).asInt(), "the batch is the output's first axis");
            assertTrue(l.get("forwardMs").asDouble() >= 0 && l.get("backwardMs").asDouble() >= 0);
            fwd += l.get("forwardMs").asDouble();
            bwd += l.get("backwardMs").asDouble();
            flops += l.get("forwardFlops").asLong();
        }
        JsonNode t = j.get("total");
        assertTrue(t.get("forwardMs").asDouble() > 0 && t.get("backwardMs").asDouble() > 0, t.toString());
        // the totals are built from the same layers: their sums, and LeNet's known work at batch 3
        assertEquals(fwd, t.get("layersForwardMs").asDouble(), 1e-9);
        assertEquals(bwd, t.get("layersBackwardMs").asDouble(), 1e-9);
        assertEquals(flops, t.get("forwardFlops").asLong());
        assertEquals(3L * 2 * 2_293_000, flops, 3L * 2 * 2_293_000 / 20, "2 x LeNet's ~2.3 M multiply-adds x 3");
        assertTrue(j.get("calibration").get("gflops").asDouble() > 0);
    }

    @Test
    void tableAndChartAndCachedCalibration() throws Exception {
        Path png = dir.resolve("t.png");
        CliRun r = run(args("--png", png.toString(), "--forward-only"));
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("conv1") && r.out.contains("ip2") && r.out.contains("whole net:"), r.out);
        assertTrue(ImageIO.read(png.toFile()).getHeight() > 100);
        // the calibration is kept under the device's key and read back on the next run
        Properties p = new Properties();
        try (var in = Files.newInputStream(dir.resolve("cal.properties"))) {
            p.load(in);
        }
        String key = p.stringPropertyNames().stream().filter(k -> k.endsWith(".gflops")).findFirst().orElseThrow();
        p.setProperty(key, "12345.0");
        try (var out = Files.newOutputStream(dir.resolve("cal.properties"))) {
            p.store(out, null);
        }
        CliRun again = run(args("--forward-only"));
        assertEquals(0, again.exit, again.err);
        assertTrue(again.out.contains("calibrated 12345 GFLOP/s"), again.out);
    }

    @Test
    void badArgumentsAreOneLine() {
        CliRun r = run("time", "--model", "lenet", "--device", "cpu", "--iterations", "0");
        assertEquals(2, r.exit);
        assertTrue(r.err.startsWith("convscope time: --iterations must be at least 1"), r.err);
        assertFalse(r.err.contains("Exception"), r.err);
    }
}
