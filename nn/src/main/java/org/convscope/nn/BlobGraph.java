package org.convscope.nn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.layers.InputLayer;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Layers;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * The blob graph of a {@link Net}: its inputs, its layers in order, and one {@link Node} per blob
 * value (an input, or a top written by a layer; an in-place layer's top is a new value of the same
 * blob), with each layer's bottom and top values as indices into {@link #nodes}. Built once from a
 * net definition; {@link Net} runs it forward, {@link NetBackward} runs it backward.
 */
final class BlobGraph {
    /** One value of a blob: the output of an input or of a layer, with its tensors on the net's device. */
    static final class Node {
        final String blob;
        final String producer;
        /** Index into {@link #layers}, or {@code -1 - inputIndex} for an input. */
        final int layer;
        Shape shape;
        Tensor value;
        Tensor grad;
        boolean gradValid;
        /** Scratch gradients for layers that add to an already summed gradient (kept between passes). */
        final List<Tensor> scratch = new ArrayList<>(0);
        /** The Concat layer whose output holds this value as a channel slice ({@link ConcatInPlace}), or -1. */
        int concat = -1;
        /** The Concat output (value, gradient) that {@code value} and {@code grad} are slices of. */
        Tensor valueWhole;
        Tensor gradWhole;
        /** This pass's gradient is a tensor of its own (one was given for this part of a Concat). */
        boolean ownGrad;
        /** Copies of a slice handed to callers ({@link Net#blob}, {@link Net#grad(String)}). */
        Tensor valueCopy;
        Tensor gradCopy;

        Node(String blob, String producer, int layer) {
            this.blob = blob;
            this.producer = producer;
            this.layer = layer;
        }

        String ref() {
            return blob + "@" + producer;
        }
    }

    /**
     * A tensor of the given shape on the device: {@code t} itself when it has that shape, else a new
     * one, closing {@code t} (on an OpenCL device a dropped tensor's buffer is not reclaimed by the GC).
     */
    static Tensor fit(Tensor t, Shape shape, Device device) {
        if (t != null && t.shape().equals(shape)) {
            return t;
        }
        if (t != null) {
            t.close();
        }
        return device.allocate(shape);
    }

    final String name;
    final List<InputLayer> inputs = new ArrayList<>();
    final List<Integer> inputNodes = new ArrayList<>();
    final List<Layer> layers = new ArrayList<>();
    final List<int[]> bottomsOf = new ArrayList<>();
    final List<int[]> topsOf = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    /** Blob name to the node of its latest value. */
    final Map<String, Integer> latest = new LinkedHashMap<>();
    final List<LayerDef> skipped = new ArrayList<>();

    BlobGraph(NetDef def, Net.Options options) {
        this.name = def.name();
        NetDef d = def.forPhase(options.phase());
        Set<String> layerNames = new HashSet<>();
        for (NetDef.InputDef in : d.inputs()) {
            addInput(in.name(), in.shape());
        }
        for (LayerDef l : d.layers()) {
            if (Layers.DATA_TYPES.contains(l.type())) {
                for (int t = 0; t < l.tops().size(); t++) {
                    if ((t == 0 || options.withLosses()) && !latest.containsKey(l.tops().get(t))) {
                        addInput(l.tops().get(t), dataShape(l));
                    }
                }
                skipped.add(l);
                continue;
            }
            if (!options.withLosses() && Layers.LOSS_TYPES.contains(l.type())) {
                skipped.add(l);
                continue;
            }
            if (!layerNames.add(l.name())) {
                throw new IllegalArgumentException("net '" + name + "': two layers are named '" + l.name()
                        + "'; layer names must be unique (weights are matched by name)");
            }
            addLayer(l, Layers.create(l));
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("net '" + name + "' declares no input (no Input layer, input field or Data layer)");
        }
    }

    private void addLayer(LayerDef l, Layer layer) {
        int[] b = new int[l.bottoms().size()];
        for (int i = 0; i < b.length; i++) {
            Integer n = latest.get(l.bottoms().get(i));
            if (n == null) {
                throw new IllegalArgumentException("layer '" + l.name() + "' (" + l.type() + ") needs bottom blob '"
                        + l.bottoms().get(i) + "', which no input or earlier layer produces; blobs so far: "
                        + String.join(", ", latest.keySet()));
            }
            b[i] = n;
        }
        int index = layers.size();
        int[] t = new int[l.tops().size()];
        for (int i = 0; i < t.length; i++) {
            nodes.add(new Node(l.tops().get(i), l.name(), index));
            t[i] = nodes.size() - 1;
        }
        for (int i = 0; i < t.length; i++) {
            latest.put(l.tops().get(i), t[i]);
        }
        layers.add(layer);
        bottomsOf.add(b);
        topsOf.add(t);
    }

    private static Shape dataShape(LayerDef l) {
        var mem = l.param("memory_data_param");
        if (mem.has("batch_size") && mem.has("channels")) {
            return Shape.of(mem.int32("batch_size", 1), mem.int32("channels", 1), mem.int32("height", 1),
                    mem.int32("width", 1));
        }
        return null;
    }

    private void addInput(String blob, Shape shape) {
        if (latest.containsKey(blob)) {
            throw new IllegalArgumentException("input '" + blob + "' is declared twice");
        }
        InputLayer in = new InputLayer(blob, shape);
        inputs.add(in);
        nodes.add(new Node(blob, blob, -1 - (inputs.size() - 1)));
        inputNodes.add(nodes.size() - 1);
        latest.put(blob, nodes.size() - 1);
    }

    /** The node a blob reference names ({@code "conv1"}: the latest value; {@code "conv1@conv1"}: one value). */
    int node(String ref) {
        int at = ref.indexOf('@');
        if (at < 0) {
            Integer n = latest.get(ref);
            if (n == null) {
                throw new IllegalArgumentException("net '" + name + "' has no blob '" + ref + "'; blobs: "
                        + String.join(", ", latest.keySet()) + (layers.stream().anyMatch(l -> l.name().equals(ref))
                        ? " ('" + ref + "' is a layer: use its top blob)" : ""));
            }
            return n;
        }
        String blob = ref.substring(0, at);
        String producer = ref.substring(at + 1);
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.blob.equals(blob) && n.producer.equals(producer)) {
                return i;
            }
        }
        throw new IllegalArgumentException("net '" + name + "' has no value '" + ref + "' (blob '" + blob
                + "' written by layer '" + producer + "'); values: " + String.join(", ", refs()));
    }

    /** Every value as a {@code blob@layer} reference, in computation order. */
    List<String> refs() {
        return nodes.stream().map(Node::ref).toList();
    }

    /** The given values as {@code blob@layer} references. */
    List<String> refs(int[] nodeIndices) {
        return java.util.Arrays.stream(nodeIndices).mapToObj(i -> nodes.get(i).ref()).toList();
    }

    /** The layers the given nodes depend on: {@code need[layer]}. */
    boolean[] ancestors(int... targetNodes) {
        boolean[] need = new boolean[layers.size()];
        List<Integer> stack = new ArrayList<>();
        for (int t : targetNodes) {
            stack.add(t);
        }
        boolean[] seen = new boolean[nodes.size()];
        while (!stack.isEmpty()) {
            int n = stack.remove(stack.size() - 1);
            if (seen[n]) {
                continue;
            }
            seen[n] = true;
            int li = nodes.get(n).layer;
            if (li >= 0 && !need[li]) {
                need[li] = true;
                for (int b : bottomsOf.get(li)) {
                    stack.add(b);
                }
            }
        }
        return need;
    }
}
