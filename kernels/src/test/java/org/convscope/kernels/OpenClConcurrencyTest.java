package org.convscope.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Threads sharing one device: the convolutions and GEMMs share the device's scratch buffers and
 * kernel objects, so concurrent calls must give exactly what one thread alone gets.
 */
class OpenClConcurrencyTest {

    private static float[] work(OpenClDevice cl, int seed) {
        // two shapes of different sizes, so that the shared scratch buffers are regrown and reused
        Tensor x1 = Tensor.uniform(cl, seed, -1, 1, 1, 8, 30, 30);
        Tensor w1 = Tensor.uniform(cl, seed + 1, -1, 1, 16, 8, 3, 3);
        Tensor y1 = cl.allocate(Shape.of(1, 16, 30, 30));
        cl.conv2d(x1, w1, null, ConvSpec.of(1, 1), y1);
        Tensor x2 = Tensor.uniform(cl, seed + 2, -1, 1, 1, 4, 9, 9);
        Tensor w2 = Tensor.uniform(cl, seed + 3, -1, 1, 6, 4, 5, 5);
        Tensor dx2 = cl.allocate(Shape.of(1, 4, 9, 9));
        cl.conv2dBackwardData(Tensor.uniform(cl, seed + 4, -1, 1, 1, 6, 5, 5), w2, ConvSpec.of(1, 0), dx2);
        Tensor c = cl.allocate(Shape.of(40, 50));
        cl.gemm(false, true, 40, 50, 30, 1f, Tensor.uniform(cl, seed + 5, -1, 1, 1200),
                Tensor.uniform(cl, seed + 6, -1, 1, 1500), 0f, c);
        float[] a = y1.toArray();
        float[] b = dx2.toArray();
        float[] d = c.toArray();
        float[] all = new float[a.length + b.length + d.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(d, 0, all, a.length + b.length, d.length);
        return all;
    }

    @Test
    void threadsSharingTheDeviceGetTheSingleThreadedResults() throws Exception {
        OpenClDevice cl = ClTestDevice.get();
        int threads = 4;
        float[][] alone = new float[threads][];
        for (int t = 0; t < threads; t++) {
            alone[t] = work(cl, 10 * t);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<float[]>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int seed = 10 * t;
                    futures.add(pool.submit(() -> work(cl, seed)));
                }
                for (int t = 0; t < threads; t++) {
                    assertArrayEquals(alone[t], futures.get(t).get(), "thread " + t + " round " + round);
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
