package org.convscope.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convscope.nn.BlobGraph.Node;
import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.layers.InputLayer;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * A net: a DAG of named blobs computed by layers, built from a Caffe net definition, run on one
 * {@link Device}.
 *
 * <p>The graph of blob values is a {@link BlobGraph} built from the definition; this class sets
 * shapes, runs it forward and keeps the values; {@link NetBackward} runs it backward. Caffe file
 * I/O is in {@link NetFiles}; the methods of that kind here only call it.
 *
 * <h2>Blobs and in-place layers</h2>
 * Every layer output is kept in its own tensor, even for Caffe's in-place layers: after
 * {@code relu1} (bottom and top {@code conv1}) the net holds two values of {@code conv1}. A blob
 * reference names one of them:
 * <ul>
 * <li>{@code "conv1"}: the blob's final value, after every in-place layer (what Caffe shows);</li>
 * <li>{@code "conv1@conv1"}: the value written by layer {@code conv1}, i.e. before {@code relu1};
 *     in general {@code blob@layer} is the value of {@code blob} as the layer {@code layer} wrote it.</li>
 * </ul>
 *
 * <h2>Running</h2>
 * {@link #forward(Tensor, String)} runs only the layers that the target blob depends on.
 * {@link #backward(String, Tensor, ReluMode)} sends a caller-given gradient from a blob down to the
 * input through the same layers, with a ReLU rule (STANDARD, DECONVNET, GUIDED); gradients of
 * every blob on the way ({@link #grad(String)}) and, when asked, of the weights ({@link Param#grad()})
 * are kept. Blobs consumed by several layers receive the sum of their gradients.
 * {@link #backward(Map, ReluMode, boolean)} starts from several blobs at once, in one sweep.
 *
 * <h2>Building</h2>
 * {@link #load(Path, Path, Device)} (prototxt + caffemodel), {@link #fromPrototxt(Path, Device)},
 * {@link #fromDef(NetDef, Device)}; built-in architectures in {@link BuiltinNets}; a model named as
 * a user names it (built-in or prototxt, weights file, bundled or random weights) by
 * {@link NetFiles#load(String, Path, Long, Device)}. For inference
 * (the default) the TEST-phase layers are kept, Data layers become inputs and loss/accuracy
 * layers are skipped ({@link #skippedLayers()}).
 */
public final class Net {
    /**
     * How a net definition is turned into a net.
     *
     * @param phase      which include/exclude rules apply
     * @param withLosses keep loss and accuracy layers (and the label inputs they read); false for inference
     */
    public record Options(NetDef.Phase phase, boolean withLosses) {
        /** TEST phase, losses skipped. */
        public static Options inference() {
            return new Options(NetDef.Phase.TEST, false);
        }
    }

    private final String name;
    private final Device device;
    private final BlobGraph graph;
    private final NetBackward backwardPass;
    // the graph's tables under short names
    private final List<InputLayer> inputs;
    private final List<Integer> inputNodes;
    private final List<Layer> layers;
    private final List<int[]> bottomsOf;
    private final List<int[]> topsOf;
    private final List<Node> nodes;
    private final Map<String, Integer> latest;
    private boolean[] computed;
    private boolean shaped;
    private LayerObserver observer;

    /** Told before and after each layer's forward and backward call (a per-layer timer, {@link NetTimer}). */
    public interface LayerObserver {
        void before(Layer layer, boolean backward);

        void after(Layer layer, boolean backward);
    }

    /** Sets the observer of every layer call from now on; null removes it. */
    public void observe(LayerObserver o) {
        this.observer = o;
    }

    private Net(NetDef def, Device device, Options options) {
        this.device = device;
        this.graph = new BlobGraph(def, options);
        this.backwardPass = new NetBackward(graph, device);
        this.name = graph.name;
        this.inputs = graph.inputs;
        this.inputNodes = graph.inputNodes;
        this.layers = graph.layers;
        this.bottomsOf = graph.bottomsOf;
        this.topsOf = graph.topsOf;
        this.nodes = graph.nodes;
        this.latest = graph.latest;
        computed = new boolean[layers.size()];
        ConcatInPlace.plan(graph, ConcatInPlace.enabled() && device.supportsChannelSlices());
        boolean allKnown = inputs.stream().allMatch(i -> i.declaredShape() != null);
        if (allKnown) {
            Map<String, Shape> shapes = new LinkedHashMap<>();
            for (InputLayer in : inputs) {
                shapes.put(in.name(), in.declaredShape());
            }
            reshape(shapes);
        }
    }

    // ---------------------------------------------------------------- building

    /** Builds a net for inference from a definition. */
    public static Net fromDef(NetDef def, Device device) {
        return new Net(def, device, Options.inference());
    }

    /** Builds a net from a definition with explicit options. */
    public static Net fromDef(NetDef def, Device device, Options options) {
        return new Net(def, device, options);
    }

    /** Reads a prototxt and builds the net for inference, weights zero until loaded ({@link NetFiles#fromPrototxt}). */
    public static Net fromPrototxt(Path prototxt, Device device) throws IOException {
        return NetFiles.fromPrototxt(prototxt, device);
    }

    /** Reads a prototxt and a caffemodel: the usual way to get a trained net ({@link NetFiles#load(Path, Path, Device)}). */
    public static Net load(Path prototxt, Path caffemodel, Device device) throws IOException {
        return NetFiles.load(prototxt, caffemodel, device);
    }

    /**
     * Loads a caffemodel with nothing but the file ({@link NetFiles#load(Path, Device)}): a built-in
     * architecture, or the definition stored in the file.
     *
     * @throws CaffeFormatException for a bad file, or one that is neither a built-in architecture
     *                              nor carries its definition
     */
    public static Net load(Path caffemodel, Device device) throws IOException {
        return NetFiles.load(caffemodel, device);
    }

    // ---------------------------------------------------------------- weights

    /**
     * Loads weights from a caffemodel (current or V1) or a Deep Compression {@code .net} file,
     * matching layers by name ({@link NetFiles#loadWeights}).
     *
     * @return the names of the layers that received weights
     * @throws CaffeFormatException for a bad file, one that disagrees with the net, or one that
     *                              lacks weights for some of the net's layers
     */
    public List<String> loadWeights(Path caffemodel) throws IOException {
        return NetFiles.loadWeights(this, caffemodel);
    }

    /** Writes the net as a current-format caffemodel, definition and weights ({@link NetFiles#save}). */
    public void saveWeights(Path caffemodel) throws IOException {
        NetFiles.save(this, caffemodel);
    }

    /**
     * Fills every weight with seeded random values (Gaussian, standard deviation
     * {@code sqrt(2 / fan_in)} for weights, small for biases): for tests and benchmarks.
     */
    public void randomizeWeights(long seed) {
        requireShaped();
        long s = seed;
        for (Layer l : layers) {
            for (Param p : l.params()) {
                Shape sh = p.shape();
                int fanIn = sh.rank() > 1 ? sh.size() / sh.dim(0) : 1;
                if (l instanceof org.convscope.nn.layers.InnerProductLayer ip && ip.transpose()) {
                    fanIn = sh.dim(0);
                }
                float std = p.role().equals("bias") ? 0.1f : (float) Math.sqrt(2.0 / fanIn);
                p.set(Tensor.normal(device, s++, 0f, std, sh.dims()));
            }
        }
    }

    // ---------------------------------------------------------------- shapes

    /**
     * Sets the input shapes and computes every blob shape (also done by {@link #forward} when the
     * input shape changes). The value and gradient tensors of every blob whose shape changes are
     * closed here (on an OpenCL device a dropped buffer is not reclaimed by the GC): a tensor got
     * from {@link #blob}, {@link #forward} or {@link #grad} before is then unusable on OpenCL;
     * copy what must outlive a reshape ({@code toArray()}, or a device copy).
     */
    public void reshape(Map<String, Shape> inputShapes) {
        for (int i = 0; i < inputs.size(); i++) {
            Shape s = inputShapes.get(inputs.get(i).name());
            if (s == null) {
                throw new IllegalArgumentException("no shape given for input '" + inputs.get(i).name() + "'");
            }
            nodes.get(inputNodes.get(i)).shape = s;
        }
        for (int li = 0; li < layers.size(); li++) {
            List<Shape> b = new ArrayList<>();
            for (int n : bottomsOf.get(li)) {
                b.add(nodes.get(n).shape);
            }
            List<Shape> t;
            try {
                t = layers.get(li).reshape(b, device);
            } catch (IllegalArgumentException e) {
                throw e.getMessage() != null && e.getMessage().startsWith(layers.get(li).name())
                        ? e : new IllegalArgumentException(layers.get(li).name() + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < t.size(); i++) {
                nodes.get(topsOf.get(li)[i]).shape = t.get(i);
            }
        }
        for (Node n : nodes) {
            if (n.value != null && !n.value.shape().equals(n.shape)) {
                // freed now: on an OpenCL device a dropped tensor's buffer is not reclaimed by the GC
                n.value.close();
                n.value = null;
                if (n.grad != null) {
                    n.grad.close();
                }
                n.grad = null;
            }
        }
        Arrays.fill(computed, false);
        shaped = true;
    }

    /** Reshapes for a new batch size, keeping each input's other dimensions. */
    public void reshapeBatch(int n) {
        requireShaped();
        Map<String, Shape> m = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            m.put(inputs.get(i).name(), nodes.get(inputNodes.get(i)).shape.withFirst(n));
        }
        reshape(m);
    }

    private void requireShaped() {
        if (!shaped) {
            for (InputLayer in : inputs) {
                if (in.declaredShape() == null) {
                    throw new IllegalArgumentException(undeclaredShape(in.name()));
                }
            }
            throw new IllegalStateException("net '" + name + "' has no input shape yet: call reshape or forward with an input");
        }
    }

    private String undeclaredShape(String input) {
        return "net '" + name + "' declares no shape for its input '" + input + "': add input_dim (or input_shape,"
                + " or an Input layer with input_param { shape { dim: ... } }) to the prototxt";
    }

    /**
     * The input's declared shape, refusing a net that declares none (a deploy prototxt without
     * input dimensions) with a message saying what to add.
     */
    public Shape requireDeclaredInputShape(String input) {
        Shape s = declaredInputShape(input);
        if (s == null) {
            throw new IllegalArgumentException(undeclaredShape(input));
        }
        return s;
    }

    /** The shape of a blob ({@code "conv1"} or {@code "conv1@conv1"}). */
    public Shape shape(String ref) {
        requireShaped();
        return nodes.get(node(ref)).shape;
    }

    // ---------------------------------------------------------------- forward

    /**
     * Runs the net on {@code input} (its only input) up to the blob {@code target} and returns that
     * blob's value (owned by the net: valid until the next forward pass). A different input shape
     * reshapes the net, which closes the tensors of the old shapes ({@link #reshape}).
     */
    public Tensor forward(Tensor input, String target) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("net '" + name + "' has " + inputs.size() + " inputs " + inputNames()
                    + "; use forward(Map, targets)");
        }
        return forward(Map.of(inputs.get(0).name(), input), target).get(target);
    }

    /**
     * Continues the last forward pass up to {@code target} with the same inputs: only layers not yet
     * run for them are run (forward to {@code conv5}, then to {@code prob}, costs one pass).
     */
    public Tensor forward(String target) {
        for (int i : inputNodes) {
            if (nodes.get(i).value == null) {
                throw new IllegalStateException("no input yet: call forward with an input first");
            }
        }
        int t = node(target);
        boolean[] need = ancestors(t);
        runLayers(need);
        return ConcatInPlace.exposed(nodes.get(t), false, device);
    }

    /** Runs the whole net on its only input; returns the last layer's first top. */
    public Tensor forward(Tensor input) {
        return forward(input, outputName());
    }

    /**
     * Runs the layers needed for the target blobs, with the given inputs (by input blob name).
     *
     * @return each target's value, by reference
     */
    public Map<String, Tensor> forward(Map<String, Tensor> given, String... targets) {
        int[] targetNodes = new int[targets.length];
        for (int i = 0; i < targets.length; i++) {
            targetNodes[i] = node(targets[i]);
        }
        setInputs(given);
        runLayers(ancestors(targetNodes));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < targets.length; i++) {
            out.put(targets[i], ConcatInPlace.exposed(nodes.get(targetNodes[i]), false, device));
        }
        return out;
    }

    private void runLayers(boolean[] need) {
        for (int li = 0; li < layers.size(); li++) {
            if (!need[li] || computed[li]) {
                continue;
            }
            List<Tensor> b = new ArrayList<>();
            for (int n : bottomsOf.get(li)) {
                b.add(nodes.get(n).value);
            }
            List<Tensor> t = new ArrayList<>();
            for (int n : topsOf.get(li)) {
                t.add(valueOf(nodes.get(n)));
            }
            Layer layer = layers.get(li);
            if (observer != null) {
                observer.before(layer, false);
            }
            layer.forward(device, b, t);
            if (observer != null) {
                observer.after(layer, false);
            }
            computed[li] = true;
        }
    }

    private void setInputs(Map<String, Tensor> given) {
        for (String k : given.keySet()) {
            if (!inputNames().contains(k)) {
                throw new IllegalArgumentException("net '" + name + "' has no input '" + k + "'; inputs: " + inputNames());
            }
        }
        boolean reshapeNeeded = !shaped;
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            String in = inputs.get(i).name();
            Tensor t = given.get(in);
            Node node = nodes.get(inputNodes.get(i));
            if (t == null) {
                if (node.value == null) {
                    throw new IllegalArgumentException("no value given for input '" + in + "'");
                }
                shapes.put(in, node.shape);
                continue;
            }
            shapes.put(in, t.shape());
            if (!t.shape().equals(node.shape)) {
                reshapeNeeded = true;
            }
        }
        if (reshapeNeeded) {
            reshape(shapes);
        }
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = given.get(inputs.get(i).name());
            if (t != null) {
                Node node = nodes.get(inputNodes.get(i));
                Tensor dst = valueOf(node);
                if (t.device() == device) {
                    device.copy(t, dst);
                } else {
                    device.write(dst, t.toArray());
                }
            }
        }
        Arrays.fill(computed, false);
    }

    private Tensor valueOf(Node n) {
        return ConcatInPlace.value(graph, n, device);
    }

    /** Turns writing each Concat's parts into its output ({@link ConcatInPlace}) on or off; frees the blobs. */
    public void concatInPlace(boolean on) {
        releaseBlobs();
        ConcatInPlace.plan(graph, on && device.supportsChannelSlices());
    }

    /** Whether the net keeps this value inside a Concat's output ({@link ConcatInPlace}; the timer, tests). */
    boolean inPlace(String ref) {
        return nodes.get(node(ref)).concat >= 0;
    }

    /**
     * Frees every blob's value and gradient (device memory; the weights stay): for a net made for
     * one job, e.g. a truncated copy an optimizer runs on. The next forward pass allocates them again;
     * tensors obtained from {@link #blob} or {@link #grad} before are closed.
     */
    public void releaseBlobs() {
        for (Node n : nodes) {
            if (n.value != null) {
                n.value.close();
                n.value = null;
            }
            if (n.grad != null) {
                n.grad.close();
                n.grad = null;
            }
            for (Tensor t : n.scratch) {
                if (t != null) {
                    t.close();
                }
            }
            n.scratch.clear();
            n.gradValid = false;
            ConcatInPlace.release(n);
        }
        for (Layer l : layers) {
            l.releaseBuffers();
        }
        Arrays.fill(computed, false);
    }

    private boolean[] ancestors(int... targetNodes) {
        return graph.ancestors(targetNodes);
    }

    /**
     * The value of a blob after the last forward pass ({@code "conv1"}, {@code "conv1@conv1"}); owned
     * by the net: overwritten by the next forward pass, and closed by a {@link #reshape} (or a
     * forward pass with an input of another shape) that changes its shape.
     */
    public Tensor blob(String ref) {
        Node n = nodes.get(node(ref));
        if (n.value == null || (n.layer >= 0 && !computed[n.layer])) {
            throw new IllegalStateException("blob '" + ref + "' has not been computed: run forward up to it first");
        }
        return ConcatInPlace.exposed(n, false, device);
    }

    // ---------------------------------------------------------------- backward

    /**
     * Backward from a blob with a caller-given gradient, down to the input (weights untouched).
     *
     * @param from    blob reference; forward must have run up to it
     * @param topGrad gradient of that blob, same shape
     * @param mode    the ReLU backward rule
     * @return the gradient of the (first) input; owned by the net until the next backward pass
     */
    public Tensor backward(String from, Tensor topGrad, ReluMode mode) {
        return backward(from, topGrad, mode, false);
    }

    /**
     * Backward as {@link #backward(String, Tensor, ReluMode)}; with {@code paramGrads} the weight
     * gradients are added to each {@link Param#grad()} (zero them with {@link #zeroParamGrads()}).
     */
    public Tensor backward(String from, Tensor topGrad, ReluMode mode, boolean paramGrads) {
        Map<String, Tensor> one = new HashMap<>(1);
        one.put(from, topGrad);
        return backward(one, mode, paramGrads);
    }

    /**
     * Backward from several blobs at once, down to the input (weights untouched): the gradient of
     * {@code sum_b <topGrads[b], b>}, equal to the sum of one {@link #backward(String, Tensor, ReluMode)}
     * per blob but in one sweep. See {@link #backward(Map, ReluMode, boolean)}.
     */
    public Tensor backward(Map<String, Tensor> topGrads, ReluMode mode) {
        return backward(topGrads, mode, false);
    }

    /**
     * Backward from several blobs in one sweep from the highest layer down: each given gradient is
     * injected at its blob, added to whatever flows into that blob from the layers above it (a blob
     * may be an ancestor of another). With the STANDARD rule the pass is linear in the top
     * gradients, so this is the sum of one single-blob backward pass per entry at the cost of one
     * pass: what a loss summed over several layers (neural style's Gram and content terms) needs.
     * The DECONVNET and GUIDED rules are not linear; they apply to the summed signal. Two references
     * to the same value ({@code "conv1"} and {@code "conv1@relu1"}) add up. Gradients of every blob
     * on the way stay readable through {@link #grad(String)} until the next backward pass.
     *
     * @param topGrads   blob reference to its gradient (same shape as the blob); forward must have
     *                   run up to every one of them; not empty
     * @param mode       the ReLU backward rule
     * @param paramGrads also add the weight gradients to each {@link Param#grad()}
     * @return the gradient of the (first) input; owned by the net until the next backward pass
     */
    public Tensor backward(Map<String, Tensor> topGrads, ReluMode mode, boolean paramGrads) {
        return backwardPass.run(topGrads, mode, paramGrads, computed, observer);
    }

    /** The gradient of a blob from the last backward pass (zeros where none arrived). */
    public Tensor grad(String ref) {
        Node n = nodes.get(node(ref));
        if (!n.gradValid) {
            throw new IllegalStateException("blob '" + ref + "' received no gradient in the last backward pass");
        }
        return ConcatInPlace.exposed(n, true, device);
    }

    /** Zeroes every weight gradient. */
    public void zeroParamGrads() {
        params().values().forEach(Param::zeroGrad);
    }

    // ---------------------------------------------------------------- names

    private int node(String ref) {
        return graph.node(ref);
    }

    /** The net's name. */
    public String name() {
        return name;
    }

    public Device device() {
        return device;
    }

    /** Input blob names. */
    public List<String> inputNames() {
        return inputs.stream().map(InputLayer::name).toList();
    }

    /** The shape of an input as the definition declares it (null when it does not). */
    public Shape declaredInputShape(String input) {
        for (InputLayer i : inputs) {
            if (i.name().equals(input)) {
                return i.declaredShape();
            }
        }
        throw new IllegalArgumentException("net '" + name + "' has no input '" + input + "'; inputs: " + inputNames());
    }

    /** Each input's shape as last set by a reshape or forward pass (the value null before it has one). */
    public Map<String, Shape> currentInputShapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            m.put(inputs.get(i).name(), nodes.get(inputNodes.get(i)).shape);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Distinct blob names in order of first appearance (references to final values). */
    public List<String> blobNames() {
        return List.copyOf(latest.keySet());
    }

    /** Every blob value as an explicit {@code blob@layer} reference, in computation order. */
    public List<String> blobRefs() {
        return graph.refs();
    }

    /** The first top of the last layer: the net's output ({@code prob} for classifiers). */
    public String outputName() {
        return layers.isEmpty() ? inputs.get(0).name() : layers.get(layers.size() - 1).def().tops().get(0);
    }

    /** The computing layers in order (inputs and skipped layers excluded). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Layer names in order. */
    public List<String> layerNames() {
        return layers.stream().map(Layer::name).toList();
    }

    /** The layers of the definition that were recognized and skipped (Data, loss, accuracy). */
    public List<LayerDef> skippedLayers() {
        return Collections.unmodifiableList(graph.skipped);
    }

    /** A layer by name. */
    public Layer layer(String layerName) {
        return layers.stream().filter(l -> l.name().equals(layerName)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("net '" + name + "' has no layer '" + layerName + "'; layers: "
                        + String.join(", ", layerNames())));
    }

    /** Bottom blob references ({@code blob@layer}) of a layer. */
    public List<String> bottomRefs(String layerName) {
        return graph.refs(bottomsOf.get(layers.indexOf(layer(layerName))));
    }

    /** Top blob references ({@code blob@layer}) of a layer. */
    public List<String> topRefs(String layerName) {
        return graph.refs(topsOf.get(layers.indexOf(layer(layerName))));
    }

    /** Every learned parameter, by {@code layer.role} ({@code conv1.weights}, {@code conv1.bias}). */
    public Map<String, Param> params() {
        Map<String, Param> m = new LinkedHashMap<>();
        for (Layer l : layers) {
            for (Param p : l.params()) {
                m.put(l.name() + "." + p.role(), p);
            }
        }
        return m;
    }

    /**
     * Bytes the blobs take at the current shapes (every value, float32; in-place layers counted
     * once per blob they write; not a Concat's part kept in its output): the memory a forward pass
     * needs besides the weights; a backward pass needs as much again for the gradients.
     */
    public long blobBytes() {
        requireShaped();
        long b = 0;
        for (Node n : nodes) {
            if (n.shape != null && n.concat < 0) {
                long c = 4;
                for (int d : n.shape.dims()) {
                    c *= d;
                }
                b += c;
            }
        }
        return b;
    }

    /** Number of learned values. */
    public long parameterCount() {
        return params().values().stream().filter(p -> p.shape() != null).mapToLong(p -> p.shape().size()).sum();
    }

    @Override
    public String toString() {
        return "Net[" + name + ", " + layers.size() + " layers, inputs " + inputNames() + ", on " + device.name() + "]";
    }
}
