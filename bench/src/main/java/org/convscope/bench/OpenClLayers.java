package org.convscope.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;

/**
 * The layer shapes the OpenCL benchmarks run, with their work counted once: the five AlexNet
 * (CaffeNet layout) convolutions, the thirteen VGG16 convolutions, and the fully connected
 * layers as GEMMs. (A shared {@code ConvCase} record is being added to the tensor module; these
 * benchmarks move to it once it is on main.)
 */
final class OpenClLayers {
    private OpenClLayers() {
    }

    /** One convolution: input C x H x W at batch n, K filters of kh x kw, square stride and pad. */
    record Conv(String name, int c, int h, int w, int k, int kernel, int stride, int pad, int groups) {
        Shape input(int n) {
            return Shape.of(n, c, h, w);
        }

        Shape weights() {
            return Shape.of(k, c / groups, kernel, kernel);
        }

        ConvSpec spec() {
            return ConvSpec.of(stride, pad, groups);
        }

        Shape output(int n) {
            return spec().outputShape(input(n), weights());
        }

        /** 2 x multiply-adds of forward (the same for backward-data and backward-weights). */
        double flops(int n) {
            return 2.0 * output(n).size() * (c / groups) * kernel * kernel;
        }
    }

    /** A fully connected layer {@code y (n x out) = x (n x in) * W^T}, W stored out x in. */
    record Fc(String name, int in, int out) {
        double flops(int n) {
            return 2.0 * n * in * out;
        }

        /** Bytes that must move at least once: weights, input, output. */
        double bytes(int n) {
            return 4.0 * ((double) in * out + (double) n * in + (double) n * out);
        }
    }

    static final Map<String, Conv> CONVS = new LinkedHashMap<>();
    static final Map<String, Fc> FCS = new LinkedHashMap<>();

    static {
        for (Conv c : List.of(
                new Conv("alexnet.conv1", 3, 227, 227, 96, 11, 4, 0, 1),
                new Conv("alexnet.conv2", 96, 27, 27, 256, 5, 1, 2, 2),
                new Conv("alexnet.conv3", 256, 13, 13, 384, 3, 1, 1, 1),
                new Conv("alexnet.conv4", 384, 13, 13, 384, 3, 1, 1, 2),
                new Conv("alexnet.conv5", 384, 13, 13, 256, 3, 1, 1, 2))) {
            CONVS.put(c.name(), c);
        }
        int[][] blocks = {{1, 2, 3, 64, 224}, {2, 2, 64, 128, 112}, {3, 3, 128, 256, 56}, {4, 3, 256, 512, 28},
            {5, 3, 512, 512, 14}};
        for (int[] b : blocks) {
            for (int i = 1; i <= b[1]; i++) {
                String name = "vgg16.conv" + b[0] + "_" + i;
                CONVS.put(name, new Conv(name, i == 1 ? b[2] : b[3], b[4], b[4], b[3], 3, 1, 1, 1));
            }
        }
        for (Fc f : List.of(new Fc("alexnet.fc6", 9216, 4096), new Fc("alexnet.fc7", 4096, 4096),
                new Fc("alexnet.fc8", 4096, 1000), new Fc("vgg16.fc6", 25088, 4096))) {
            FCS.put(f.name(), f);
        }
    }
}
