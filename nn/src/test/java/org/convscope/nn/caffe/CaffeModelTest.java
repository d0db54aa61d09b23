package org.convscope.nn.caffe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.convscope.tensor.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaffeModelTest {
    @TempDir
    Path dir;

    private static float[] randomBits(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = Float.intBitsToFloat(r.nextInt());
        }
        f[0] = Float.intBitsToFloat(0x7fc00001); // a NaN payload must survive too
        f[1] = -0f;
        return f;
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    private List<CaffeModel.LayerWeights> sample() {
        return List.of(
                new CaffeModel.LayerWeights("conv1", "Convolution", List.of("data"), List.of("conv1"), List.of(
                        new BlobData(new long[] {4, 3, 5, 5}, false, randomBits(300, 1)),
                        new BlobData(new long[] {4}, false, randomBits(4, 2)))),
                CaffeModel.LayerWeights.of("relu1", "ReLU", List.of()),
                CaffeModel.LayerWeights.of("fc", "InnerProduct", List.of(
                        new BlobData(new long[] {70000, 3}, false, randomBits(210000, 3)))));
    }

    @Test
    void writeReadRoundTripIsBitExact() throws Exception {
        Path f = dir.resolve("m.caffemodel");
        CaffeModel.write(f, "tiny", sample());
        List<CaffeModel.LayerWeights> back = new ArrayList<>();
        CaffeModel.Header h = CaffeModel.read(f, back::add);
        assertEquals("tiny", h.name());
        assertEquals(false, h.legacy());
        assertEquals(3, back.size());
        for (int i = 0; i < 3; i++) {
            CaffeModel.LayerWeights a = sample().get(i);
            CaffeModel.LayerWeights b = back.get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.type(), b.type());
            assertEquals(a.bottoms(), b.bottoms());
            assertEquals(a.blobs().size(), b.blobs().size());
            for (int k = 0; k < a.blobs().size(); k++) {
                assertArrayEquals(a.blobs().get(k).dims(), b.blobs().get(k).dims());
                assertArrayEquals(bits(a.blobs().get(k).data()), bits(b.blobs().get(k).data()));
            }
        }
    }

    @Test
    void truncatedFilesFailWithAClearMessage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CaffeModel.write(out, "tiny", sample());
        byte[] all = out.toByteArray();
        for (int cut : new int[] {1, 5, 40, all.length / 2, all.length - 1}) {
            Path f = dir.resolve("cut" + cut);
            Files.write(f, Arrays.copyOf(all, cut));
            CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> CaffeModel.read(f, l -> { }),
                    "cut at " + cut);
            assertTrue(e.getMessage().contains("cut" + cut) && (e.getMessage().contains("truncated")
                    || e.getMessage().contains("remain")), e.getMessage());
        }
    }

    @Test
    void declaredLengthBeyondTheFile() throws Exception {
        // field 100 (layer), length-delimited, declaring 1,000,000 bytes in a 12-byte file
        byte[] b = {0x0a, 0x01, 'x', (byte) 0xa2, 0x06, (byte) 0xc0, (byte) 0x84, 0x3d, 0, 0, 0, 0};
        Path f = dir.resolve("long.caffemodel");
        Files.write(f, b);
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> CaffeModel.read(f, l -> { }));
        assertTrue(e.getMessage().contains("declares 1000000 bytes but only 4 remain in the file"), e.getMessage());
    }

    @Test
    void notACaffemodel() throws Exception {
        Path text = dir.resolve("text.caffemodel");
        Files.writeString(text, "name: \"LeNet\"\nlayer { }\n");
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> CaffeModel.read(text, l -> { }));
        assertTrue(e.getMessage().contains("text.caffemodel"), e.getMessage());
        Path empty = dir.resolve("empty.caffemodel");
        Files.write(empty, new byte[0]);
        e = assertThrows(CaffeFormatException.class, () -> CaffeModel.read(empty, l -> { }));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
        Path png = dir.resolve("img.caffemodel");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        e = assertThrows(CaffeFormatException.class, () -> CaffeModel.read(png, l -> { }));
        assertTrue(e.getMessage().contains("img.caffemodel"), e.getMessage());
    }

    @Test
    void readsTheSharedModelsInBothFormats() throws Exception {
        Map<String, CaffeModel.LayerWeights> v1 = CaffeModel.readWeights(TestData.require("models/lenet_mnist_v1/lenet_iter_10000.caffemodel"));
        assertEquals(List.of("conv1", "conv2", "ip1", "ip2"), List.copyOf(v1.keySet()));
        BlobData ip1 = v1.get("ip1").blobs().get(0);
        assertTrue(ip1.legacy());
        assertArrayEquals(new long[] {1, 1, 500, 800}, ip1.dims());
        assertEquals("InnerProduct", v1.get("ip1").type());
        Map<String, CaffeModel.LayerWeights> v2 = CaffeModel.readWeights(TestData.require("models/lenet_mnist_v2/lenet_iter_10000.caffemodel"));
        BlobData w = v2.get("ip1").blobs().get(0);
        assertArrayEquals(new long[] {500, 800}, w.dims());
        assertEquals(400000, w.data().length);
        assertArrayEquals(new long[] {20}, v2.get("conv1").blobs().get(1).dims());
    }

    @Test
    void binaryProtoMeanMatchesTheNpyMean() throws Exception {
        BlobData mean = CaffeModel.readBinaryProto(TestData.require("imagenet/ilsvrc_2012_mean.binaryproto"));
        assertArrayEquals(new long[] {1, 3, 256, 256}, mean.dims());
        org.convscope.nn.io.Npy.Array npy = org.convscope.nn.io.Npy.read(TestData.require("imagenet/ilsvrc_2012_mean.npy"));
        assertArrayEquals(new int[] {3, 256, 256}, npy.shape());
        assertEquals("<f8", npy.dtype());
        assertArrayEquals(npy.data(), mean.data());
        Path copy = dir.resolve("mean.binaryproto");
        CaffeModel.writeBinaryProto(copy, mean);
        assertArrayEquals(mean.data(), CaffeModel.readBinaryProto(copy).data());
    }
}
