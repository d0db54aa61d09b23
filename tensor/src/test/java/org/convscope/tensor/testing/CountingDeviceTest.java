package org.convscope.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/** The counting wrapper counts what crosses to and from the host, and nothing else. */
class CountingDeviceTest {
    @Test
    void countsReadsAndWritesButNotOpsOrScalars() {
        CountingDevice counting = CountingDevice.over(CpuDevice.shared());
        Device d = counting.device();
        Tensor x = Tensor.of(d, new float[] {3, -1, 2, 0, 5, 4}, 1, 1, 2, 3);
        assertSame(d, x.device(), "tensors belong to the wrapper");
        assertEquals(6, counting.written());
        Tensor y = d.allocate(x.shape());
        d.scale(x, 2f, y);
        d.concatChannels(List.of(x, y), d.allocate(Shape.of(1, 2, 2, 3)));
        Tensor view = y.reshape(6);
        assertEquals(26f, d.sum(view));
        assertEquals(4f, d.kthSmallest(x, 4));
        assertEquals(0, counting.read(), "ops and reductions move no tensor");
        assertArrayEquals(new float[] {6, -2, 4, 0, 10, 8}, view.toArray());
        assertEquals(6, counting.read());
        assertEquals(1, counting.readCalls());
        counting.reset();
        assertEquals(0, counting.read() + counting.written());
    }

    @Test
    void adoptKeepsTheArrayOnTheCpuAndCountsAsAWrite() {
        float[] a = {1, 2, 3, 4, 5, 6};
        Tensor t = CpuDevice.shared().adopt(a, 2, 3);
        assertSame(a, CpuDevice.data(t), "the CPU device keeps the caller's array, no copy");
        assertEquals(Shape.of(2, 3), t.shape());
        CountingDevice counting = CountingDevice.over(CpuDevice.shared());
        Tensor c = counting.device().adopt(new float[] {7, 8, 9}, 3);
        assertSame(counting.device(), c.device());
        assertEquals(3, counting.written());
        assertArrayEquals(new float[] {7, 8, 9}, c.toArray());
    }
}
