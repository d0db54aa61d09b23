package org.convscope.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.convscope.nn.caffe.BlobData;
import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.CaffeModel;
import org.convscope.nn.caffe.DeepCompression;
import org.convscope.nn.caffe.Message;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;

/**
 * A {@link Net}'s Caffe files: the one loader for "prototxt + weights" ({@link #load(Path, Path, Device)}),
 * "weights alone" ({@link #load(Path, Device)}) and weights into an existing net
 * ({@link #loadWeights}, which tells a caffemodel from a Deep Compression {@code .net} file by the
 * file), and the writer of a current-format caffemodel ({@link #save}). {@link Net} keeps thin
 * methods of the same names that call these.
 */
public final class NetFiles {
    private NetFiles() {
    }

    /** {@link #load(String, Path, Long, Device, Consumer)} with nothing to check before the weights. */
    public static Net load(String model, Path weights, Long randomSeed, Device device) throws IOException {
        return load(model, weights, randomSeed, device, net -> { });
    }

    /**
     * A net as a user names it, with its weights: the one resolver behind the {@code convscope} and
     * {@code convscope-spark} model options ({@code vis.data.NetSpec}). The weights are the file when
     * one is given (a caffemodel or a Deep Compression {@code .net}); else a built-in net's bundled
     * weights ({@link BuiltinNets#pretrained}); else random ones from {@code randomSeed}
     * ({@link Net#randomizeWeights}).
     *
     * @param model         a built-in name or a prototxt file ({@link #architecture}); null when the
     *                      weights file alone names the net ({@link #load(Path, Device)})
     * @param weights       the weights file, or null
     * @param randomSeed    seed of random weights, or null
     * @param beforeWeights runs on the net built from {@code model} before its weights are read or
     *                      drawn (a front end's limits); not for a weights file alone or bundled weights
     * @throws IllegalArgumentException when neither a model nor a weights file is given, both a
     *                                  weights file and a seed are, or the net has no weights to get
     */
    public static Net load(String model, Path weights, Long randomSeed, Device device, Consumer<Net> beforeWeights)
            throws IOException {
        if (weights != null && randomSeed != null) {
            throw new IllegalArgumentException("give a weights file or a random seed, not both");
        }
        if (model == null) {
            if (weights == null) {
                throw new IllegalArgumentException("give a model (a built-in name or a prototxt) and/or a weights file");
            }
            return load(weights, device);
        }
        if (weights == null && randomSeed == null && BuiltinNets.hasBundledWeights(model)) {
            return BuiltinNets.pretrained(model, device);
        }
        Net net = architecture(model, device);
        beforeWeights.accept(net);
        if (weights != null) {
            loadWeights(net, weights);
        } else if (randomSeed != null) {
            net.randomizeWeights(randomSeed);
        } else {
            throw new IllegalArgumentException("net '" + net.name() + "' needs weights: give its caffemodel"
                    + " (or random weights from a seed to try it out)");
        }
        return net;
    }

    /**
     * A net's architecture with zero weights: a built-in name ({@link BuiltinNets#create}) or a
     * prototxt file.
     *
     * @throws IllegalArgumentException when {@code model} is neither
     */
    public static Net architecture(String model, Device device) throws IOException {
        if (BuiltinNets.isBuiltin(model)) {
            return BuiltinNets.create(model, device);
        }
        Path prototxt = Path.of(model);
        if (!Files.isRegularFile(prototxt)) {
            throw new IllegalArgumentException("'" + model + "' is neither a built-in net ("
                    + String.join(", ", BuiltinNets.names()) + ") nor an existing prototxt file");
        }
        return fromPrototxt(prototxt, device);
    }

    /** Reads a prototxt and builds the net for inference (weights are zero until loaded). */
    public static Net fromPrototxt(Path prototxt, Device device) throws IOException {
        return Net.fromDef(NetDef.read(prototxt), device);
    }

    /** Reads a prototxt and a weights file (caffemodel or {@code .net}): the usual way to get a trained net. */
    public static Net load(Path prototxt, Path weights, Device device) throws IOException {
        Net net = fromPrototxt(prototxt, device);
        loadWeights(net, weights);
        return net;
    }

