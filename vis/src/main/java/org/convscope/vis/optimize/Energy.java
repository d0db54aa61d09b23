package org.convscope.vis.optimize;

import java.util.Map;

import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/** A differentiable scalar of an image, for the general optimizers ({@link Lbfgs}, {@link Adam}). */
public interface Energy {
    /**
     * {@code E(x)}, and {@code dE/dx} into {@code grad} when it is not null.
     *
     * @param x    1 x C x H x W on the energy's device
     * @param grad same shape, overwritten; or null
     */
    double value(Tensor x, Tensor grad);

    /** The terms of the last {@link #value} call, by name (their sum is the value). */
    Map<String, Double> terms();

    /** The image shape the energy expects. */
    Shape shape();
}
