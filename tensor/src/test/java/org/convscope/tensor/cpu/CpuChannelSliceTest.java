package org.convscope.tensor.cpu;

import static org.convscope.tensor.cpu.CpuTesting.DEV;
import static org.convscope.tensor.cpu.CpuTesting.assertRejects;
import static org.convscope.tensor.cpu.CpuTesting.iota;
import static org.convscope.tensor.cpu.CpuTesting.rand;
import static org.convscope.tensor.cpu.CpuTesting.t;
import static org.convscope.tensor.cpu.CpuTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Channel slices ({@link Tensor#channelSlice}) on the CPU device: where each item lives, the ops
 * that read and write slices (read, write, copy, fill, add, relu, reluBackward) against the same
 * op on contiguous copies, and the clear refusal of every other op.
 */
class CpuChannelSliceTest {

    @Test
    void sliceLayoutByHand() {
        Tensor rank3 = t(iota(2 * 3 * 2), 2, 3, 2);
        assertThrows(IllegalArgumentException.class, () -> rank3.channelSlice(0, 1));
        Tensor b = t(iota(12), 2, 3, 1, 2);
        Tensor s = b.channelSlice(1, 2);
        assertEquals("[2, 2, 1, 2]", Arrays.toString(s.shape().dims()));
        assertEquals(2, s.offset());
        assertEquals(6, s.itemStride());
        assertEquals(4, s.itemSize());
        assertArrayEquals(new float[] {3, 4, 5, 6, 9, 10, 11, 12}, s.toArray());
        assertTrue(s.isChannelSliceOf(b, 1));
        assertFalse(s.isChannelSliceOf(b, 0));
        assertFalse(b.isChannelSliceOf(b, 0));
        assertTrue(s.toString().contains("channels 1..2 of 3"), s.toString());
        Tensor ss = s.channelSlice(1, 1); // a slice of a slice is channel 2 of the base
        assertTrue(ss.isChannelSliceOf(b, 2));
        assertArrayEquals(new float[] {5, 6, 11, 12}, ss.toArray());
        assertRejects("channelSlice", () -> b.channelSlice(2, 2), "[2, 4)", "3 channels");
        assertRejects("reshape", () -> s.reshape(8), "channel slice");
    }

    @Test
    void writeAndFillReachOnlyTheSlice() {
        Tensor b = t(iota(8), 2, 4);
        DEV.write(b.channelSlice(1, 2), new float[] {-1, -2, -3, -4});
        assertArrayEquals(new float[] {1, -1, -2, 4, 5, -3, -4, 8}, b.toArray());
        DEV.fill(b.channelSlice(3, 1), 0f);
        assertArrayEquals(new float[] {1, -1, -2, 0, 5, -3, -4, 0}, b.toArray());
        Tensor copy = b.channelSlice(0, 2).to(DEV);
        assertFalse(copy.isChannelSlice());
        assertArrayEquals(new float[] {1, -1, 5, -3}, copy.toArray());
    }

    /** Each slice op equals the op on contiguous copies, for every choice of which arguments are slices. */
    @Property(tries = 30)
    void sliceOpsEqualContiguousOps(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 4) int c,
                                    @ForAll @IntRange(min = 1, max = 3) int hw, @ForAll @IntRange(min = 0, max = 7) int which,
                                    @ForAll long seed) {
        int[] dims = {n, c, hw, hw + 1};
        Slot x = new Slot(seed, (which & 1) != 0, dims);
        Slot y = new Slot(seed + 1, (which & 2) != 0, dims);
        Slot z = new Slot(seed + 2, (which & 4) != 0, dims);

        DEV.relu(x.t, y.t);
        y.expect(relu(x.values()));
        for (ReluMode m : ReluMode.values()) {
            Tensor ref = zeros(dims);
            DEV.reluBackward(x.t.to(DEV), y.t.to(DEV), m, ref);
            DEV.reluBackward(x.t, y.t, m, z.t);
            z.expect(ref.toArray());
        }
        Tensor sum = zeros(dims);
        DEV.add(x.t.to(DEV), z.t.to(DEV), sum);
        DEV.add(x.t, z.t, y.t);
        y.expect(sum.toArray());
        DEV.copy(x.t, z.t);
        z.expect(x.values());
        DEV.fill(y.t, 3f);
        float[] threes = new float[x.t.size()];
        Arrays.fill(threes, 3f);
        y.expect(threes);
        DEV.relu(y.t, y.t); // in place on a slice
        y.expect(threes);
    }

    @Test
    void otherOpsRefuseSlices() {
        Tensor b = rand(1, 1, 4, 3, 3);
        float[] before = b.toArray();
        Tensor s = b.channelSlice(1, 2);
        assertRejects("scale", () -> DEV.scale(s, 2f, s), "a 1x2x3x3 channel slice (channels 1..2 of 4) was given",
                "scale takes contiguous tensors only", "Tensor.to(device)");
        assertRejects("conv2d", () -> DEV.conv2d(s, rand(2, 2, 2, 1, 1), null, ConvSpec.of(1, 0), zeros(1, 2, 3, 3)),
                "channel slice");
        assertRejects("copy", () -> DEV.copy(s, zeros(18)), "source 1x2x3x3 and destination 18 differ in shape");
        assertArrayEquals(before, b.toArray());
    }

    private static float[] relu(float[] x) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(y[i], 0f);
        }
        return y;
    }

    /**
     * An argument of shape {@code dims}: a slice of channels [1, 1 + C) of a wider tensor whose other
     * channels hold a guard pattern that no op may touch, or a tensor of its own.
     */
    private static final class Slot {
        final Tensor base;
        final Tensor t;
        final float[] guard;

        Slot(long seed, boolean slice, int[] dims) {
            if (slice) {
                int[] wide = dims.clone();
                wide[1] += 3;
                base = rand(seed, wide);
                t = base.channelSlice(1, dims[1]);
            } else {
                base = rand(seed, dims);
                t = base;
            }
            guard = base.toArray();
        }

        float[] values() {
            return t.toArray();
        }

        /** The slice holds {@code want} and the rest of the base is as it was. */
        void expect(float[] want) {
            assertArrayEquals(want, t.toArray(), 0f);
            if (t == base) {
                return;
            }
            float[] now = base.toArray();
            int n = base.shape().dim(0);
            int item = base.itemSize();
            for (int i = 0; i < now.length; i++) {
                int within = i % item;
                boolean inside = within >= t.offset() && within < t.offset() + t.itemSize();
                if (!inside) {
                    assertEquals(guard[i], now[i], 0f, "element " + i + " outside the slice changed (" + n + " items)");
                }
            }
        }
    }
}