    /**
     * Loads weights from a caffemodel (current or V1 format), streaming: each layer's floats go
     * straight into its tensors. Layers are matched by name; layers in the file that the net
     * does not have (Data, loss) are ignored. A Deep Compression file ({@code .net}) is read with
     * {@link DeepCompression}: its layers are the net's Convolution and InnerProduct layers in order.
     *
     * @return the names of the layers that received weights
     * @throws CaffeFormatException for a truncated or corrupt file, a file that is not a caffemodel,
     *                              a blob count or shape that disagrees with the net, or a file
     *                              that has weights for none of the net's layers
     */
    public static List<String> loadWeights(Net net, Path caffemodel) throws IOException {
        Assignment a = new Assignment(net, caffemodel.getFileName().toString());
        if (DeepCompression.isNetFile(caffemodel)) {
            for (CaffeModel.LayerWeights lw : DeepCompression.read(caffemodel, deepCompressionLayers(net, caffemodel.toString()))) {
                a.take(lw);
            }
        } else {
            CaffeModel.read(caffemodel, a::take);
        }
        return a.finish(caffemodel.toString());
    }

    /**
     * Weights read from a file going into a net's parameters, layer by layer as the file is read,
     * matched by name; the file's layers the net lacks (Data, loss) are ignored.
     */
    private static final class Assignment {
        private final Net net;
        private final String source;
        private final List<String> loaded = new ArrayList<>();
        private final List<String> inFile = new ArrayList<>();

        Assignment(Net net, String source) {
            this.net = net;
            this.source = source;
        }

        void take(CaffeModel.LayerWeights lw) throws CaffeFormatException {
            if (lw.blobs().isEmpty()) {
                return;
            }
            inFile.add(lw.name());
            Layer l = findLayer(net, lw.name());
            if (l == null) {
                return;
            }
            List<Param> params = l.params();
            if (params.size() != lw.blobs().size()) {
                throw new CaffeFormatException(source + ": layer '" + lw.name() + "' has " + lw.blobs().size()
                        + " blobs in the file, the net's " + l.type() + " layer needs " + params.size());
            }
            try {
                for (int i = 0; i < params.size(); i++) {
                    params.get(i).load(lw.blobs().get(i), net.device(), source);
                }
            } catch (IllegalArgumentException e) {
                throw new CaffeFormatException(e.getMessage(), e);
            }
            loaded.add(lw.name());
        }

        /** Refuses a file that gave none, or not all, of the net's parameterized layers their weights. */
        List<String> finish(String file) throws CaffeFormatException {
            if (loaded.isEmpty() && net.layers().stream().anyMatch(l -> !l.params().isEmpty())) {
                throw new CaffeFormatException(file + ": holds weights for none of the layers of net '" + net.name()
                        + "' (" + String.join(", ", net.layerNames()) + ")");
            }
            requireAllWeights(net, loaded, inFile, file);
            return loaded;
        }
    }

