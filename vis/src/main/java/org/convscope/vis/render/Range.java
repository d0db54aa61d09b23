package org.convscope.vis.render;

/**
 * A closed value interval {@code [lo, hi]} that display code maps onto [0,1]:
 * {@code unit(v) = clip((v - lo) / (hi - lo), 0, 1)}; an empty interval ({@code hi <= lo}) maps every
 * value to 0.
 */
public record Range(float lo, float hi) {

    /** The min and max of {@code values} (NaN ignored; [0,0] when nothing is finite). */
    public static Range of(float[] values) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        return lo <= hi ? new Range(lo, hi) : new Range(0, 0);
    }

    /** {@code [-m, m]} with {@code m = max |v|}, so that 0 maps to 0.5. */
    public static Range symmetric(float[] values) {
        float m = 0;
        for (float v : values) {
            float a = Math.abs(v);
            if (a > m) {
                m = a;
            }
        }
        return new Range(-m, m);
    }

    /** The smallest range holding both. */
    public Range union(Range other) {
        return new Range(Math.min(lo, other.lo), Math.max(hi, other.hi));
    }

    /** {@code v} mapped onto [0,1] (clipped); NaN and empty ranges give 0. */
    public float unit(float v) {
        if (!(hi > lo)) {
            return 0;
        }
        float u = (v - lo) / (hi - lo);
        if (!(u > 0)) {
            return 0;
        }
        return u >= 1 ? 1 : u;
    }
}
