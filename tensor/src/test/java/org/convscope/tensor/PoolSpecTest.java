package org.convscope.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PoolSpecTest {

    @Test
    void caffeRoundsUp() {
        // AlexNet pool1: 55 -> 27; GoogLeNet pool1/3x3_s2: 112 -> 56 (floor would give 55)
        assertEquals(27, PoolSpec.of(3, 2, 0).outH(55));
        assertEquals(56, PoolSpec.of(3, 2, 0).outH(112));
        // VGG 2x2/2 halves
        assertEquals(112, PoolSpec.of(2, 2, 0).outW(224));
        // cifar10_quick pool1: 32 -> k3 s2 -> ceil(29/2)+1 = 16
        assertEquals(16, PoolSpec.of(3, 2, 0).outH(32));
    }

    @Test
    void lastWindowMustStartInsideWhenPadded() {
        // in 5, k 2, s 2, pad 1: ceil((5+2-2)/2)+1 = 4, last window starts at 3*2-1 = 5 = in: clipped to 3
        assertEquals(3, PoolSpec.of(2, 2, 1).outH(5));
    }

    @Test
    void rejectsPadNotSmallerThanKernel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoolSpec.of(2, 1, 2));
        assertEquals("pool: pad must be in [0, kernel), got pad 2x2 for kernel 2x2", e.getMessage());
    }

    @Property
    void everyWindowStartsInsideThePaddedInput(@ForAll @IntRange(min = 1, max = 40) int in,
                                               @ForAll @IntRange(min = 1, max = 5) int k,
                                               @ForAll @IntRange(min = 1, max = 4) int stride,
                                               @ForAll @IntRange(min = 0, max = 4) int pad) {
        if (pad >= k || k > in + 2 * pad) {
            return;
        }
        PoolSpec spec = PoolSpec.of(k, stride, pad);
        int out = spec.outH(in);
        // the last window starts inside the input or its leading padding
        assertEquals(true, (out - 1) * stride - pad < in);
        // and no window that would start inside was dropped (beyond the floor rule's count)
        assertEquals(true, out >= (in + 2 * pad - k) / stride + 1);
    }
}