    /**
     * A layer with parameters that the file did not provide would compute with zeros and give a
     * plausible-looking but meaningless answer: refused, naming the layers (a file cut at a layer
     * boundary, or a layer renamed in the prototxt). Nets that start without weights use
     * {@link Net#randomizeWeights} or the trainer's fillers instead of a file.
     */
    private static void requireAllWeights(Net net, Collection<String> loaded, List<String> inFile, String source)
            throws CaffeFormatException {
        List<String> missing = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (!l.params().isEmpty() && !loaded.contains(l.name())) {
                missing.add("'" + l.name() + "' (" + l.type() + ")");
            }
        }
        if (!missing.isEmpty()) {
            List<String> unused = new ArrayList<>(inFile);
            unused.removeAll(loaded);
            throw new CaffeFormatException(source + ": has no weights for layer" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " of net '" + net.name() + "': the file is truncated or is for another net,"
                    + " or the prototxt names the layer differently"
                    + (unused.isEmpty() ? "" : " (the file's layers with weights the net lacks: " + String.join(", ", unused) + ")"));
        }
    }

    /**
     * Writes the net as a current-format caffemodel: its whole definition (an Input layer per input
     * at the current shape, then every layer with its parameters, in Caffe's schema) and the weights
     * (BlobShape, packed floats). {@code read(write(net))} gives back the same weights bit for bit,
     * and {@link #load(Path, Device)} rebuilds the net from the file alone. Written beside the
     * target and moved into place: a failure leaves any existing file untouched.
     */
    public static void save(Net net, Path caffemodel) throws IOException {
        try (CaffeModel.Writer w = CaffeModel.Writer.open(caffemodel, net.name())) {
            for (Map.Entry<String, Shape> in : net.currentInputShapes().entrySet()) {
                Shape s = in.getValue();
                w.layer(CaffeModel.LayerWeights.input(in.getKey(), s == null ? null : s.dims()));
            }
            for (Layer l : net.layers()) {
                List<BlobData> blobs = new ArrayList<>();
                for (Param p : l.params()) {
                    if (p.value() == null) {
                        throw new IllegalStateException(l.name() + ": " + p.role()
                                + " have no shape yet (give the net an input shape first)");
                    }
                    long[] dims = Arrays.stream(p.value().shape().dims()).asLongStream().toArray();
                    blobs.add(new BlobData(dims, false, p.value().toArray()));
                }
                w.layer(CaffeModel.LayerWeights.of(l.def(), blobs));
            }
            w.commit();
        }
    }

    /**
     * Loads a caffemodel with nothing but the file, in one pass: a file of a built-in architecture
     * (bvlc_alexnet, bvlc_reference_caffenet, VGG16/19 in V1 format, bvlc_googlenet, LeNet) gets that
     * architecture's deploy definition ({@link BuiltinNets#identify}); any other current-format file
     * is rebuilt from the layer definitions stored in it (a training net's Data layer becomes an
     * input whose shape the first forward pass sets). The floats read become the weights (no
     * second copy on the CPU device).
     *
     * @throws CaffeFormatException for a bad file, or one that is neither a built-in architecture
     *                              nor carries its definition
     */
    public static Net load(Path caffemodel, Device device) throws IOException {
        DeepCompression.requireDefinitionGiven(caffemodel);
        List<CaffeModel.LayerWeights> layers = new ArrayList<>();
        CaffeModel.Header header = CaffeModel.read(caffemodel, layers::add);
        String builtin = BuiltinNets.identify(header.name(), layers);
        Net net;
        if (builtin != null) {
            net = BuiltinNets.create(builtin, device);
        } else {
            if (header.legacy() || layers.stream().anyMatch(l -> l.type().isEmpty())) {
                List<String> weighted = layers.stream().filter(l -> !l.blobs().isEmpty()).map(CaffeModel.LayerWeights::name).toList();
                throw new CaffeFormatException(caffemodel + ": net '" + header.name() + "' with weighted layers "
                        + weighted + " is none of the built-in architectures (" + String.join(", ", BuiltinNets.names())
                        + ") and its file does not carry the layer definitions; give its prototxt");
            }
            Message netMsg = header.net();
            for (CaffeModel.LayerWeights l : layers) {
                netMsg.add("layer", l.definition());
            }
            try {
                net = Net.fromDef(NetDef.fromMessage(netMsg, caffemodel.toString()), device);
            } catch (IllegalArgumentException e) {
                throw new CaffeFormatException(caffemodel + ": the net defined in the file does not build ("
                        + e.getMessage() + "); is the file truncated?", e);
            }
        }
        assign(net, layers, caffemodel.getFileName().toString());
        layers.clear();
        return net;
    }

    /**
     * The parameterized layers in definition order, as a Deep Compression ({@code .net}) file stores
     * them: Convolution and InnerProduct with a bias, shapes known (from the declared input shape).
     */
    static List<DeepCompression.LayerSpec> deepCompressionLayers(Net net, String source) throws CaffeFormatException {
        List<DeepCompression.LayerSpec> specs = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (l.params().isEmpty()) {
                continue;
            }
            boolean fc = l.type().equals("InnerProduct");
            Shape w = l.params().get(0).shape();
            if (!fc && !l.type().equals("Convolution") || l.params().size() != 2) {
                throw new CaffeFormatException(source + ": layer '" + l.name() + "' (" + l.type() + ", "
                        + l.params().size() + " blobs): a Deep Compression file holds only Convolution and "
                        + "InnerProduct layers with a bias");
            }
            if (w == null) {
                throw new CaffeFormatException(source + ": layer '" + l.name() + "': its weight shape is not known: "
                        + "the prototxt must declare the input shape to read a Deep Compression file");
            }
            specs.add(new DeepCompression.LayerSpec(l.name(), fc, w.dims(), l.params().get(1).shape().size()));
        }
        return specs;
    }

    /** Loads weights from a Deep Compression stream (a built-in net's bundled {@code .net} resource). */
    static void loadDeepCompression(Net net, InputStream in, String source) throws IOException {
        assign(net, DeepCompression.read(in, source, deepCompressionLayers(net, source)), source);
    }

    /** Gives each layer the blobs read for it (by name); layers of the file the net lacks are ignored. */
    private static void assign(Net net, List<CaffeModel.LayerWeights> fileLayers, String source) throws CaffeFormatException {
        Assignment a = new Assignment(net, source);
        for (CaffeModel.LayerWeights lw : fileLayers) {
            a.take(lw);
        }
        a.finish(source);
    }

    private static Layer findLayer(Net net, String layerName) {
        for (Layer l : net.layers()) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        return null;
    }
}
