package org.convscope.tensor.cpu;

import static org.convscope.tensor.cpu.CpuTesting.DEV;
import static org.convscope.tensor.cpu.CpuTesting.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.BiConsumer;

import org.convscope.tensor.IntTensor;
import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The multithreaded path gives exactly the serial result: each op on a tensor big enough to
 * run in parallel equals the same op on its planes (or pixels) one at a time, which are too
 * small to leave the calling thread.
 */
class CpuPlanesTest {
    private static final int N = 2;
    private static final int C = 24;
    private static final int H = 40;
    private static final int W = 40;
    private static final Tensor X = Tensor.uniform(DEV, 11, -2f, 2f, N, C, H, W);

    private static float[] plane(float[] v, int p, int size) {
        return Arrays.copyOfRange(v, p * size, (p + 1) * size);
    }

    /** Runs {@code op(x, y)} on the whole of X and on each plane alone; the results must be identical. */
    private static void perPlane(String what, int ho, int wo, BiConsumer<Tensor, Tensor> op) {
        assertTrue((long) N * C * ho * wo * 4 >= CpuPlanes.PARALLEL_THRESHOLD, "the whole must run in parallel");
        Tensor y = Tensor.zeros(DEV, N, C, ho, wo);
        op.accept(X, y);
        float[] xv = X.toArray();
        float[] yv = y.toArray();
        for (int p = 0; p < N * C; p++) {
            Tensor yp = Tensor.zeros(DEV, 1, 1, ho, wo);
            op.accept(t(plane(xv, p, H * W), 1, 1, H, W), yp);
            assertArrayEquals(yp.toArray(), plane(yv, p, ho * wo), what + ", plane " + p);
        }
    }

    @Test
    void planeWiseOpsGiveTheSerialResult() {
        PoolSpec pool = PoolSpec.of(3, 1, 1);
        perPlane("maxPool", H, W, (x, y) -> DEV.maxPool(x, pool, y, DEV.allocateInt(y.shape())));
        perPlane("avgPool", H, W, (x, y) -> DEV.avgPool(x, pool, y));
        perPlane("avgPoolBackward", H, W, (x, y) -> DEV.avgPoolBackward(x, pool, y));
        perPlane("gaussianBlur", H, W, (x, y) -> DEV.gaussianBlur(x, 2f, y));
        perPlane("circularShift", H, W, (x, y) -> DEV.circularShift(x, 3, -7, y));
        perPlane("resizeBilinear", 57, 31, DEV::resizeBilinear);
        perPlane("cropPad", 45, 35, (x, y) -> DEV.cropPad(x, -2, 4, 0.5f, y));
        LrnSpec within = LrnSpec.within(3, 1f, 0.75f);
        perPlane("lrn within", H, W, (x, y) -> DEV.lrn(x, within, y));
        perPlane("lrnBackward within", H, W, (x, y) -> {
            Tensor fwd = DEV.allocate(x.shape());
            DEV.lrn(x, within, fwd);
            DEV.lrnBackward(x, fwd, x, within, y);
        });
    }

    @Test
    void switchesAndUnpoolingGiveTheSerialResult() {
        PoolSpec pool = PoolSpec.of(3, 1, 1);
        Tensor y = DEV.allocate(X.shape());
        IntTensor sw = DEV.allocateInt(X.shape());
        DEV.maxPool(X, pool, y, sw);
        Tensor dx = DEV.allocate(X.shape());
        DEV.maxUnpool(y, sw, pool, dx);
        int[] swv = sw.toArray();
        float[] dxv = dx.toArray();
        float[] xv = X.toArray();
        for (int p = 0; p < N * C; p++) {
            Tensor yp = Tensor.zeros(DEV, 1, 1, H, W);
            IntTensor sp = DEV.allocateInt(Shape.of(1, 1, H, W));
            DEV.maxPool(t(plane(xv, p, H * W), 1, 1, H, W), pool, yp, sp);
            assertArrayEquals(sp.toArray(), Arrays.copyOfRange(swv, p * H * W, (p + 1) * H * W), "switches " + p);
            Tensor dp = Tensor.zeros(DEV, 1, 1, H, W);
            DEV.maxUnpool(yp, sp, pool, dp);
            assertArrayEquals(dp.toArray(), plane(dxv, p, H * W), "unpool " + p);
        }
    }

    /** Channel-wise ops (LRN across channels, softmax) against the same op on single pixels. */
    @Test
    void channelWiseOpsGiveTheSerialResult() {
        LrnSpec across = LrnSpec.across(5, 2f, 0.75f, 1f);
        Tensor lrn = DEV.allocate(X.shape());
        DEV.lrn(X, across, lrn);
        Tensor soft = DEV.allocate(X.shape());
        DEV.softmax(X, soft);
        float[] xv = X.toArray();
        float[] lv = lrn.toArray();
        float[] sv = soft.toArray();
        int plane = H * W;
        for (int n = 0; n < N; n++) {
            for (int pix = 0; pix < plane; pix += 37) {
                float[] column = new float[C];
                float[] lrnColumn = new float[C];
                float[] softColumn = new float[C];
                for (int c = 0; c < C; c++) {
                    column[c] = xv[(n * C + c) * plane + pix];
                    lrnColumn[c] = lv[(n * C + c) * plane + pix];
                    softColumn[c] = sv[(n * C + c) * plane + pix];
                }
                Tensor one = DEV.allocate(Shape.of(1, C, 1, 1));
                DEV.lrn(t(column, 1, C, 1, 1), across, one);
                assertArrayEquals(one.toArray(), lrnColumn, "lrn across at item " + n + " pixel " + pix);
                Tensor s = DEV.allocate(Shape.of(1, C));
                DEV.softmax(t(column, 1, C), s);
                assertArrayEquals(s.toArray(), softColumn, "softmax at item " + n + " pixel " + pix);
            }
        }
    }
}
