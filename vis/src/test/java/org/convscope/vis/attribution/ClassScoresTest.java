package org.convscope.vis.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/** The host softmax that the classifier, occlusion and the application share. */
class ClassScoresTest {
    @Test
    void softmaxEqualsTheCpuDevicesAndSumsToOne() {
        CpuDevice cpu = CpuDevice.shared();
        Tensor z = Tensor.uniform(cpu, 3, -20f, 20f, 1, 37);
        Tensor y = cpu.allocate(z.shape());
        cpu.softmax(z, y);
        float[] p = ClassScores.softmax(z.toArray());
        assertArrayEquals(y.toArray(), p, 1e-6f);
        double sum = 0;
        for (float v : p) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void largeScoresDoNotOverflowAndARangeLeavesItsNeighboursAlone() {
        float[] p = ClassScores.softmax(new float[] {1000f, 1000f + (float) Math.log(3)});
        assertArrayEquals(new float[] {0.25f, 0.75f}, p, 1e-4f);

        float[] z = {7f, 0f, 0f, 9f};
        ClassScores.softmaxInPlace(z, 1, 2);
        assertArrayEquals(new float[] {7f, 0.5f, 0.5f, 9f}, z, 0f);
    }
}
