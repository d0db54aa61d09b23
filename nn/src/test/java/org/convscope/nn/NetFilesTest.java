package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.convscope.nn.layers.Param;
import org.convscope.tensor.Device;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one resolver of a model as a user names it: which weights each combination gets, and the refusals. */
class NetFilesTest {
    private static final Device CPU = CpuDevice.shared();

    private static float[] weights(Net net, String param) {
        return net.params().get(param).value().toArray();
    }

    @Test
    void eachCombinationGetsItsWeights(@TempDir Path dir) throws Exception {
        Net bundled = NetFiles.load("squeezenet", null, null, CPU);
        assertTrue(bundled.params().values().stream().allMatch(Param::hasValues), "squeezenet's bundled weights");
        assertArrayEquals(weights(BuiltinNets.pretrained("squeezenet", CPU), "conv1.weights"), weights(bundled, "conv1.weights"));

        Net random = NetFiles.load("lenet", null, 7L, CPU);
        Net again = BuiltinNets.create("lenet", CPU);
        again.randomizeWeights(7L);
        assertArrayEquals(weights(again, "ip2.weights"), weights(random, "ip2.weights"));

        Path file = dir.resolve("lenet.caffemodel");
        random.saveWeights(file);
        Path prototxt = Files.writeString(dir.resolve("lenet.prototxt"), BuiltinNets.prototxt("lenet"));
        for (Net loaded : new Net[] {NetFiles.load(null, file, null, CPU), NetFiles.load("lenet", file, null, CPU),
                NetFiles.load(prototxt.toString(), file, null, CPU)}) {
            assertArrayEquals(weights(random, "conv1.weights"), weights(loaded, "conv1.weights"));
            assertArrayEquals(weights(random, "ip2.bias"), weights(loaded, "ip2.bias"));
        }
        Net zeros = NetFiles.architecture(prototxt.toString(), CPU);
        assertFalse(zeros.params().get("conv1.weights").hasValues(), "an architecture has no weights");
    }

    @Test
    void whatCannotBeResolvedIsRefused(@TempDir Path dir) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetFiles.load(null, null, null, CPU))
                .getMessage().contains("give a model"));
        assertEquals("net 'LeNet' needs weights: give its caffemodel (or random weights from a seed to try it out)",
                assertThrows(IllegalArgumentException.class, () -> NetFiles.load("lenet", null, null, CPU)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> NetFiles.load("lenet", dir.resolve("w.caffemodel"), 1L, CPU)).getMessage().contains("not both"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> NetFiles.architecture(dir.resolve("none.prototxt").toString(), CPU)).getMessage()
                .contains("is neither a built-in net (alexnet"));
    }
}
