package org.convscope.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.Approx;
import org.junit.jupiter.api.Test;

/**
 * Variants whose buffers a device cannot allocate give way to others: a layer that Winograd would
 * take, on a device whose largest buffer is too small for Winograd's transformed input, runs v4
 * instead (both passes, chosen or forced) and gives the CPU's result, where Winograd itself would
 * fail to allocate; v4's backward-weights gives way to v3 when its partial sums do not fit.
 */
class BufferFallbackTest {
    private static final Shape X = Shape.of(1, 32, 28, 28);
    private static final Shape W = Shape.of(32, 32, 3, 3);
    private static final ConvSpec SPEC = ConvSpec.of(1, 1);

    /**
     * Between v4's largest buffer (the padded input, 32 planes of 30 x 30: about 117 KB) and v6's
     * (the transformed input: 36 products x 2 panels of 32 tiles x 32 channels: 295 KB).
     */
    private static final long LIMIT = 200 * 1024;

    private static float[] forward(Device d) {
        try (Tensor x = Tensor.uniform(d, 1, -1f, 1f, X.dims()); Tensor w = Tensor.uniform(d, 2, -1f, 1f, W.dims());
             Tensor y = d.allocate(X)) {
            d.conv2d(x, w, null, SPEC, y);
            return y.toArray();
        }
    }

    private static float[] backwardData(Device d) {
        try (Tensor dy = Tensor.uniform(d, 3, -1f, 1f, X.dims()); Tensor w = Tensor.uniform(d, 2, -1f, 1f, W.dims());
             Tensor dx = d.allocate(X)) {
            d.conv2dBackwardData(dy, w, SPEC, dx);
            return dx.toArray();
        }
    }

    @Test
    void backwardWeightsWhosePartialSumsDoNotFitRunsV3() {
        OpenClDevice cl = ClTestDevice.get();
        // chunks of 8 grid positions: 36 partial sums of the 16 x 16 x 3 x 3 weights (331 KB),
        // where the padded input and dy on the grid take about 20 KB each
        Shape xs = Shape.of(1, 16, 16, 16);
        Shape ws = Shape.of(16, 16, 3, 3);
        int saved = ConvImplicit.implicitWeightsChunk;
        ConvImplicit.implicitWeightsChunk = 8;
        try {
            assertEquals(true, cl.conv.implicit.implicitWeightsFit(xs, ws, xs, SPEC), "fits the device as it is");
            cl.context().limitAllocation(100 * 1024);
            assertEquals(false, cl.conv.implicit.implicitWeightsFit(xs, ws, xs, SPEC), "partial sums over the limit");
        } finally {
            ConvImplicit.implicitWeightsChunk = saved;
            cl.context().limitAllocation(Long.MAX_VALUE);
        }
    }

    @Test
    void winogradTooLargeForTheDeviceRunsV4() {
        OpenClDevice cl = ClTestDevice.get();
        CpuDevice cpu = CpuDevice.shared();
        assertEquals(6, cl.conv.variant(X, W, SPEC, X, false), "the layer's own choice: v6");
        assertEquals(6, cl.conv.variant(X, W, SPEC, X, true), "the layer's own choice: v6");
        try {
            cl.context().limitAllocation(LIMIT);
            for (int forced : new int[] {0, 5, 6}) {
                cl.useVariant("conv", forced);
                assertEquals(4, cl.conv.variant(X, W, SPEC, X, false), "forward, variant " + forced);
                assertEquals(4, cl.conv.variant(X, W, SPEC, X, true), "backward-data, variant " + forced);
                Approx.assertCloseScaled("forward v" + forced, forward(cpu), forward(cl), Approx.RTOL);
                Approx.assertCloseScaled("backward-data v" + forced, backwardData(cpu), backwardData(cl), Approx.RTOL);
            }
            // and the limit is real: a buffer the size of Winograd's input is refused
            assertThrows(DeviceMemoryException.class, () -> cl.context().temporary(295 * 1024, "a test buffer"));
        } finally {
            cl.useVariant("conv", 0);
            cl.context().limitAllocation(Long.MAX_VALUE);
        }
    }
}
