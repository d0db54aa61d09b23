package org.convscope.nn;

import org.convscope.nn.BlobGraph.Node;
import org.convscope.nn.layers.ConcatLayer;
import org.convscope.nn.layers.ReLULayer;
import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * Which blob values a {@link Net} keeps as channel slices of a Concat's output instead of tensors of
 * their own, so that the Concat copies nothing: a value written by a ReLU and read by nothing but
 * one Concat (once). The ReLU then writes straight into its channel range of the concatenated blob,
 * the Concat's forward finds its part in place, and its backward hands the ReLU a slice of its own
 * gradient. This is every branch of a Fire module (expand 1x1 and 3x3, each conv, ReLU, Concat) and of
 * an Inception module (1x1, 3x3, 5x5 and pool projection). The value before the ReLU
 * ({@code "fire2/expand1x1@fire2/expand1x1"}) keeps its own tensor, as every pre-ReLU value does.
 *
 * <p>On only on a device that reads and writes slices ({@link Device#supportsChannelSlices()}), and
 * unless {@code -Dconvscope.concatInPlace=false} (the switch that the equality tests and the
 * benchmark flip).
 */
final class ConcatInPlace {
    /** The system property that turns the plan off ({@code false}); on by default. */
    static final String PROPERTY = "convscope.concatInPlace";

    private ConcatInPlace() {
    }

    /** Whether the property leaves the plan on. */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());
    }

    /**
     * Sets each value's {@code concat}: the index of the Concat layer that holds it as a channel slice
     * of its output, or -1 (all of them when {@code on} is false).
     */
    static void plan(BlobGraph g, boolean on) {
        int[] readers = new int[g.nodes.size()];
        int[] reader = new int[g.nodes.size()];
        for (int li = 0; li < g.layers.size(); li++) {
            for (int b : g.bottomsOf.get(li)) {
                readers[b]++;
                reader[b] = li;
            }
        }
        for (int i = 0; i < readers.length; i++) {
            Node n = g.nodes.get(i);
            boolean part = on && n.layer >= 0 && g.layers.get(n.layer) instanceof ReLULayer && readers[i] == 1
                    && g.layers.get(reader[i]) instanceof ConcatLayer;
            n.concat = part ? reader[i] : -1;
        }
    }

    /** A value's tensor for the forward pass: its channel slice of the Concat output, or a tensor of its own. */
    static Tensor value(BlobGraph g, Node n, Device d) {
        if (n.concat < 0) {
            n.value = BlobGraph.fit(n.value != null && n.value.isChannelSlice() ? null : n.value, n.shape, d);
            return n.value;
        }
        Tensor whole = value(g, g.nodes.get(g.topsOf.get(n.concat)[0]), d);
        if (n.value == null || n.valueWhole != whole || !n.value.shape().equals(n.shape)) {
            n.value = part(g, n, whole);
            n.valueWhole = whole;
        }
        return n.value;
    }

    /**
     * A value's gradient tensor for the backward pass: its channel slice of the Concat output's
     * gradient, or a tensor of its own (also for a part given a gradient of its own in this pass,
     * which must not add into the Concat's gradient).
     */
    static Tensor grad(BlobGraph g, Node n, Device d) {
        if (n.concat < 0 || n.ownGrad) {
            n.grad = BlobGraph.fit(n.grad != null && n.grad.isChannelSlice() ? null : n.grad, n.shape, d);
            return n.grad;
        }
        Tensor whole = grad(g, g.nodes.get(g.topsOf.get(n.concat)[0]), d);
        if (n.grad == null || n.gradWhole != whole || !n.grad.shape().equals(n.shape)) {
            if (n.grad != null && !n.grad.isChannelSlice()) {
                n.grad.close();
            }
            n.grad = part(g, n, whole);
            n.gradWhole = whole;
        }
        return n.grad;
    }

    /** The channel slice of a Concat output {@code whole} that holds part {@code n}. */
    private static Tensor part(BlobGraph g, Node n, Tensor whole) {
        int c0 = 0;
        for (int b : g.bottomsOf.get(n.concat)) {
            if (g.nodes.get(b) == n) {
                break;
            }
            c0 += g.nodes.get(b).shape.dim(1);
        }
        return whole.channelSlice(c0, n.shape.dim(1));
    }

    /**
     * A value or gradient as a caller sees it: a part kept inside a Concat's output is copied into a
     * tensor of its own (kept with the value and refreshed on each call), so no caller meets a slice.
     */
    static Tensor exposed(Node n, boolean grad, Device d) {
        Tensor t = grad ? n.grad : n.value;
        if (t == null || !t.isChannelSlice()) {
            return t;
        }
        Tensor c = BlobGraph.fit(grad ? n.gradCopy : n.valueCopy, t.shape(), d);
        d.copy(t, c);
        if (grad) {
            n.gradCopy = c;
        } else {
            n.valueCopy = c;
        }
        return c;
    }

    /** Frees a value's copies for callers and forgets its slices. */
    static void release(Node n) {
        for (Tensor t : new Tensor[] {n.valueCopy, n.gradCopy}) {
            if (t != null) {
                t.close();
            }
        }
        n.valueCopy = null;
        n.gradCopy = null;
        n.valueWhole = null;
        n.gradWhole = null;
    }
}
