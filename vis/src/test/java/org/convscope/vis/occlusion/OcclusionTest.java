package org.convscope.vis.occlusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.TestData;
import org.convscope.vis.patches.ImageSource;
import org.convscope.vis.patches.MnistImages;
import org.convscope.vis.render.Planes;
import org.junit.jupiter.api.Test;

class OcclusionTest {

    static Net realLenet() throws Exception {
        Path dir = TestData.require("models/lenet_mnist_v1");
        return Net.load(dir.resolve("lenet.prototxt"), dir.resolve("lenet_iter_10000.caffemodel"), Devices.cpu());
    }

    static List<ImageSource.Item> digits(int n) throws Exception {
        MnistImages m = MnistImages.open(TestData.require("mnist/t10k-images-idx3-ubyte.gz"), MnistImages.LENET_SCALE, n);
        List<ImageSource.Item> items = new ArrayList<>();
        m.scan(items::add);
        return items;
    }

    static Tensor tensor(ImageSource.Item it) {
        return Tensor.of(Devices.cpu(), it.data(), 1, it.channels(), it.height(), it.width());
    }

    @Test
    void occludingTheStrokesLowersTheProbabilityMoreThanOccludingTheBorder() throws Exception {
        Net net = realLenet();
        // the first test digits are 7 2 1 0 4 (t10k labels): the IDX reader and LeNet agree
        int[] labels = {7, 2, 1, 0, 4};
        for (ImageSource.Item digit : digits(5)) {
            Occlusion.Result r = Occlusion.run(net, tensor(digit), -1, new Occlusion.Settings(8, 4, null, 64), null);
            assertEquals(labels[digit.index()], r.klass(), digit.name());
            assertTrue(r.baseline() > 0.9, digit.name() + ": LeNet is sure of its class, p = " + r.baseline());
            // ink under each square position: the most inked and an empty one
            int best = -1;
            int empty = -1;
            double bestInk = -1;
            for (int i = 0; i < r.rows(); i++) {
                for (int j = 0; j < r.cols(); j++) {
                    double ink = 0;
                    for (int y = 4 * i; y < 4 * i + 8; y++) {
                        for (int x = 4 * j; x < 4 * j + 8; x++) {
                            ink += digit.data()[y * 28 + x];
                        }
                    }
                    if (ink > bestInk) {
                        bestInk = ink;
                        best = i * r.cols() + j;
                    }
                    if (ink == 0 && empty < 0) {
                        empty = i * r.cols() + j;
                    }
                }
            }
            assertTrue(empty >= 0, digit.name() + " has an empty square position");
            float onStrokes = r.classProb()[best];
            float onBorder = r.classProb()[empty];
            // LeNet is so sure that the probabilities stay near 1: compare the drops, in log probability
            double dropStrokes = Math.log(r.baseline()) - Math.log(onStrokes);
            double dropBorder = Math.log(r.baseline()) - Math.log(onBorder);
            assertTrue(onStrokes < onBorder && dropStrokes > 5 * Math.max(dropBorder, 1e-7), digit.name()
                    + ": p(class " + r.klass() + ") " + r.baseline() + " with the strokes hidden " + onStrokes
                    + ", with an empty square hidden " + onBorder);
        }
    }

