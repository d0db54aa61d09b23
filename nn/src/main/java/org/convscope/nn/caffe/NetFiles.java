package org.convscope.nn.caffe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
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

    /** Reads a prototxt and a weights file (caffemodel or {@code .net}): the usual way to get a trained net. */
    public static Net load(Path prototxt, Path weights, Device device) throws IOException {
        Net net = Net.fromPrototxt(prototxt, device);
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
        List<String> loaded = new ArrayList<>();
        List<String> inFile = new ArrayList<>();
        String source = caffemodel.getFileName().toString();
        if (DeepCompression.isNetFile(caffemodel)) {
            List<CaffeModel.LayerWeights> read = DeepCompression.read(caffemodel,
                    deepCompressionLayers(net, caffemodel.toString()));
            assign(net, read, source);
            return read.stream().map(CaffeModel.LayerWeights::name).toList();
        }
        Device device = net.device();
        CaffeModel.read(caffemodel, lw -> {
            Layer l = findLayer(net, lw.name());
            if (!lw.blobs().isEmpty()) {
                inFile.add(lw.name());
            }
            if (l == null || lw.blobs().isEmpty()) {
                return;
            }
            List<Param> params = l.params();
            if (params.size() != lw.blobs().size()) {
                throw new CaffeFormatException(source + ": layer '" + lw.name() + "' has " + lw.blobs().size()
                        + " blobs in the file, the prototxt's " + l.type() + " layer needs " + params.size());
            }
            try {
                for (int i = 0; i < params.size(); i++) {
                    params.get(i).load(lw.blobs().get(i), device, source);
                }
            } catch (IllegalArgumentException e) {
                throw new CaffeFormatException(e.getMessage(), e);
            }
            loaded.add(lw.name());
        });
        boolean any = net.layers().stream().anyMatch(l -> !l.params().isEmpty());
        if (any && loaded.isEmpty()) {
            throw new CaffeFormatException(caffemodel + ": holds weights for none of the layers of net '" + net.name()
                    + "' (" + String.join(", ", net.layerNames()) + ")");
        }
        requireAllWeights(net, loaded, inFile, caffemodel.toString());
        return loaded;
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
    public static List<DeepCompression.LayerSpec> deepCompressionLayers(Net net, String source) throws CaffeFormatException {
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

    /** Gives each layer the blobs read for it (by name); layers of the file the net lacks are ignored. */
    public static void assign(Net net, List<CaffeModel.LayerWeights> fileLayers, String source) throws CaffeFormatException {
        int loaded = 0;
        List<String> names = new ArrayList<>();
        List<String> inFile = new ArrayList<>();
        for (CaffeModel.LayerWeights lw : fileLayers) {
            Layer l = findLayer(net, lw.name());
            if (!lw.blobs().isEmpty()) {
                inFile.add(lw.name());
            }
            if (l == null || lw.blobs().isEmpty()) {
                continue;
            }
            names.add(lw.name());
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
            loaded++;
        }
        if (loaded == 0 && net.layers().stream().anyMatch(l -> !l.params().isEmpty())) {
            throw new CaffeFormatException(source + ": holds weights for none of the layers of net '" + net.name()
                    + "' (" + String.join(", ", net.layerNames()) + ")");
        }
        requireAllWeights(net, names, inFile, source);
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
