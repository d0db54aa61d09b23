package org.convscope.vis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.convscope.kernels.OpenClDevice;
import org.convscope.nn.Net;
import org.convscope.nn.caffe.NetDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.TestDevices;
import org.convscope.vis.optimize.DeepDream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Long use of one OpenCL device in one JVM leaks nothing: 1,000 forward/backward passes and 200
 * optimization runs leave the device's live buffers and bytes ({@link OpenClDevice#liveBuffers})
 * and the Java heap where they were after a warm-up.
 */
class ResourceLeakTest {
    private static final String NET = """
            name: "tiny"
            input: "data" input_dim: 1 input_dim: 3 input_dim: 24 input_dim: 24
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
            layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2" convolution_param { num_output: 8 kernel_size: 3 } }
            layer { name: "relu2" type: "ReLU" bottom: "conv2" top: "conv2" }
            layer { name: "fc" type: "InnerProduct" bottom: "conv2" top: "fc" inner_product_param { num_output: 10 } }
            layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
            """;

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void passes(Net net, Device d, int n, long seed) {
        for (int i = 0; i < n; i++) {
            try (Tensor x = Tensor.uniform(d, seed + i, -1f, 1f, 1, 3, 24, 24);
                 Tensor top = d.allocate(Shape.of(1, 10))) {
                net.forward(x, "prob");
                d.fill(top, 0f);
                net.backward(Map.of("fc", top), ReluMode.values()[i % 3]);
            }
        }
    }

    private static void dreams(Net net, Device d, int n) {
        for (int i = 0; i < n; i++) {
            try (Tensor x = Tensor.uniform(d, i, -1f, 1f, 1, 3, 24, 24);
                 DeepDream dd = DeepDream.init(net, "conv2", x, new DeepDream.Settings(2, 2, 1.4f, 0.05f, 2, -2f, 2f, i))) {
                while (dd.step()) {
                    // run to the end
                }
                dd.result().toArray();
            }
        }
    }

    @Test
    void deviceBuffersAndHeapStayFlat() throws Exception {
        OpenClDevice cl = TestDevices.others().stream().filter(OpenClDevice.class::isInstance)
                .map(OpenClDevice.class::cast).findFirst().orElse(null);
        Assumptions.assumeTrue(cl != null, "no OpenCL device: the resource test needs one");
        Net net = Net.fromDef(NetDef.parse(NET, "tiny"), cl);
        net.randomizeWeights(1);

        passes(net, cl, 20, 0);
        dreams(net, cl, 5);
        cl.synchronize();
        long buffers = cl.liveBuffers();
        long bytes = cl.liveBytes();
        long heap = usedHeap();

        passes(net, cl, 1000, 100);
        cl.synchronize();
        long buffersPasses = cl.liveBuffers();
        dreams(net, cl, 200);
        cl.synchronize();
        long buffersAfter = cl.liveBuffers();
        long bytesAfter = cl.liveBytes();
        long heapAfter = usedHeap();

        String figures = "live buffers " + buffers + " -> " + buffersPasses + " after the passes -> " + buffersAfter + ", bytes " + bytes + " -> " + bytesAfter
                + ", heap " + heap / 1024 + " -> " + heapAfter / 1024 + " KiB";
        System.out.println("ResourceLeakTest: " + figures);
        assertTrue(buffersAfter <= buffers && bytesAfter <= bytes, "device memory grew: " + figures);
        assertTrue(heapAfter - heap < 8L << 20, "heap grew by more than 8 MiB: " + figures);
    }
}
