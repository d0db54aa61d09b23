package org.convscope.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad calls to the conv ops and to gemm name the op and the shapes, and change nothing. */
class ConvGemmArgumentsTest {
    private final Device d = CpuDevice.shared();

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void conv2dChannelsMustMatchWeightsTimesGroups() {
        Tensor x = Tensor.zeros(d, 1, 3, 27, 27);
        Tensor w = Tensor.zeros(d, 256, 48, 5, 5);
        Tensor y = Tensor.full(d, 7f, 1, 256, 27, 27);
        assertEquals("conv2d: input has 3 channels, weights expect 48 per group x 2 groups"
                        + " (input 1x3x27x27, weights 256x48x5x5)",
                message(() -> d.conv2d(x, w, null, ConvSpec.of(1, 2, 2), y)));
        assertEquals(7f, y.toArray()[0], "output untouched");
    }

    @Test
    void conv2dOutputMustHaveTheComputedShape() {
        Tensor x = Tensor.zeros(d, 1, 3, 227, 227);
        Tensor w = Tensor.zeros(d, 96, 3, 11, 11);
        Tensor y = Tensor.zeros(d, 1, 96, 56, 56);
        assertEquals("conv2d: output is 1x96x56x56, expected 1x96x55x55",
                message(() -> d.conv2d(x, w, null, ConvSpec.of(4, 0), y)));
    }

    @Test
    void conv2dRejectsFiltersNotDivisibleByGroupsAndWrongBias() {
        Tensor x = Tensor.zeros(d, 1, 4, 5, 5);
        assertEquals("conv2d: weights 3x2x3x3 have 3 filters, not divisible by 2 groups",
                message(() -> d.conv2d(x, Tensor.zeros(d, 3, 2, 3, 3), null, ConvSpec.of(1, 1, 2),
                        Tensor.zeros(d, 1, 3, 5, 5))));
        assertEquals("conv2d: bias has 5 values (5), expected 4",
                message(() -> d.conv2d(x, Tensor.zeros(d, 4, 2, 3, 3), Tensor.zeros(d, 5), ConvSpec.of(1, 1, 2),
                        Tensor.zeros(d, 1, 4, 5, 5))));
    }

    @Test
    void conv2dRejectsAKernelLargerThanThePaddedInput() {
        assertEquals("conv2d: kernel 7x7 with pad 1x1 does not fit input 1x1x4x4",
                message(() -> d.conv2d(Tensor.zeros(d, 1, 1, 4, 4), Tensor.zeros(d, 1, 1, 7, 7), null,
                        ConvSpec.of(1, 1), Tensor.zeros(d, 1, 1, 1, 1))));
    }

    @Test
    void gradientsNameTheirOp() {
        Tensor w = Tensor.zeros(d, 8, 4, 3, 3);
        Tensor dx = Tensor.full(d, 7f, 1, 4, 6, 6);
        assertEquals("conv2dBackwardData: output gradient is 1x8x5x5, expected 1x8x6x6",
                message(() -> d.conv2dBackwardData(Tensor.zeros(d, 1, 8, 5, 5), w, ConvSpec.of(1, 1), dx)));
        assertEquals(7f, dx.toArray()[0], "input gradient untouched");
        assertEquals("conv2dBackwardWeights: input has 4 channels, weights expect 2 per group x 1 group"
                        + " (input 1x4x6x6, weights 8x2x3x3)",
                message(() -> d.conv2dBackwardWeights(Tensor.zeros(d, 1, 4, 6, 6), Tensor.zeros(d, 1, 8, 6, 6),
                        ConvSpec.of(1, 1), Tensor.zeros(d, 8, 2, 3, 3), false)));
        assertEquals("conv2dBackwardBias: bias has 4 values (4), expected 8",
                message(() -> d.conv2dBackwardBias(Tensor.zeros(d, 1, 8, 6, 6), Tensor.zeros(d, 4), true)));
        assertEquals("convTranspose2d: input is 1x8x5x5, expected 1x8x6x6",
                message(() -> d.convTranspose2d(Tensor.zeros(d, 1, 8, 5, 5), w, null, ConvSpec.of(1, 1), dx)));
    }

    @Test
    void gemmNamesTheMatrixThatIsTooSmall() {
        Tensor a = Tensor.zeros(d, 2, 3);
        Tensor b = Tensor.zeros(d, 3, 4);
        Tensor c = Tensor.full(d, 7f, 2, 4);
        assertEquals("gemm: A must hold 4x3 = 12 values, has 6 (2x3)",
                message(() -> d.gemm(true, false, 3, 4, 4, 1f, a, b, 0f, c)));
        assertEquals("gemm: B must hold 5x3 = 15 values, has 12 (3x4)",
                message(() -> d.gemm(false, true, 2, 5, 3, 1f, a, b, 0f, Tensor.zeros(d, 2, 5))));
        assertEquals("gemm: C must hold 2x5 = 10 values, has 8 (2x4)",
                message(() -> d.gemm(false, false, 2, 5, 3, 1f, a, Tensor.zeros(d, 3, 5), 0f, c)));
        assertEquals("gemm: dimensions must be positive, got M=0 N=4 K=3",
                message(() -> d.gemm(false, false, 0, 4, 3, 1f, a, b, 0f, c)));
        assertArrayEquals(new float[]{7, 7, 7, 7, 7, 7, 7, 7}, c.toArray(), "C untouched");
    }

    @Test
    void gramNamesTheShapes() {
        assertEquals("gram: output is 1x3x4, expected 1x3x3",
                message(() -> d.gram(Tensor.zeros(d, 1, 3, 2, 2), Tensor.zeros(d, 1, 3, 4))));
        assertEquals("gramBackward: gram gradient is 1x2x2, expected 1x3x3",
                message(() -> d.gramBackward(Tensor.zeros(d, 1, 3, 2, 2), Tensor.zeros(d, 1, 2, 2),
                        Tensor.zeros(d, 1, 3, 2, 2))));
    }
}
