package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

class TopGradientsTest {
    private static final CpuDevice CPU = CpuDevice.shared();

    @Test
    void oneHotAtTheMaximumOrAGivenPosition() {
        Tensor scores = Tensor.of(CPU, new float[] {1, 5, 2, 9, 0, 3}, 2, 3);
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, TopGradients.oneHot(scores, 1).toArray());
        Tensor maps = Tensor.of(CPU, new float[] {0, 0, 0, 0, 1, 7, 3, 7}, 1, 2, 2, 2);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 0, 0}, TopGradients.oneHot(maps, 1).toArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1, 0}, TopGradients.oneHot(maps, 1, 1, 0).toArray());
        assertThrows(IllegalArgumentException.class, () -> TopGradients.oneHot(scores, 3));
        assertThrows(IllegalArgumentException.class, () -> TopGradients.oneHot(maps, 0, 2, 0));
    }
}
