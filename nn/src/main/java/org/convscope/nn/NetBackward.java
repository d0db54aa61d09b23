package org.convscope.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convscope.nn.BlobGraph.Node;
import org.convscope.nn.layers.Layer;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/**
 * The backward pass of a {@link Net} over its {@link BlobGraph}: one sweep from the highest layer
 * down, with gradients injected at any number of blobs, summed where a blob feeds several layers
 * (or one layer twice), and kept in each value's {@code grad} tensor for {@link Net#grad(String)}.
 * See {@link Net#backward(Map, ReluMode, boolean)} for the contract.
 */
final class NetBackward {
    private final BlobGraph g;
    private final Device device;

    NetBackward(BlobGraph graph, Device device) {
        this.g = graph;
        this.device = device;
    }

    /**
     * Runs the sweep.
     *
     * @param computed which layers the last forward pass ran (the sweep refuses to go through others)
     * @param observer told before and after each layer's backward call; may be null
     * @return the gradient of the first input
     */
    Tensor run(Map<String, Tensor> topGrads, ReluMode mode, boolean paramGrads, boolean[] computed,
               Net.LayerObserver observer) {
        if (topGrads.isEmpty()) {
            throw new IllegalArgumentException("backward needs at least one blob to start from");
        }
        // injected[node]: the given gradients of that value (several when two references name it)
        Map<Integer, List<Tensor>> injected = new HashMap<>();
        List<String> froms = new ArrayList<>(topGrads.keySet());
        int[] starts = new int[froms.size()];
        for (int i = 0; i < starts.length; i++) {
            String from = froms.get(i);
            Tensor topGrad = topGrads.get(from);
            starts[i] = g.node(from);
            Node s = g.nodes.get(starts[i]);
            if (topGrad == null) {
                throw new IllegalArgumentException("backward from '" + from + "': no gradient given (null)");
            }
            if (!topGrad.shape().equals(s.shape)) {
                throw new IllegalArgumentException("backward from '" + from + "': gradient shape " + topGrad.shape()
                        + " differs from the blob's " + s.shape);
            }
            injected.computeIfAbsent(starts[i], k -> new ArrayList<>(1)).add(topGrad);
        }
        boolean[] need = g.ancestors(starts);
        requireComputed(need, computed, froms, starts);
        for (int i = 0; i < g.nodes.size(); i++) {
            g.nodes.get(i).gradValid = false;
            // a part of a Concat given a gradient of its own must not add it into the Concat's gradient
            g.nodes.get(i).ownGrad = g.nodes.get(i).concat >= 0 && injected.containsKey(i);
        }
        for (int li = g.layers.size() - 1; li >= 0; li--) {
            if (!need[li]) {
                continue;
            }
            int[] tops = g.topsOf.get(li);
            boolean any = false;
            for (int t : tops) {
                // everything above has been swept: the injected gradient joins what arrived from there
                inject(t, injected.get(t));
                any |= g.nodes.get(t).gradValid;
            }
            if (any) {
                layer(li, mode, paramGrads, observer);
            }
        }
        for (int i : g.inputNodes) {
            inject(i, injected.get(i));
        }
        Node in = g.nodes.get(g.inputNodes.get(0));
        if (!in.gradValid) {
            device.fill(gradOf(in), 0f);
            in.gradValid = true;
        }
        return in.grad;
    }

    private void requireComputed(boolean[] need, boolean[] computed, List<String> froms, int[] starts) {
        for (int li = 0; li < g.layers.size(); li++) {
            if (need[li] && !computed[li]) {
                String from = froms.get(0);
                for (int i = 0; i < starts.length; i++) {
                    if (g.ancestors(starts[i])[li]) {
                        from = froms.get(i);
                        break;
                    }
                }
                throw new IllegalStateException("backward from '" + from + "': layer '" + g.layers.get(li).name()
                        + "' has not run; run forward up to '" + from + "' first");
            }
        }
    }

    /** One layer's backward call: its tops' gradients (zeros where none arrived) into its bottoms'. */
    private void layer(int li, ReluMode mode, boolean paramGrads, Net.LayerObserver observer) {
        List<Tensor> tv = new ArrayList<>();
        List<Tensor> tg = new ArrayList<>();
        for (int t : g.topsOf.get(li)) {
            Node n = g.nodes.get(t);
            tv.add(n.value);
            if (!n.gradValid) {
                device.fill(gradOf(n), 0f);
                n.gradValid = true;
            }
            tg.add(n.grad);
        }
        int[] bottoms = g.bottomsOf.get(li);
        List<Tensor> bv = new ArrayList<>();
        List<Tensor> bg = new ArrayList<>();
        // a bottom whose gradient already holds a sum (a blob read by several layers, or twice
        // by this one) receives this layer's part in a scratch tensor that is then added
        int[] scratch = new int[bottoms.length];
        Arrays.fill(scratch, -1);
        Set<Integer> claimed = new LinkedHashSet<>();
        for (int i = 0; i < bottoms.length; i++) {
            Node n = g.nodes.get(bottoms[i]);
            bv.add(n.value);
            if (!n.gradValid && claimed.add(bottoms[i])) {
                bg.add(gradOf(n));
            } else {
                int k = 0;
                for (int j = 0; j < i; j++) {
                    k += bottoms[j] == bottoms[i] && scratch[j] >= 0 ? 1 : 0;
                }
                scratch[i] = k;
                bg.add(scratchOf(n, k));
            }
        }
        Layer layer = g.layers.get(li);
        if (observer != null) {
            observer.before(layer, true);
        }
        layer.backward(device, bv, tv, tg, bg, mode, paramGrads);
        for (int i = 0; i < bottoms.length; i++) {
            if (scratch[i] >= 0) {
                Node n = g.nodes.get(bottoms[i]);
                device.add(n.grad, bg.get(i), n.grad);
            }
        }
        if (observer != null) {
            observer.after(layer, true);
        }
        for (int b : claimed) {
            g.nodes.get(b).gradValid = true;
        }
    }

    /** Adds the gradients given for a value to the gradient that reached it from above (or sets it). */
    private void inject(int node, List<Tensor> given) {
        if (given == null) {
            return;
        }
        Node n = g.nodes.get(node);
        for (Tensor t : given) {
            if (n.gradValid) {
                device.add(n.grad, t, n.grad);
            } else {
                device.copy(t, gradOf(n));
                n.gradValid = true;
            }
        }
    }

    /** The k-th scratch gradient tensor of a value, kept between backward passes. */
    private Tensor scratchOf(Node n, int k) {
        while (n.scratch.size() <= k) {
            n.scratch.add(null);
        }
        Tensor t = BlobGraph.fit(n.scratch.get(k), n.shape, device);
        n.scratch.set(k, t);
        return t;
    }

    private Tensor gradOf(Node n) {
        return ConcatInPlace.grad(g, n, device);
    }
}
