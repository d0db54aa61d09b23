package org.convscope.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.function.Executable;

/** Small helpers shared by the CPU op tests. */
final class CpuTesting {
    static final CpuDevice DEV = CpuDevice.shared();

    private CpuTesting() {
    }

    static Tensor t(float[] data, int... dims) {
        return Tensor.of(DEV, data, dims);
    }

    static Tensor rand(long seed, int... dims) {
        return Tensor.uniform(DEV, seed, -1f, 1f, dims);
    }

    static Tensor zeros(int... dims) {
        return Tensor.zeros(DEV, dims);
    }

    /** {@code sum_i y[i] * r[i]} in double: the scalar whose gradient is {@code backward(dy = r)}. */
    static double weighted(float[] y, float[] r) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) y[i] * r[i];
        }
        return s;
    }

    /** {@code 1, 2, ..., n} as floats. */
    static float[] iota(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    /**
     * Asserts that {@code call} throws IllegalArgumentException whose message starts with
     * {@code op + ":"} and contains every one of {@code fragments} (shapes, names); returns the message.
     */
    static String assertRejects(String op, Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String m = e.getMessage();
        assertTrue(m.startsWith(op + ":"), () -> "message should start with '" + op + ":' but is: " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), () -> "message should contain '" + f + "' but is: " + m);
        }
        return m;
    }
}
