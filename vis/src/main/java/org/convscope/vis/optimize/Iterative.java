package org.convscope.vis.optimize;

import java.util.Map;

import org.convscope.tensor.Tensor;

/**
 * The shape every image optimization shares (as convnetjs and tsnejs do it): a static
 * {@code init(...)} builds the state, {@link #step()} does one iteration, {@link #result()} gives
 * the current (last good) image; the caller owns the loop:
 * <pre>{@code
 * ClassModel cm = ClassModel.init(objective, start, settings);
 * while (!cm.done()) { cm.step(); print(cm.iteration(), cm.losses()); }
 * Tensor x = cm.result();
 * }</pre>
 * A loss term that becomes NaN, infinite or explodes stops the run ({@link #diverged()}) and the
 * iterate before it is kept.
 */
public interface Iterative extends AutoCloseable {
    /** The loss terms as one line: {@code name value} pairs, whole numbers without decimals, else 5 significant digits. */
    static String format(Map<String, Double> losses) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : losses.entrySet()) {
            if (b.length() > 0) {
                b.append("  ");
            }
            double v = e.getValue();
            b.append(e.getKey()).append(' ').append(v == Math.rint(v) && Math.abs(v) < 1e9
                    ? Long.toString((long) v) : String.format("%.5g", v));
        }
        return b.toString();
    }

    /** One iteration; false when the run is over (finished, converged or diverged). */
    boolean step();

    /** Iterations done so far. */
    int iteration();

    /** Whether no further step will be taken. */
    boolean done();

    /** The loss terms of the last step, by name, in display order. */
    Map<String, Double> losses();

    /** The current image (preprocessed, 1 x C x H x W, on the device; owned by the algorithm). */
    Tensor result();

    /** Why the run stopped early, or null. */
    Diverged diverged();

    /**
     * Releases the device memory the run holds, {@link #result()} included (copy it first). A
     * program that runs many optimizations on one device closes each (ResourceLeakTest); the
     * default holds nothing to release.
     */
    @Override
    default void close() {
    }
}
