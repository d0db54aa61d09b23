package org.convscope.vis.optimize;

import java.util.LinkedHashMap;
import java.util.Map;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * The bookkeeping the step-by-step {@link Iterative} algorithms share: the iteration count
 * {@code t}, the loss terms of the last step, why the run stopped early, and the checks that stop
 * it (a term NaN, infinite or beyond its limit) with the return to the last good iterate.
 * A subclass gives its iteration budget and, where it has one, a reason of its own to stop.
 */
abstract class IterativeRun implements Iterative {
    final Map<String, Double> losses = new LinkedHashMap<>();
    int t;
    Diverged diverged;
    private final int iterations;

    /** @param iterations the iterations the run may take */
    IterativeRun(int iterations) {
        this.iterations = iterations;
    }

    /**
     * A step size falling (or rising) linearly from {@code first} at step 0 to {@code last} at step
     * {@code steps - 1}; {@code first} when there is one step.
     */
    static float linear(float first, float last, int t, int steps) {
        return steps == 1 ? first : first + (last - first) * t / (float) (steps - 1);
    }

    /** Whether the run is over before its budget (converged, target reached); never by default. */
    boolean finished() {
        return false;
    }

    /**
     * Checks one term of this step unless an earlier check already stopped the run (the first bad
     * term is the one reported); true when the run has diverged.
     */
    final boolean check(String term, double value, double limit) {
        if (diverged == null) {
            diverged = Diverged.check(t, term, value, limit);
        }
        return diverged != null;
    }

    /**
     * After the step's checks: when the run diverged, x returns to the last good iterate and the
     * answer is true (stop); otherwise x becomes the last good iterate.
     */
    final boolean rolledBack(Device d, Tensor x, Tensor lastGood) {
        if (diverged != null) {
            d.copy(lastGood, x);
            return true;
        }
        d.copy(x, lastGood);
        return false;
    }

    @Override
    public int iteration() {
        return t;
    }

    @Override
    public boolean done() {
        return finished() || t >= iterations || diverged != null;
    }

    @Override
    public Map<String, Double> losses() {
        return losses;
    }

    @Override
    public Diverged diverged() {
        return diverged;
    }
}
