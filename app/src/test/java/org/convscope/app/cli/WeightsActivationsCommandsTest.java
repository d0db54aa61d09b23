package org.convscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.convscope.tensor.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** weights and activations through the real command line. */
class WeightsActivationsCommandsTest {
    @TempDir
    Path dir;

    @Test
    void weightsDrawsConv1AsRgbAndDeeperLayersAsGreyRowsTheSameTwice() throws Exception {
        Path m = TestData.require("models/cifar10_quick_v1");
        String proto = m.resolve("cifar10_quick.prototxt").toString();
        String w = m.resolve("cifar10_quick_iter_5000.caffemodel").toString();
        for (String o : new String[] {"a", "b"}) {
            var r = CliRun.run("weights", "-m", proto, "-w", w, "--layer", "conv1", "--out", dir.resolve(o).toString());
            assertEquals(0, r.exit(), r.err());
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/weights_conv1.png")), Files.readAllBytes(dir.resolve("b/weights_conv1.png")));
        BufferedImage rgb = ImageIO.read(dir.resolve("a/weights_conv1.png").toFile());
        boolean colour = false;
        for (int y = 0; y < rgb.getHeight() && !colour; y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int p = rgb.getRGB(x, y);
                if (((p >> 16) & 0xff) != (p & 0xff)) {
                    colour = true;
                    break;
                }
            }
        }
        assertTrue(colour, "conv1 (3 input channels) is drawn in colour");
        var deeper = CliRun.run("weights", "-m", proto, "-w", w, "--layer", "conv2", "--max-channels", "8",
                "--out", dir.resolve("c").toString());
        assertEquals(0, deeper.exit(), deeper.err());
        JsonNode man = new ObjectMapper().readTree(dir.resolve("c/manifest.json").toFile());
        assertEquals("weights", man.get("command").asText());
        assertEquals("32x32x5x5", man.get("settings").get("shape").asText());
    }

    @Test
    void weightsRefusesALayerWithoutFiltersAndListsTheConvolutions() {
        var r = CliRun.run("weights", "-m", "lenet", "--random-weights", "1", "--layer", "ip1", "--out",
                dir.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("conv1, conv2"), r.err());
    }

    @Test
    void activationsDrawEveryChannelOfARealDigit() throws Exception {
        Path m = TestData.require("models/lenet_mnist_v1");
        Path idx = TestData.require("mnist/t10k-images-idx3-ubyte.gz");
        var r = CliRun.run("activations", "-m", m.resolve("lenet.prototxt").toString(), "-w",
                m.resolve("lenet_iter_10000.caffemodel").toString(), "--blobs", "conv1,pool2", "--item", "3",
                "--out", dir.resolve("o").toString(), idx.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("o/activations_conv1.png")));
        assertTrue(Files.isRegularFile(dir.resolve("o/activations_pool2.png")));
        var bad = CliRun.run("activations", "-m", "lenet", "--random-weights", "1", "--blobs", "conv5",
                "--out", dir.resolve("p").toString(), idx.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("conv2"), bad.err());
        var item = CliRun.run("activations", "-m", "lenet", "--random-weights", "1", "--blobs", "conv1",
                "--item", "10000", "--out", dir.resolve("p").toString(), idx.toString());
        assertEquals(2, item.exit());
        assertTrue(item.err().contains("0-9999"), item.err());
    }
}
