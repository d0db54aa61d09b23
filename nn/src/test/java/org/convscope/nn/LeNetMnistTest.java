package org.convscope.nn;

import org.convscope.tensor.testing.TestData;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the trained LeNets classify the 10,000 MNIST test digits (pixels / 256) exactly as
 * an independent NumPy forward pass did: 9905 correct (V1 file) and 9914 (current format).
 */
class LeNetMnistTest {
    private static final int BATCH = 500;

    static float[] images() throws IOException {
        try (DataInputStream in = gz(TestData.require("mnist/t10k-images-idx3-ubyte.gz"))) {
            if (in.readInt() != 0x803) {
                throw new IOException("not an IDX image file");
            }
            int n = in.readInt();
            int h = in.readInt();
            int w = in.readInt();
            byte[] b = new byte[n * h * w];
            in.readFully(b);
            float[] f = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                f[i] = (b[i] & 0xff) * 0.00390625f;
            }
            return f;
        }
    }

    static int[] labels() throws IOException {
        try (DataInputStream in = gz(TestData.require("mnist/t10k-labels-idx1-ubyte.gz"))) {
            if (in.readInt() != 0x801) {
                throw new IOException("not an IDX label file");
            }
            int n = in.readInt();
            int[] l = new int[n];
            for (int i = 0; i < n; i++) {
                l[i] = in.readUnsignedByte();
            }
            return l;
        }
    }

    private static DataInputStream gz(Path p) throws IOException {
        InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16);
        return new DataInputStream(in);
    }

    static int correct(Net net, String output, float[] images, int[] labels) {
        Device d = net.device();
        int correct = 0;
        for (int start = 0; start < labels.length; start += BATCH) {
            float[] batch = java.util.Arrays.copyOfRange(images, start * 784, (start + BATCH) * 784);
            Tensor x = Tensor.of(d, batch, BATCH, 1, 28, 28);
            float[] scores = net.forward(x, output).toArray();
            for (int i = 0; i < BATCH; i++) {
                int best = 0;
                for (int k = 1; k < 10; k++) {
                    if (scores[i * 10 + k] > scores[i * 10 + best]) {
                        best = k;
                    }
                }
                if (best == labels[start + i]) {
                    correct++;
                }
            }
        }
        return correct;
    }

    @Test
    void legacyV1LeNet() throws Exception {
        Path dir = TestData.require("models/lenet_mnist_v1");
        Net net = Net.load(dir.resolve("lenet.prototxt"), dir.resolve("lenet_iter_10000.caffemodel"), CpuDevice.shared());
        assertEquals(9905, correct(net, "prob", images(), labels()));
    }

    @Test
    void currentFormatLeNet() throws Exception {
        Path dir = TestData.require("models/lenet_mnist_v2");
        Net net = Net.load(dir.resolve("lenet.prototxt"), dir.resolve("lenet_iter_10000.caffemodel"), CpuDevice.shared());
        assertEquals(9914, correct(net, "prob", images(), labels()));
    }

    @Test
    void trainTestPrototxtLoadsForInference() throws Exception {
        Path dir = TestData.require("models/lenet_mnist_v2");
        Net net = Net.load(dir.resolve("lenet_train_test.prototxt"), dir.resolve("lenet_iter_10000.caffemodel"),
                CpuDevice.shared());
        assertEquals(java.util.List.of("data"), net.inputNames());
        assertEquals(java.util.List.of("mnist", "accuracy", "loss"),
                net.skippedLayers().stream().map(l -> l.name()).toList());
        assertEquals("ip2", net.outputName());
        float[] images = java.util.Arrays.copyOf(images(), 1000 * 784);
        int[] labels = java.util.Arrays.copyOf(labels(), 1000);
        Net deploy = Net.load(dir.resolve("lenet.prototxt"), dir.resolve("lenet_iter_10000.caffemodel"), CpuDevice.shared());
        assertEquals(correct(deploy, "prob", images, labels), correct(net, "ip2", images, labels));
        // with the loss layers kept, the label is a second input and the loss is computed
        Net train = Net.fromDef(org.convscope.nn.caffe.NetDef.read(dir.resolve("lenet_train_test.prototxt")),
                CpuDevice.shared(), new Net.Options(org.convscope.nn.caffe.NetDef.Phase.TEST, true));
        train.loadWeights(dir.resolve("lenet_iter_10000.caffemodel"));
        float[] lab = new float[100];
        for (int i = 0; i < 100; i++) {
            lab[i] = labels[i];
        }
        var out = train.forward(java.util.Map.of(
                "data", Tensor.of(CpuDevice.shared(), java.util.Arrays.copyOf(images, 100 * 784), 100, 1, 28, 28),
                "label", Tensor.of(CpuDevice.shared(), lab, 100)), "accuracy", "loss");
        float acc = out.get("accuracy").toArray()[0];
        float loss = out.get("loss").toArray()[0];
        assertEquals(1.0f, acc, 0.021f);
        org.junit.jupiter.api.Assertions.assertTrue(loss > 0 && loss < 0.2, "loss " + loss);
    }
}
