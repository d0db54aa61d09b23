package org.convscope.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;

import org.convscope.tensor.Device;
import org.convscope.tensor.IntTensor;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ties in max pooling are the rule after a ReLU (windows of zeros) and in dead branches of a
 * random net (maps equal to their bias): the OpenCL switches must be the CPU's, the first maximum
 * in row-major order, or the deconvnet and the gradients go down different paths.
 */
class MaxPoolTiesTest {

    @ParameterizedTest(name = "kernel {0} stride {1} pad {2}")
    @CsvSource({"3,1,1", "3,2,0", "2,2,0", "3,2,1", "5,3,2"})
    void switchesOnTiesAreTheFirstMaximumLikeTheCpu(int k, int stride, int pad) {
        Device cl = ClTestDevice.get();
        CpuDevice cpu = CpuDevice.shared();
        Shape xs = Shape.of(2, 5, 13, 11);
        float[] v = new float[xs.size()];
        SplittableRandom rnd = new SplittableRandom(k * 100 + stride * 10 + pad);
        for (int i = 0; i < v.length; i++) {
            // three levels, most of them zero: ties everywhere
            int r = rnd.nextInt(10);
            v[i] = r < 6 ? 0f : r < 9 ? 0.5f : 1f;
        }
        PoolSpec spec = PoolSpec.of(k, stride, pad);
        Shape ys = spec.outputShape(xs);
        Tensor x = cpu.wrap(v, xs.dims());
        Tensor y = cpu.allocate(ys);
        IntTensor s = cpu.allocateInt(ys);
        cpu.maxPool(x, spec, y, s);
        try (Tensor xc = x.to(cl); Tensor yc = cl.allocate(ys); IntTensor sc = cl.allocateInt(ys)) {
            cl.maxPool(xc, spec, yc, sc);
            assertArrayEquals(s.toArray(), sc.toArray(), "switches on ties");
            assertArrayEquals(y.toArray(), yc.toArray(), "pooled values");
        }
    }
}
