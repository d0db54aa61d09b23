package org.convscope.tensor.cpu;

import static org.convscope.tensor.cpu.CpuTesting.DEV;
import static org.convscope.tensor.cpu.CpuTesting.assertRejects;
import static org.convscope.tensor.cpu.CpuTesting.t;
import static org.convscope.tensor.cpu.CpuTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.GradCheck;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class CpuSoftmaxTest {

    private static float[] softmax(Tensor x) {
        Tensor y = DEV.allocate(x.shape());
        DEV.softmax(x, y);
        return y.toArray();
    }

    @Test
    void softmaxOfASmallVector() {
        // e^1, e^2, e^3 over their sum
        Approx.assertClose("softmax [1,2,3]", new float[] {0.09003057f, 0.24472847f, 0.66524096f},
                softmax(t(new float[] {1, 2, 3}, 1, 3)));
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        Approx.assertClose("softmax [1000, 1000, -1000]", new float[] {0.5f, 0.5f, 0f},
                softmax(t(new float[] {1000, 1000, -1000}, 1, 3)));
    }

    @Test
    void softmaxOverChannelsAtEachPixel() {
        // 1 x 2 x 1 x 2: pixel 0 has channels (0, ln 3), pixel 1 has (2, 2)
        float[] y = softmax(t(new float[] {0, 2, (float) Math.log(3), 2}, 1, 2, 1, 2));
        Approx.assertClose("softmax NCHW", new float[] {0.25f, 0.5f, 0.75f, 0.5f}, y);
    }

    @Property(tries = 50)
    void softmaxRowsAreShiftInvariantDistributions(@ForAll @IntRange(min = 1, max = 3) int n,
                                                   @ForAll @IntRange(min = 1, max = 6) int c,
                                                   @ForAll @IntRange(min = 1, max = 4) int h,
                                                   @ForAll @IntRange(min = 1, max = 4) int w,
                                                   @ForAll long seed) {
        Tensor x = Tensor.uniform(DEV, seed, -5f, 5f, n, c, h, w);
        float[] y = softmax(x);
        int plane = h * w;
        for (int item = 0; item < n; item++) {
            for (int p = 0; p < plane; p++) {
                double total = 0;
                for (int k = 0; k < c; k++) {
                    total += y[(item * c + k) * plane + p];
                }
                assertEquals(1.0, total, 1e-5, "probabilities sum to one");
            }
        }
        Tensor shifted = DEV.allocate(x.shape());
        DEV.addScalar(x, 30f, shifted);
        Approx.assertClose("softmax(x + 30) = softmax(x)", y, softmax(shifted), 1e-6, 1e-4);
    }

    @Test
    void crossEntropyByHand() {
        // item 0: -log softmax([1,2,3])[2] = -log 0.66524096; item 1: uniform over 3 -> log 3
        Tensor logits = t(new float[] {1, 2, 3, 1, 1, 1}, 2, 3);
        Tensor dx = zeros(2, 3);
        float loss = DEV.softmaxCrossEntropy(logits, new int[] {2, 0}, dx);
        assertEquals((0.40760596 + 1.09861229) / 2, loss, 1e-6);
        Approx.assertClose("gradient (p - onehot)/N", new float[] {
            0.09003057f / 2, 0.24472847f / 2, (0.66524096f - 1) / 2,
            (1f / 3 - 1) / 2, 1f / 6, 1f / 6}, dx.toArray());
        // the loss alone
        assertEquals(loss, DEV.softmaxCrossEntropy(logits, new int[] {2, 0}, null));
    }

    @Test
    void crossEntropyIsExactWhereTheProbabilityUnderflows() {
        // softmax([0, -200])[1] = e^-200 underflows float; the loss is still 200 (Caffe would cap at 87.3)
        float loss = DEV.softmaxCrossEntropy(t(new float[] {0, -200}, 1, 2, 1, 1), new int[] {1}, null);
        assertEquals(200f, loss, 1e-3);
    }

    @Property(tries = 50)
    void crossEntropyGradientMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 4) int n,
                                                      @ForAll @IntRange(min = 2, max = 8) int c,
                                                      @ForAll long seed) {
        Tensor logits = Tensor.uniform(DEV, seed, -3f, 3f, n, c);
        int[] labels = new int[n];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(c);
        }
        Tensor dx = DEV.allocate(logits.shape());
        DEV.softmaxCrossEntropy(logits, labels, dx);
        GradCheck.check("softmaxCrossEntropy " + logits.shape(), logits.toArray(), dx.toArray(),
                v -> DEV.softmaxCrossEntropy(t(v, n, c), labels, null), 40, 1e-2, 1e-3, seed);
    }

    @Test
    void rejectsBadArguments() {
        assertRejects("softmax", () -> DEV.softmax(zeros(2, 3), zeros(3, 2)), "2x3", "3x2");
        assertRejects("softmax", () -> DEV.softmax(zeros(5), zeros(5)), "N x C");
        Tensor logits = zeros(2, 3);
        assertRejects("softmaxCrossEntropy", () -> DEV.softmaxCrossEntropy(logits, new int[] {0}, null),
                "1 labels for a batch of 2");
        assertRejects("softmaxCrossEntropy", () -> DEV.softmaxCrossEntropy(logits, new int[] {0, 3}, null),
                "label 3 of item 1 is outside [0, 3)");
        assertRejects("softmaxCrossEntropy", () -> DEV.softmaxCrossEntropy(zeros(2, 3, 2, 2), new int[] {0, 1},
                null), "2x3x2x2");
        assertRejects("softmaxCrossEntropy", () -> DEV.softmaxCrossEntropy(logits, new int[] {0, 1},
                zeros(3, 2)), "logits is 2x3 but gradient is 3x2");
    }
}
