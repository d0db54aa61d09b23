package org.convscope.vis.optimize;

import java.util.Arrays;

/** Percentiles of host arrays (the clipping regularizers). */
final class Percentiles {
    private Percentiles() {
    }

    /** The {@code p}-th percentile (0-100, nearest rank below) of {@code v}; v is not modified. */
    static float of(float[] v, double p) {
        float[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.floor(p / 100.0 * (s.length - 1));
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
