package org.convscope.vis.attribution;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.TestData;

/** The first MNIST test digits and the trained LeNet, from the shared test data (tests skip without it). */
final class Mnist {
    private Mnist() {
    }

    /** Digit {@code k} of the test set as a 1 x 1 x 28 x 28 tensor of pixels / 256 (as LeNet was trained). */
    static Tensor digit(int k) throws IOException {
        Path p = TestData.require("mnist/t10k-images-idx3-ubyte.gz");
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(p)))) {
            if (in.readInt() != 0x803) {
                throw new IOException("not an IDX image file: " + p);
            }
            in.readInt();
            in.readInt();
            in.readInt();
            in.skipNBytes(784L * k);
            byte[] b = new byte[784];
            in.readFully(b);
            float[] f = new float[784];
            for (int i = 0; i < 784; i++) {
                f[i] = (b[i] & 0xff) * 0.00390625f;
            }
            return Tensor.of(Devices.cpu(), f, 1, 1, 28, 28);
        }
    }

    /** The trained LeNet (current-format caffemodel) on the CPU device. */
    static Net lenet() throws IOException {
        Path dir = TestData.require("models/lenet_mnist_v2");
        return Net.load(dir.resolve("lenet.prototxt"), dir.resolve("lenet_iter_10000.caffemodel"), Devices.cpu());
    }
}
