package org.convscope.tensor;

/**
 * The three rules for sending a signal back through a ReLU: one backward pass, three
 * visualizations. {@code x} is the ReLU's input (or its output: the masks agree),
 * {@code dy} the signal arriving from above.
 */
public enum ReluMode {
    /** Backpropagation: {@code dx = dy * [x > 0]}. */
    STANDARD,
    /** Deconvnet (Zeiler and Fergus 2014): {@code dx = max(dy, 0)}, the forward mask ignored. */
    DECONVNET,
    /** Guided backpropagation (Springenberg et al. 2015): {@code dx = max(dy, 0) * [x > 0]}. */
    GUIDED
}
