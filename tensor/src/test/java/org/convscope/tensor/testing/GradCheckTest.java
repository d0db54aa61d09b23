package org.convscope.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The finite-difference check itself: kinks near the point pass, wrong gradients do not. */
class GradCheckTest {

    /** f(x) = sum r_i max(x_i, 0). */
    private static double relu(float[] x, float[] r) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += r[i] * Math.max(x[i], 0f);
        }
        return s;
    }

    @Test
    void reluInputsJustAboveZeroWithSmallWeightsPass() {
        // x = 0.3 h above the kink: the central difference is off by 0.35 r from the slope r, which
        // for r = 0.0056 is 2 tol - more than tol, less than the skip threshold (10 tol)
        float[] r = {0.0056f, -0.0056f, 1f, 0.5f};
        float[] x = {3e-4f, 3e-4f, 0.7f, -0.4f};
        float[] grad = {r[0], r[1], r[2], 0f};
        GradCheck.check("relu", x, grad, v -> relu(v, r), 4, 1e-3, 1e-3, 1);
    }

    @Test
    void aWrongGradientFailsNearAKinkToo() {
        float[] r = {0.0056f, 1f, 0.5f};
        float[] x = {3e-4f, 0.7f, 0.3f};
        float[] grad = {-0.02f, r[1], r[2]};
        assertThrows(AssertionError.class, () -> GradCheck.check("relu", x, grad, v -> relu(v, r), 3, 1e-3, 1e-3, 1));
        float[] smooth = {0f, r[1] + 0.01f, r[2]};
        assertThrows(AssertionError.class, () -> GradCheck.check("relu", x, smooth, v -> relu(v, r), 3, 1e-3, 1e-3, 1));
    }
}