    static float min(float[] v) {
        float m = Float.POSITIVE_INFINITY;
        for (float x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    @Test
    void batchesGiveTheSameMapsAsOneByOneOnSqueezeNet() {
        // Fire modules (1x1 convolutions, Concat) and global average pooling, its scores softmaxed
        Net net = BuiltinNets.pretrained("squeezenet", Devices.cpu());
        Tensor x = Tensor.uniform(Devices.cpu(), 4, -60f, 60f, 1, 3, 227, 227);
        Occlusion.Settings one = new Occlusion.Settings(120, 107, null, 1);
        Occlusion.Settings three = new Occlusion.Settings(120, 107, null, 3);
        Occlusion.Result a = Occlusion.run(net, x, "pool_final", -1, one, null);
        Occlusion.Result b = Occlusion.run(net, x, "pool_final", -1, three, null);
        assertEquals(2, a.rows());
        assertEquals(2, a.cols());
        assertArrayEquals(a.classProb(), b.classProb(), 1e-6f);
        assertArrayEquals(a.topClass(), b.topClass());
        float sum = 0;
        for (float p : Occlusion.probabilities(net, x, "pool_final")) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-4f);
    }

    @Test
    void aScoreBlobBeforeTheSoftmaxGivesTheSameProbabilities() {
        Net net = BuiltinNets.create("lenet", Devices.cpu());
        net.randomizeWeights(5);
        Tensor x = Tensor.uniform(Devices.cpu(), 9, 0f, 1f, 2, 1, 28, 28);
        // prob = softmax(ip2): the softmax of ip2 taken here equals the net's own
        assertArrayEquals(Occlusion.probabilities(net, x), Occlusion.probabilities(net, x, "ip2"), 1e-6f);
        assertArrayEquals(Occlusion.probabilities(net, x), Occlusion.probabilities(net, x, "prob"), 0f);
        assertEquals(10, Occlusion.classCount(net, "ip2"));
    }

    @Test
    void defaultsScaleWithTheInput() {
        Occlusion.Settings big = Occlusion.Settings.defaults(227, 227);
        assertEquals(32, big.size());
        assertEquals(16, big.stride());
        assertEquals(13, Occlusion.positions(227, big.size(), big.stride()));
        Occlusion.Settings small = Occlusion.Settings.defaults(28, 28);
        assertEquals(8, small.size());
        assertEquals(4, small.stride());
    }

    @Test
    void batchesGiveTheSameMapsAsOneByOne() {
        Net net = BuiltinNets.create("lenet", Devices.cpu());
        net.randomizeWeights(5);
        Tensor x = Tensor.uniform(Devices.cpu(), 9, 0f, 1f, 1, 1, 28, 28);
        Occlusion.Result one = Occlusion.run(net, x, 3, new Occlusion.Settings(7, 3, new float[] {0.5f}, 1), null);
        Occlusion.Result many = Occlusion.run(net, x, 3, new Occlusion.Settings(7, 3, new float[] {0.5f}, 13), null);
        assertEquals(8, one.rows());
        assertEquals(8, one.cols());
        assertArrayEquals(one.classProb(), many.classProb(), 1e-6f);
        assertArrayEquals(one.topProb(), many.topProb(), 1e-6f);
        assertArrayEquals(one.topClass(), many.topClass());
        // and each cell is the net's answer on that one occluded image
        float[] img = x.toArray();
        int pos = 2 * 8 + 5;
        Occlusion.occlude(img, 0, 1, 28, 28, 2 * 3, 5 * 3, 7, new float[] {0.5f});
        float[] p = Occlusion.probabilities(net, Tensor.of(Devices.cpu(), img, 1, 1, 28, 28));
        assertEquals(p[3], one.classProb()[pos], 1e-6f);
    }

    @Test
    void occludeSetsExactlyTheClippedSquare() {
        float[] v = new float[2 * 4 * 5];
        java.util.Arrays.fill(v, 1f);
        Occlusion.occlude(v, 0, 2, 4, 5, 2, 3, 3, new float[] {7f, 8f});
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    boolean in = y >= 2 && x >= 3;
                    assertEquals(in ? 7f + c : 1f, v[(c * 4 + y) * 5 + x], "c" + c + " y" + y + " x" + x);
                }
            }
        }
        assertEquals(6, Occlusion.positions(28, 8, 4));
        assertEquals(1, Occlusion.positions(5, 8, 4));
    }

    @Test
    void theMapLaidOverTheImagePutsEachCellAtItsSquaresCentre() {
        Planes map = new Planes(1, 2, 3, new float[] {1, 2, 3, 4, 5, 6});
        Occlusion.Result r = new Occlusion.Result(0, 1f, 0, 2, 3, new Occlusion.Settings(9, 4, null, 1), 13, 17,
                map.data(), new int[6], new float[6], new float[] {0});
        Planes full = r.toImage(map);
        // square (i, j) covers [4i, 4i+9) x [4j, 4j+9): centre (4i+4, 4j+4)
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(map.get(0, i, j), full.get(0, 4 * i + 4, 4 * j + 4), 1e-6f);
            }
        }
        assertEquals(1f, full.get(0, 0, 0), 1e-6f);
        assertEquals(1.5f, full.get(0, 4, 6), 1e-6f);
    }

    @Test
    void aClassOutOfRangeIsRefused() {
        Net net = BuiltinNets.create("lenet", Devices.cpu());
        net.randomizeWeights(5);
        Tensor x = Tensor.zeros(Devices.cpu(), 1, 1, 28, 28);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Occlusion.run(net, x, 10, new Occlusion.Settings(8, 4, null, 8), null));
        assertTrue(e.getMessage().contains("0-9"), e.getMessage());
    }
}
