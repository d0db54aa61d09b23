package org.convscope.vis.optimize;

/**
 * Why an optimization stopped early: the iterate after {@code step} updates (0: the start) had
 * the loss term {@code term} equal to {@code value} (NaN, infinite, or beyond the explosion limit).
 * The algorithm kept the iterate before it, which {@code result()} returns.
 */
public record Diverged(int step, String term, double value, double limit) {

    /** Checks one term; null when it is fine. */
    static Diverged check(int step, String term, double value, double limit) {
        if (Double.isFinite(value) && Math.abs(value) <= limit) {
            return null;
        }
        return new Diverged(step, term, value, limit);
    }

    /** "stopped: after step 37 the objective is NaN; kept the iterate of step 36 (lower the learning rate)". */
    public String message() {
        String what = Double.isNaN(value) ? "is NaN" : Double.isInfinite(value) ? "is infinite"
                : String.format("is %.4g, beyond the limit %.3g", value, limit);
        if (step == 0) {
            return "stopped before the first step: on the start image " + term + " " + what;
        }
        return "stopped: after step " + step + " the " + term + " " + what + "; kept the iterate of step "
                + (step - 1) + " (lower the learning rate)";
    }
}
