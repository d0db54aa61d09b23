package org.convscope.tensor.cpu;

import static org.convscope.tensor.cpu.CpuTesting.DEV;
import static org.convscope.tensor.cpu.CpuTesting.assertRejects;
import static org.convscope.tensor.cpu.CpuTesting.iota;
import static org.convscope.tensor.cpu.CpuTesting.rand;
import static org.convscope.tensor.cpu.CpuTesting.t;
import static org.convscope.tensor.cpu.CpuTesting.weighted;
import static org.convscope.tensor.cpu.CpuTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.Approx;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

/** Channel concat/split and the per-channel image ops: blur, shift, resize, crop/pad. */
class CpuImageTest {

    // ---------------------------------------------------------------- concat / split

    @Test
    void concatByHand() {
        Tensor a = t(new float[] {1, 2, 3, 4}, 2, 1, 1, 2);
        Tensor b = t(new float[] {5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 1, 2);
        Tensor y = zeros(2, 3, 1, 2);
        DEV.concatChannels(List.of(a, b), y);
        assertArrayEquals(new float[] {1, 2, 5, 6, 7, 8, /* item 1 */ 3, 4, 9, 10, 11, 12}, y.toArray());
        Tensor fc = zeros(2, 3);
        DEV.concatChannels(List.of(t(new float[] {1, 2}, 2, 1), t(new float[] {3, 4, 5, 6}, 2, 2)), fc);
        assertArrayEquals(new float[] {1, 3, 4, 2, 5, 6}, fc.toArray());
    }

    @Property(tries = 50)
    void concatThenSplitIsIdentity(@ForAll @IntRange(min = 1, max = 3) int n,
                                   @ForAll @IntRange(min = 1, max = 4) int parts,
                                   @ForAll boolean rank2,
                                   @ForAll @IntRange(min = 1, max = 4) int h,
                                   @ForAll @IntRange(min = 1, max = 4) int w,
                                   @ForAll long seed) {
        List<Tensor> xs = new ArrayList<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        int total = 0;
        for (int i = 0; i < parts; i++) {
            int c = 1 + rnd.nextInt(4);
            total += c;
            xs.add(rank2 ? rand(seed + i, n, c) : rand(seed + i, n, c, h, w));
        }
        Tensor y = rank2 ? zeros(n, total) : zeros(n, total, h, w);
        DEV.concatChannels(xs, y);
        List<Tensor> back = new ArrayList<>();
        for (Tensor x : xs) {
            back.add(DEV.allocate(x.shape()));
        }
        DEV.splitChannels(y, back);
        for (int i = 0; i < parts; i++) {
            assertArrayEquals(xs.get(i).toArray(), back.get(i).toArray(), "part " + i);
        }
        // and the concatenation holds each part's channels at its offset
        float[] yv = y.toArray();
        int plane = rank2 ? 1 : h * w;
        int offset = 0;
        for (Tensor x : xs) {
            int c = x.shape().dim(1);
            float[] xv = x.toArray();
            for (int item = 0; item < n; item++) {
                for (int k = 0; k < c * plane; k++) {
                    assertEquals(xv[item * c * plane + k], yv[(item * total + offset) * plane + k]);
                }
            }
            offset += c;
        }
    }

    // ---------------------------------------------------------------- blur

    @Test
    void blurOfADeltaIsTheOuterProductOfTheKernel() {
        float[] x = new float[49];
        x[24] = 1f; // centre of 7x7; sigma 1 gives radius 3, so no edge is reached
        Tensor y = zeros(1, 1, 7, 7);
        DEV.gaussianBlur(t(x, 1, 1, 7, 7), 1f, y);
        double z = 1 + 2 * (Math.exp(-0.5) + Math.exp(-2) + Math.exp(-4.5));
        float[] expected = new float[49];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                int di = i - 3;
                int dj = j - 3;
                expected[i * 7 + j] = (float) (Math.exp(-(di * di + dj * dj) / 2.0) / (z * z));
            }
        }
        float[] yv = y.toArray();
        Approx.assertClose("blurred delta", expected, yv, 1e-7, 1e-5);
        assertEquals(0.159241f, yv[24], 1e-6); // 1 / z^2
    }

    @Test
    void blurReplicatesEdges() {
        // a delta at the left end of a 1x5 row: positions left of it read it again (clamped)
        float[] x = {1, 0, 0, 0, 0};
        Tensor y = zeros(1, 1, 1, 5);
        DEV.gaussianBlur(t(x, 1, 1, 1, 5), 1f, y);
        double z = 1 + 2 * (Math.exp(-0.5) + Math.exp(-2) + Math.exp(-4.5));
        double k0 = 1 / z;
        double k1 = Math.exp(-0.5) / z;
        double k2 = Math.exp(-2) / z;
        double k3 = Math.exp(-4.5) / z;
        Approx.assertClose("edge", new float[] {
            (float) (k0 + k1 + k2 + k3), (float) (k1 + k2 + k3), (float) (k2 + k3), (float) k3, 0f}, y.toArray());
    }

    @Test
    void blurWithNonPositiveSigmaCopies() {
        Tensor x = rand(3, 1, 2, 3, 3);
        Tensor y = zeros(1, 2, 3, 3);
        DEV.gaussianBlur(x, 0f, y);
        assertArrayEquals(x.toArray(), y.toArray());
    }

    @Property(tries = 40)
    void blurKeepsConstantsAndCommutesWithTransposition(@ForAll @IntRange(min = 1, max = 9) int size,
                                                        @ForAll @FloatRange(min = 0.2f, max = 3f) float sigma,
                                                        @ForAll @FloatRange(min = -5f, max = 5f) float value,
                                                        @ForAll long seed) {
        Tensor c = Tensor.full(DEV, value, 1, 2, size, size + 1);
        Tensor y = zeros(1, 2, size, size + 1);
        DEV.gaussianBlur(c, sigma, y);
        for (float v : y.toArray()) {
            assertEquals(value, v, 1e-5 * (1 + Math.abs(value)), "a constant image stays constant");
        }
        // a square image: blur(transpose(x)) = transpose(blur(x)) (the same kernel on both axes)
        float[] xv = rand(seed, size * size).toArray();
        float[] xt = new float[xv.length];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                xt[j * size + i] = xv[i * size + j];
            }
        }
        Tensor b1 = zeros(1, 1, size, size);
        Tensor b2 = zeros(1, 1, size, size);
        DEV.gaussianBlur(t(xv, 1, 1, size, size), sigma, b1);
        DEV.gaussianBlur(t(xt, 1, 1, size, size), sigma, b2);
        float[] v1 = b1.toArray();
        float[] v2 = b2.toArray();
        float[] v2t = new float[v2.length];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                v2t[i * size + j] = v2[j * size + i];
            }
        }
        Approx.assertClose("blur commutes with transposition", v1, v2t, 1e-5, 1e-4);
    }

    // ---------------------------------------------------------------- shift

    @Test
    void shiftByHand() {
        // y[i][j] = x[(i - 1) mod 2][(j + 1) mod 3]
        Tensor x = t(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);
        Tensor y = zeros(1, 1, 2, 3);
        DEV.circularShift(x, 1, -1, y);
        assertArrayEquals(new float[] {5, 6, 4, 2, 3, 1}, y.toArray());
    }

    @Property(tries = 50)
    void shiftThenShiftBackIsIdentity(@ForAll @IntRange(min = 1, max = 2) int n,
                                      @ForAll @IntRange(min = 1, max = 3) int c,
                                      @ForAll @IntRange(min = 1, max = 7) int h,
                                      @ForAll @IntRange(min = 1, max = 7) int w,
                                      @ForAll @IntRange(min = -20, max = 20) int dy,
                                      @ForAll @IntRange(min = -20, max = 20) int dx,
                                      @ForAll long seed) {
        Tensor x = rand(seed, n, c, h, w);
        Tensor y = zeros(n, c, h, w);
        Tensor z = zeros(n, c, h, w);
        DEV.circularShift(x, dy, dx, y);
        DEV.circularShift(y, -dy, -dx, z);
        assertArrayEquals(x.toArray(), z.toArray());
        // a whole turn is the identity, and the first pixel moves to (dy mod H, dx mod W)
        DEV.circularShift(x, dy + h, dx - 2 * w, z);
        assertArrayEquals(y.toArray(), z.toArray());
        assertEquals(x.toArray()[0], y.toArray()[Math.floorMod(dy, h) * w + Math.floorMod(dx, w)]);
    }

    // ---------------------------------------------------------------- resize

    @Test
    void resize2x2To4x4WithHalfPixelCentres() {
        // source rows for outputs 0..3: clamp(-0.25) = 0, 0.25, 0.75, clamp(1.25) = 1
        Tensor y = zeros(1, 1, 4, 4);
        DEV.resizeBilinear(t(new float[] {1, 2, 3, 4}, 1, 1, 2, 2), y);
        assertArrayEquals(new float[] {
            1.0f, 1.25f, 1.75f, 2.0f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.5f, 2.75f, 3.25f, 3.5f,
            3.0f, 3.25f, 3.75f, 4.0f}, y.toArray());
    }

    @Test
    void resizeDownSamplesBetweenPixels() {
        // 4 -> 2: source columns (0.5)*2 - 0.5 = 0.5 and 2.5
        Tensor y = zeros(1, 1, 1, 2);
        DEV.resizeBilinear(t(new float[] {0, 1, 2, 3}, 1, 1, 1, 4), y);
        assertArrayEquals(new float[] {0.5f, 2.5f}, y.toArray());
    }

    @Property(tries = 40)
    void resizeToTheSameSizeIsIdentityAndKeepsConstants(@ForAll @IntRange(min = 1, max = 8) int h,
                                                        @ForAll @IntRange(min = 1, max = 8) int w,
                                                        @ForAll @IntRange(min = 1, max = 12) int ho,
                                                        @ForAll @IntRange(min = 1, max = 12) int wo,
                                                        @ForAll long seed) {
        Tensor x = rand(seed, 2, 2, h, w);
        Tensor same = zeros(2, 2, h, w);
        DEV.resizeBilinear(x, same);
        assertArrayEquals(x.toArray(), same.toArray());
        Tensor c = Tensor.full(DEV, 3.5f, 1, 1, h, w);
        Tensor y = zeros(1, 1, ho, wo);
        DEV.resizeBilinear(c, y);
        for (float v : y.toArray()) {
            assertEquals(3.5f, v, 1e-6);
        }
        // every output lies within the input's range (interpolation never overshoots)
        Tensor r = zeros(2, 2, ho, wo);
        DEV.resizeBilinear(x, r);
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : x.toArray()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (float v : r.toArray()) {
            assertEquals(true, v >= lo - 1e-6 && v <= hi + 1e-6, "value " + v + " outside [" + lo + ", " + hi + "]");
        }
    }

    @Property(tries = 30)
    void resizeIsSeparable(@ForAll @IntRange(min = 1, max = 6) int h,
                                                     @ForAll @IntRange(min = 1, max = 6) int w,
                                                     @ForAll long seed) {
        // resizing an outer product u v^T gives resize(u) resize(v)^T
        float[] u = rand(seed, h).toArray();
        float[] v = rand(seed + 1, w).toArray();
        float[] x = new float[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                x[i * w + j] = u[i] * v[j];
            }
        }
        int ho = 2 * h + 1;
        int wo = w + 3;
        Tensor ru = zeros(1, 1, ho, 1);
        Tensor rv = zeros(1, 1, 1, wo);
        Tensor rx = zeros(1, 1, ho, wo);
        DEV.resizeBilinear(t(u, 1, 1, h, 1), ru);
        DEV.resizeBilinear(t(v, 1, 1, 1, w), rv);
        DEV.resizeBilinear(t(x, 1, 1, h, w), rx);
        float[] a = ru.toArray();
        float[] b = rv.toArray();
        float[] expected = new float[ho * wo];
        for (int i = 0; i < ho; i++) {
            for (int j = 0; j < wo; j++) {
                expected[i * wo + j] = a[i] * b[j];
            }
        }
        Approx.assertClose("separable", expected, rx.toArray(), 1e-6, 1e-4);
    }

    // ---------------------------------------------------------------- crop / pad

    @Test
    void cropPadByHand() {
        // y[i][j] = x[i + 1][j - 1], fill -1 where that is outside
        Tensor x = t(iota(9), 1, 1, 3, 3);
        Tensor y = zeros(1, 1, 2, 3);
        DEV.cropPad(x, 1, -1, -1f, y);
        assertArrayEquals(new float[] {-1, 4, 5, -1, 7, 8}, y.toArray());
    }

    @Property(tries = 50)
    void padThenCropBackIsIdentity(@ForAll @IntRange(min = 1, max = 6) int h,
                                   @ForAll @IntRange(min = 1, max = 6) int w,
                                   @ForAll @IntRange(min = 0, max = 4) int top,
                                   @ForAll @IntRange(min = 0, max = 4) int left,
                                   @ForAll @IntRange(min = 0, max = 4) int bottom,
                                   @ForAll @IntRange(min = 0, max = 4) int right,
                                   @ForAll long seed) {
        Tensor x = rand(seed, 2, 3, h, w);
        int hp = h + top + bottom;
        int wp = w + left + right;
        Tensor padded = zeros(2, 3, hp, wp);
        DEV.cropPad(x, -top, -left, 9f, padded);
        Tensor back = zeros(2, 3, h, w);
        DEV.cropPad(padded, top, left, 0f, back);
        assertArrayEquals(x.toArray(), back.toArray());
        // the border is the fill, and the border alone: the sum of the pad is fill x its area
        double border = DEV.sum(padded) - DEV.sum(x);
        assertEquals(9.0 * 6 * (hp * wp - h * w), border, 1e-3);
    }

    // ---------------------------------------------------------------- bad arguments

    @Test
    void rejectsBadArguments() {
        assertRejects("concatChannels", () -> DEV.concatChannels(List.of(zeros(1, 2, 3, 3), zeros(1, 2, 3, 4)),
                zeros(1, 4, 3, 3)), "part 1x2x3x4 does not match 1x4x3x3");
        assertRejects("concatChannels", () -> DEV.concatChannels(List.of(zeros(1, 2, 3, 3)), zeros(1, 3, 3, 3)),
                "parts have 2 channels in all, the whole 1x3x3x3 has 3");
        assertRejects("splitChannels", () -> DEV.splitChannels(zeros(2, 3), List.of(zeros(2, 1), zeros(1, 2))),
                "part 1x2 does not match 2x3");
        assertRejects("concatChannels", () -> DEV.concatChannels(List.of(), zeros(1, 3)), "at least one part");
        Tensor x = zeros(1, 3, 4, 4);
        assertRejects("gaussianBlur", () -> DEV.gaussianBlur(x, 1f, x), "must not be the input", "1x3x4x4");
        assertRejects("gaussianBlur", () -> DEV.gaussianBlur(x, 1f, zeros(1, 3, 4, 5)),
                "input is 1x3x4x4 but output is 1x3x4x5");
        assertRejects("circularShift", () -> DEV.circularShift(x, 1, 1, zeros(1, 3, 5, 4)), "1x3x5x4");
        assertRejects("resizeBilinear", () -> DEV.resizeBilinear(x, zeros(1, 1, 8, 8)),
                "input is 1x3x4x4 but output is 1x1x8x8");
        assertRejects("cropPad", () -> DEV.cropPad(x, 0, 0, 0f, zeros(2, 3, 2, 2)), "1x3x4x4", "2x3x2x2");
        assertRejects("resizeBilinear", () -> DEV.resizeBilinear(zeros(3, 4, 4), zeros(1, 3, 8, 8)),
                "N x C x H x W", "3x4x4");
    }

    /** Blur, shift, resize and crop are linear: their value at x + y is the sum of their values. */
    @Property(tries = 20)
    void imageOpsAreLinear(@ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 5) int w,
                           @ForAll long seed) {
        Tensor a = rand(seed, 1, 2, h, w);
        Tensor b = rand(seed + 1, 1, 2, h, w);
        Tensor ab = zeros(1, 2, h, w);
        DEV.add(a, b, ab);
        float[] r = rand(seed + 2, 1, 2, h + 1, w + 2).toArray();
        Tensor[] outs = {zeros(1, 2, h + 1, w + 2), zeros(1, 2, h + 1, w + 2), zeros(1, 2, h + 1, w + 2)};
        Tensor[] ins = {a, b, ab};
        for (int i = 0; i < 3; i++) {
            DEV.resizeBilinear(ins[i], outs[i]);
        }
        assertEquals(weighted(outs[0].toArray(), r) + weighted(outs[1].toArray(), r),
                weighted(outs[2].toArray(), r), 1e-4, "resize");
        for (int i = 0; i < 3; i++) {
            Tensor y = zeros(1, 2, h, w);
            DEV.gaussianBlur(ins[i], 1.3f, y);
            outs[i] = y;
        }
        Approx.assertClose("blur", outs[2].toArray(), addArrays(outs[0].toArray(), outs[1].toArray()), 1e-5, 1e-4);
    }

    private static float[] addArrays(float[] a, float[] b) {
        float[] c = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }
}
