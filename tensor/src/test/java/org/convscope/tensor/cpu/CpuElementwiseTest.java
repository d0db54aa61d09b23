package org.convscope.tensor.cpu;

import static org.convscope.tensor.cpu.CpuTesting.DEV;
import static org.convscope.tensor.cpu.CpuTesting.assertRejects;
import static org.convscope.tensor.cpu.CpuTesting.rand;
import static org.convscope.tensor.cpu.CpuTesting.t;
import static org.convscope.tensor.cpu.CpuTesting.weighted;
import static org.convscope.tensor.cpu.CpuTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.GradCheck;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

/** Activations, element-wise ops and reductions against their formulas, written out directly. */
class CpuElementwiseTest {

    /** A tensor of a random shape of rank 1 to 4 with about {@code size} elements. */
    private static Tensor randomTensor(int rank, int size, long seed) {
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, 1);
        dims[0] = size;
        if (rank >= 2 && size % 2 == 0) {
            dims[0] = size / 2;
            dims[1] = 2;
        }
        return Tensor.uniform(DEV, seed, -3f, 3f, dims);
    }

    private static float[] map(float[] x, DoubleUnaryOperator f) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) f.applyAsDouble(x[i]);
        }
        return y;
    }

    private static float[] zip(float[] a, float[] b, DoubleBinaryOperator f) {
        float[] y = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = (float) f.applyAsDouble(a[i], b[i]);
        }
        return y;
    }

    // ---------------------------------------------------------------- ReLU and its three backward rules

    @Test
    void reluBackwardModesByHand() {
        // x:  +, +, -, -, 0;  dy: +, -, +, -, +
        Tensor x = t(new float[] {1, 2, -1, -2, 0}, 5);
        Tensor dy = t(new float[] {3, -4, 5, -6, 7}, 5);
        Tensor dx = zeros(5);
        DEV.reluBackward(x, dy, ReluMode.STANDARD, dx);
        assertArrayEquals(new float[] {3, -4, 0, 0, 0}, dx.toArray());
        DEV.reluBackward(x, dy, ReluMode.DECONVNET, dx);
        assertArrayEquals(new float[] {3, 0, 5, 0, 7}, dx.toArray());
        DEV.reluBackward(x, dy, ReluMode.GUIDED, dx);
        assertArrayEquals(new float[] {3, 0, 0, 0, 0}, dx.toArray());
        Tensor y = zeros(5);
        DEV.relu(x, y);
        assertArrayEquals(new float[] {1, 2, 0, 0, 0}, y.toArray());
    }

    @Property(tries = 50)
    void reluBackwardFollowsTheRuleOfEachMode(@ForAll @IntRange(min = 1, max = 60) int size,
                                              @ForAll ReluMode mode, @ForAll boolean inPlace,
                                              @ForAll long seed) {
        float[] xv = rand(seed, size).toArray();
        xv[0] = 0f; // the kink itself: closed
        float[] dyv = rand(seed + 1, size).toArray();
        Tensor x = t(xv, size);
        Tensor dy = t(dyv, size);
        Tensor dx = inPlace ? dy : zeros(size);
        DEV.reluBackward(x, dy, mode, dx);
        float[] expected = new float[size];
        for (int i = 0; i < size; i++) {
            expected[i] = switch (mode) {
                case STANDARD -> xv[i] > 0 ? dyv[i] : 0f;
                case DECONVNET -> Math.max(dyv[i], 0f);
                case GUIDED -> xv[i] > 0 ? Math.max(dyv[i], 0f) : 0f;
            };
        }
        assertArrayEquals(expected, dx.toArray());
    }

    @Test
    void reluAndItsBackwardSplitInChunksAgreeWithTheFormulaEverywhere() {
        // above the parallel threshold, with a last chunk shorter than the others
        int size = CpuElementwise.PARALLEL_MIN_ELEMENTS + 12345;
        float[] xv = rand(3, size).toArray();
        float[] dyv = rand(4, size).toArray();
        for (ReluMode mode : ReluMode.values()) {
            for (boolean inPlace : new boolean[] {false, true}) {
                Tensor dy = t(dyv.clone(), size);
                Tensor dx = inPlace ? dy : zeros(size);
                DEV.reluBackward(t(xv, size), dy, mode, dx);
                float[] got = dx.toArray();
                for (int i = 0; i < size; i++) {
                    float expected = switch (mode) {
                        case STANDARD -> xv[i] > 0 ? dyv[i] : 0f;
                        case DECONVNET -> Math.max(dyv[i], 0f);
                        case GUIDED -> xv[i] > 0 ? Math.max(dyv[i], 0f) : 0f;
                    };
                    assertEquals(expected, got[i], mode + (inPlace ? " in place" : "") + " at " + i);
                }
            }
        }
        Tensor y = t(xv.clone(), size);
        DEV.relu(y, y);
        float[] got = y.toArray();
        for (int i = 0; i < size; i++) {
            assertEquals(Math.max(xv[i], 0f), got[i], "relu at " + i);
        }
    }

    @Property(tries = 30)
    void standardReluBackwardMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 40) int size,
                                                      @ForAll long seed) {
        // every input at least 2h from ReLU's kink at 0, so that no sampled coordinate sits on it
        // (a single input within h of 0 left the check nothing to prove)
        float[] xv = rand(seed, size).toArray();
        for (int i = 0; i < size; i++) {
            if (Math.abs(xv[i]) < 2e-3f) {
                xv[i] = xv[i] < 0 ? -2e-3f : 2e-3f;
            }
        }
        Tensor x = t(xv, size);
        float[] r = rand(seed + 1, size).toArray();
        Tensor dx = zeros(size);
        DEV.reluBackward(x, t(r, size), ReluMode.STANDARD, dx);
        GradCheck.check("relu", x.toArray(), dx.toArray(), v -> {
            Tensor y = zeros(size);
            DEV.relu(t(v, size), y);
            return weighted(y.toArray(), r);
        }, 40, 1e-3, 1e-3, seed);
    }

    // ---------------------------------------------------------------- sigmoid and tanh

    @Test
    void sigmoidAndTanhValues() {
        Tensor x = t(new float[] {0, 2, -2}, 3);
        Tensor y = zeros(3);
        DEV.sigmoid(x, y);
        Approx.assertClose("sigmoid", new float[] {0.5f, 0.8807971f, 0.11920292f}, y.toArray());
        DEV.tanh(x, y);
        Approx.assertClose("tanh", new float[] {0f, 0.9640276f, -0.9640276f}, y.toArray());
    }

    @Property(tries = 30)
    void sigmoidAndTanhBackwardMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 40) int size,
                                                      @ForAll boolean useTanh, @ForAll long seed) {
        Tensor x = Tensor.uniform(DEV, seed, -3f, 3f, size);
        float[] r = rand(seed + 1, size).toArray();
        Tensor y = zeros(size);
        Tensor dx = zeros(size);
        if (useTanh) {
            DEV.tanh(x, y);
            DEV.tanhBackward(y, t(r, size), dx);
        } else {
            DEV.sigmoid(x, y);
            DEV.sigmoidBackward(y, t(r, size), dx);
        }
        GradCheck.check(useTanh ? "tanh" : "sigmoid", x.toArray(), dx.toArray(), v -> {
            Tensor yy = zeros(size);
            if (useTanh) {
                DEV.tanh(t(v, size), yy);
            } else {
                DEV.sigmoid(t(v, size), yy);
            }
            return weighted(yy.toArray(), r);
        }, 40, 1e-2, 1e-3, seed);
    }

    // ---------------------------------------------------------------- element-wise

    @Property(tries = 40)
    void elementwiseOpsMatchTheirFormulas(@ForAll @IntRange(min = 1, max = 4) int rank,
                                          @ForAll @IntRange(min = 1, max = 50) int size,
                                          @ForAll @FloatRange(min = -3f, max = 3f) float alpha,
                                          @ForAll long seed) {
        Tensor a = randomTensor(rank, size, seed);
        Tensor b = randomTensor(rank, size, seed + 1);
        float[] av = a.toArray();
        float[] bv = b.toArray();
        int[] dims = a.shape().dims();
        Tensor y = Tensor.zeros(DEV, dims);
        DEV.add(a, b, y);
        assertArrayEquals(zip(av, bv, (p, q) -> (float) p + (float) q), y.toArray(), "add");
        DEV.sub(a, b, y);
        assertArrayEquals(zip(av, bv, (p, q) -> (float) p - (float) q), y.toArray(), "sub");
        DEV.mul(a, b, y);
        assertArrayEquals(zip(av, bv, (p, q) -> (float) p * (float) q), y.toArray(), "mul");
        DEV.scale(a, alpha, y);
        assertArrayEquals(map(av, p -> alpha * (float) p), y.toArray(), "scale");
        DEV.addScalar(a, alpha, y);
        assertArrayEquals(map(av, p -> (float) p + alpha), y.toArray(), "addScalar");
        DEV.clamp(a, -1f, 0.5f, y);
        assertArrayEquals(map(av, p -> Math.min(Math.max(p, -1), 0.5)), y.toArray(), "clamp");
        DEV.fill(y, alpha);
        assertArrayEquals(map(av, p -> alpha), y.toArray(), "fill");
        DEV.copy(b, y);
        assertArrayEquals(bv, y.toArray(), "copy");
        DEV.axpy(alpha, a, y);
        assertArrayEquals(zip(av, bv, (p, q) -> (float) q + alpha * (float) p), y.toArray(), "axpy");
    }

    @Property(tries = 40)
    void elementwiseOpsWorkInPlace(@ForAll @IntRange(min = 1, max = 50) int size,
                                   @ForAll @FloatRange(min = -3f, max = 3f) float alpha,
                                   @ForAll long seed) {
        float[] av = rand(seed, size).toArray();
        float[] bv = rand(seed + 1, size).toArray();
        Tensor a = t(av, size);
        Tensor b = t(bv, size);
        DEV.add(a, b, a); // a = a + b
        assertArrayEquals(zip(av, bv, (p, q) -> (float) p + (float) q), a.toArray(), "add in place");
        float[] sum = a.toArray();
        DEV.mul(a, a, a); // a = a * a, both inputs aliased with the output
        assertArrayEquals(map(sum, p -> (float) p * (float) p), a.toArray(), "mul fully aliased");
        DEV.write(a, av);
        DEV.sub(a, b, b); // b = a - b
        assertArrayEquals(zip(av, bv, (p, q) -> (float) p - (float) q), b.toArray(), "sub into second input");
        DEV.scale(a, alpha, a);
        assertArrayEquals(map(av, p -> alpha * (float) p), a.toArray(), "scale in place");
        DEV.write(a, av);
        DEV.axpy(alpha, a, a); // a += alpha * a
        assertArrayEquals(map(av, p -> (float) p + alpha * (float) p), a.toArray(), "axpy aliased");
        DEV.write(a, av);
        DEV.clamp(a, 0f, 0.25f, a);
        assertArrayEquals(map(av, p -> Math.min(Math.max(p, 0), 0.25)), a.toArray(), "clamp in place");
        DEV.write(a, av);
        DEV.sigmoid(a, a);
        assertArrayEquals(map(av, p -> 1 / (1 + Math.exp(-p))), a.toArray(), "sigmoid in place");
    }

    @Test
    void addChannelBias() {
        Tensor y = t(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2, 1);
        DEV.addChannelBias(y, t(new float[] {10, 100}, 2));
        assertArrayEquals(new float[] {11, 12, 103, 104, 15, 16, 107, 108}, y.toArray());
        Tensor fc = t(new float[] {1, 2, 3, 4}, 2, 2);
        DEV.addChannelBias(fc, t(new float[] {10, 100}, 2));
        assertArrayEquals(new float[] {11, 102, 13, 104}, fc.toArray());
    }

    // ---------------------------------------------------------------- reductions

    @Property(tries = 40)
    void reductionsMatchTheirFormulas(@ForAll @IntRange(min = 1, max = 4) int rank,
                                      @ForAll @IntRange(min = 1, max = 80) int size,
                                      @ForAll long seed) {
        Tensor a = randomTensor(rank, size, seed);
        Tensor b = randomTensor(rank, size, seed + 1);
        float[] av = a.toArray();
        float[] bv = b.toArray();
        double sum = 0;
        double sumAbs = 0;
        double dot = 0;
        double sq = 0;
        int arg = 0;
        for (int i = 0; i < av.length; i++) {
            sum += av[i];
            sumAbs += Math.abs(av[i]);
            dot += (double) av[i] * bv[i];
            sq += (double) av[i] * av[i];
            if (av[i] > av[arg]) {
                arg = i;
            }
        }
        assertEquals(sum, DEV.sum(a), 1e-5 * (1 + sumAbs), "sum");
        assertEquals(sumAbs, DEV.sumAbs(a), 1e-5 * (1 + sumAbs), "sumAbs");
        assertEquals(dot, DEV.dot(a, b), 1e-5 * (1 + Math.sqrt(sq) * 3 * Math.sqrt(av.length)), "dot");
        assertEquals(Math.sqrt(sq), DEV.l2Norm(a), 1e-5 * (1 + Math.sqrt(sq)), "l2Norm");
        assertEquals(av[arg], DEV.max(a), "max");
        assertEquals(arg, DEV.argmax(a), "argmax");
    }

    @Test
    void argmaxTakesTheFirstOfTiesAndSkipsNaN() {
        assertEquals(1, DEV.argmax(t(new float[] {1, 4, 2, 4}, 4)));
        assertEquals(4f, DEV.max(t(new float[] {1, 4, 2, 4}, 4)));
        assertEquals(2, DEV.argmax(t(new float[] {Float.NaN, -1, 3, 2}, 4)));
        assertEquals(0, DEV.argmax(t(new float[] {-5, -6}, 2)));
    }

    @Test
    void sumAccumulatesInDouble() {
        // 2^24 + 1 + 1 + ...: float accumulation would stop at 2^24
        float[] v = new float[1001];
        v[0] = 1 << 24;
        java.util.Arrays.fill(v, 1, v.length, 1f);
        assertEquals((1 << 24) + 1000, DEV.sum(t(v, v.length)));
    }

    // ---------------------------------------------------------------- bad arguments

    @Test
    void rejectsMismatchedShapes() {
        assertRejects("add", () -> DEV.add(zeros(2, 3), zeros(3, 2), zeros(2, 3)), "a is 2x3 but b is 3x2");
        assertRejects("mul", () -> DEV.mul(zeros(2, 3), zeros(2, 3), zeros(6)), "output is 6");
        assertRejects("axpy", () -> DEV.axpy(1f, zeros(4), zeros(5)), "input is 4 but output is 5");
        assertRejects("reluBackward", () -> DEV.reluBackward(zeros(4), zeros(5), ReluMode.GUIDED, zeros(4)),
                "4", "5");
        assertRejects("dot", () -> DEV.dot(zeros(4), zeros(2, 3)), "4 elements", "6");
        assertRejects("copy", () -> DEV.copy(zeros(4), zeros(5)), "4 elements", "5");
        assertRejects("clamp", () -> DEV.clamp(zeros(4), 1f, 0f, zeros(4)), "lower bound 1.0 is above upper bound 0.0");
        assertRejects("addChannelBias", () -> DEV.addChannelBias(zeros(1, 3, 2, 2), zeros(2)),
                "bias has 2 values", "expected 3");
    }
}
