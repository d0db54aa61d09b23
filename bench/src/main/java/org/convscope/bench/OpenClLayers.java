package org.convscope.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fully connected layers the OpenCL GEMM benchmark runs, with their work counted once (the
 * convolutions are {@link org.convscope.tensor.ConvCase}).
 */
final class OpenClLayers {
    private OpenClLayers() {
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

    static final Map<String, Fc> FCS = new LinkedHashMap<>();

    static {
        for (Fc f : List.of(new Fc("alexnet.fc6", 9216, 4096), new Fc("alexnet.fc7", 4096, 4096),
                new Fc("alexnet.fc8", 4096, 1000), new Fc("vgg16.fc6", 25088, 4096))) {
            FCS.put(f.name(), f);
        }
    }
}
