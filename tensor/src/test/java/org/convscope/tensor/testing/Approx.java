package org.convscope.tensor.testing;

import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Tensor;

/**
 * Parity assertions that explain themselves: element i passes when
 * {@code |actual - expected| <= atol + rtol * |expected|}; on failure the message gives the
 * shape, the number of mismatches, the first few of them and the largest error.
 */
public final class Approx {
    /** The parity tolerance between devices: relative 1e-4 (DESIGN.md), with a small absolute floor. */
    public static final double RTOL = 1e-4;
    public static final double ATOL = 1e-5;

    private Approx() {
    }

    public static void assertClose(String what, Tensor expected, Tensor actual) {
        if (!expected.shape().equals(actual.shape())) {
            throw new AssertionError(what + ": shape " + actual.shape() + ", expected " + expected.shape());
        }
        assertClose(what + " [" + expected.shape() + "]", expected.toArray(), actual.toArray(), ATOL, RTOL);
    }

    public static void assertClose(String what, float[] expected, float[] actual) {
        assertClose(what, expected, actual, ATOL, RTOL);
    }

    /**
     * Scale-aware variant for sums of many terms: the absolute floor is {@code atol} times the
     * largest magnitude in {@code expected}, so that cancellation near zero does not fail a
     * correct result.
     */
    public static void assertCloseScaled(String what, float[] expected, float[] actual, double rtol) {
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertClose(what, expected, actual, rtol * Math.max(scale, 1e-30), rtol);
    }

    public static void assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        List<String> first = new ArrayList<>();
        int bad = 0;
        double maxErr = 0;
        int maxAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            double err = Math.abs(a - e);
            boolean ok = err <= atol + rtol * Math.abs(e) || (Double.isNaN(e) && Double.isNaN(a));
            if (!ok || Double.isNaN(err)) {
                if (Double.isNaN(e) && Double.isNaN(a)) {
                    continue;
                }
                bad++;
                if (first.size() < 5) {
                    first.add("[" + i + "] expected " + e + " got " + a);
                }
            }
            if (err > maxErr || Double.isNaN(err)) {
                maxErr = err;
                maxAt = i;
            }
        }
        if (bad > 0) {
            throw new AssertionError(what + ": " + bad + " of " + expected.length + " values differ beyond "
                    + atol + " + " + rtol + "*|expected|; first: " + String.join(", ", first)
                    + "; max error " + maxErr + " at [" + maxAt + "]");
        }
    }
}
