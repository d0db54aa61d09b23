package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.CaffeModel;
import org.convscope.nn.caffe.DeepCompression;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Deep Compression ({@code .net}) reader on the real SqueezeNet file: decoded weights equal the
 * independently decoded caffemodel bit for bit, and each kind of damage (made by mutating the
 * real file) is refused with one line naming the file, the layer and what is wrong.
 */
class DeepCompressionTest {
    private static final String DIR = "models/squeezenet_v1.0_dc/";

    @TempDir
    Path tmp;

    private static Net deploy() throws IOException {
        return Net.fromPrototxt(TestData.require(DIR + "SqueezeNet_deploy.prototxt"), CpuDevice.shared());
    }

    @Test
    void decodedWeightsEqualTheDecodedCaffemodelBitForBit() throws IOException {
        Net net = deploy();
        List<String> loaded = net.loadWeights(TestData.require(DIR + "compressed_SqueezeNet.net"));
        assertEquals(26, loaded.size());
        assertEquals("conv1", loaded.get(0));
        assertEquals("conv_final", loaded.get(25));
        Map<String, CaffeModel.LayerWeights> golden = CaffeModel.readWeights(TestData.require(DIR + "squeezenet_v1.0_dc.caffemodel"));
        int compared = 0;
        long zeros = 0;
        long values = 0;
        for (Layer l : net.layers()) {
            for (int i = 0; i < l.params().size(); i++) {
                Param p = l.params().get(i);
                float[] expected = golden.get(l.name()).blobs().get(i).data();
                float[] ours = p.value().toArray();
                assertArrayEquals(bits(expected), bits(ours), l.name() + " " + p.role());
                for (float v : ours) {
                    zeros += v == 0f ? 1 : 0;
                }
                values += ours.length;
                compared++;
            }
        }
        assertEquals(52, compared);
        // pruned: a good part of the weights is zero, but not all of them
        assertTrue(zeros > values / 4 && zeros < values * 9 / 10, zeros + " zeros of " + values);
    }

    @Test
    void aCountLargerThanItsLayerIsRefused() throws IOException {
        byte[] b = real();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 96 * 3 * 7 * 7 + 1);
        String m = refused(b);
        assertTrue(m.contains("'conv1'") && m.contains("stores 14113 weights, more than its 14112 (96x3x7x7)"), m);
    }

    @Test
    void aPositionPastTheEndOfItsLayerIsRefused() throws IOException {
        byte[] b = real();
        // every gap of conv1 at 15: stored weight k lands at 16k + 15, past the end well before the last one
        long n = count(b, 0);
        int gaps = 4 * 26 + 4 * 256 + 4 * 96 + (int) n;
        Arrays.fill(b, gaps, gaps + (int) ((n + 1) / 2), (byte) 0xff);
        String m = refused(b);
        assertTrue(m.contains("'conv1'") && m.contains("past the end of its 14112 weights"), m);
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] b = Arrays.copyOf(real(), real().length + 3);
        String m = refused(b);
        assertTrue(m.contains("3 trailing bytes after the last layer 'conv_final'"), m);
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        byte[] real = real();
        String m = refused(Arrays.copyOf(real, real.length - 100));
        assertTrue(m.contains("truncated") && m.contains("'conv_final'") && m.contains("gaps"), m);
        String counts = refused(Arrays.copyOf(real, 50));
        assertTrue(counts.contains("truncated: 50 bytes cannot hold the 26 layer counts"), counts);
    }

    @Test
    void aFileOfAnotherLayerCountIsRefused() throws IOException {
        // the file without its last layer: a well-formed file of 25 layers, read for a net of 26
        byte[] real = real();
        long n = count(real, 25);
        long lastSection = 4 * 256 + 4 * 1000 + n + (n + 1) / 2;
        byte[] b = new byte[(int) (real.length - 4 - lastSection)];
        System.arraycopy(real, 0, b, 0, 4 * 25);
        System.arraycopy(real, 4 * 26, b, 4 * 25, b.length - 4 * 25);
        String m = refused(b);
        assertTrue(m.contains("wrong layer count: the file holds 25 layers")
                && m.contains("'fire9/conv3x3_2'") && m.contains("26 parameterized layers"), m);
    }

    @Test
    void onlyDotNetFilesAreReadAsDeepCompression() {
        assertTrue(DeepCompression.isNetFile(Path.of("a/b/compressed_SqueezeNet.NET")));
        assertFalse(DeepCompression.isNetFile(Path.of("x.caffemodel")));
        assertFalse(DeepCompression.isNetFile(Path.of("net")));
    }

    @Test
    void aNetFileAloneAsksForItsPrototxt() throws IOException {
        Path f = tmp.resolve("w.net");
        Files.write(f, new byte[8]);
        for (var load : List.<org.junit.jupiter.api.function.Executable>of(
                () -> Net.load(f, CpuDevice.shared()), () -> BuiltinNets.load(f, CpuDevice.shared()))) {
            String m = assertThrows(CaffeFormatException.class, load).getMessage();
            assertTrue(m.startsWith(f + ": a Deep Compression .net file holds no layer definitions"), m);
        }
    }

    /** Writes {@code bytes} as a .net file, loads it into the deploy net, returns the one-line message. */
    private String refused(byte[] bytes) throws IOException {
        Path f = tmp.resolve("damaged.net");
        Files.write(f, bytes);
        Net net = deploy();
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> net.loadWeights(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString() + ": "), m);
        assertFalse(m.contains("\n"), m);
        // nothing loaded: the weights are still the zeros the net started with
        for (Layer l : net.layers()) {
            for (Param p : l.params()) {
                for (float v : p.value().toArray()) {
                    assertEquals(0f, v, l.name());
                }
            }
        }
        return m;
    }

    private static byte[] real() throws IOException {
        return Files.readAllBytes(TestData.require(DIR + "compressed_SqueezeNet.net"));
    }

    private static long count(byte[] b, int layer) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(4 * layer));
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }
}
