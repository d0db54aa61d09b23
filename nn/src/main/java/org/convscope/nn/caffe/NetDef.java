package org.convscope.nn.caffe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.convscope.tensor.Shape;

/**
 * A net definition read from a prototxt: its inputs and its layers in file order, in either
 * Caffe format.
 *
 * <ul>
 * <li>Current format: {@code layer { type: "Convolution" ... }} (NetParameter field 100).</li>
 * <li>Legacy V1: {@code layers { type: CONVOLUTION ... }} (field 2); types are translated to the
 *     current names ({@link V1Types}), parameter sub-messages have the same names.</li>
 * <li>Inputs: an {@code Input} layer with {@code input_param { shape { dim ... } }}; or top-level
 *     {@code input} names with {@code input_dim} (four per input) or {@code input_shape} messages.
 *     Inputs are returned by {@link #inputs()}; Input layers are not in {@link #layers()}.</li>
 * </ul>
 *
 * @param name   the net's name
 * @param legacy true for V1 {@code layers}
 * @param inputs declared inputs (the shape is null where the file does not give one, e.g. the
 *               {@code data} top of a training net's Data layer)
 * @param layers every layer in file order except Input layers
 */
public record NetDef(String name, boolean legacy, List<InputDef> inputs, List<LayerDef> layers) {

    /**
     * A net input.
     *
     * @param name  blob name
     * @param shape declared shape, or null when unknown until the first forward pass
     */
    public record InputDef(String name, Shape shape) {
    }

    /** Caffe's phases, for {@code include}/{@code exclude} rules. */
    public enum Phase { TRAIN, TEST }

    public NetDef {
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
    }

    /** Reads a prototxt file. */
    public static NetDef read(Path prototxt) throws IOException {
        return fromMessage(TextFormat.parse(prototxt), prototxt.toString());
    }

    /** Parses prototxt text; {@code source} names it in messages. */
    public static NetDef parse(String text, String source) throws CaffeFormatException {
        return fromMessage(TextFormat.parse(text, source), source);
    }

    /** Reads a NetParameter message tree. */
    public static NetDef fromMessage(Message net, String source) throws CaffeFormatException {
        try {
            return build(net, source);
        } catch (IllegalArgumentException e) {
            throw new CaffeFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** NetParameter's fields (Caffe's schema). */
    private static final java.util.Set<String> NET_FIELDS = java.util.Set.of("name", "input", "input_shape",
            "input_dim", "force_backward", "state", "debug_info", "layer", "layers");

    /** LayerParameter's fields (Caffe's schema). */
    private static final java.util.Set<String> LAYER_FIELDS = java.util.Set.of("name", "type", "bottom", "top",
            "phase", "loss_weight", "param", "blobs", "propagate_down", "include", "exclude", "transform_param",
            "loss_param", "accuracy_param", "argmax_param", "batch_norm_param", "bias_param", "clip_param",
            "concat_param", "contrastive_loss_param", "convolution_param", "crop_param", "data_param",
            "dropout_param", "dummy_data_param", "eltwise_param", "elu_param", "embed_param", "exp_param",
            "flatten_param", "hdf5_data_param", "hdf5_output_param", "hinge_loss_param", "image_data_param",
            "infogain_loss_param", "inner_product_param", "input_param", "log_param", "lrn_param",
            "memory_data_param", "mvn_param", "parameter_param", "pooling_param", "power_param", "prelu_param",
            "python_param", "recurrent_param", "reduction_param", "relu_param", "reshape_param", "scale_param",
            "sigmoid_param", "softmax_param", "spp_param", "slice_param", "swish_param", "tanh_param",
            "threshold_param", "tile_param", "window_data_param");

    /** V1LayerParameter's fields (Caffe's schema). */
    private static final java.util.Set<String> V1_LAYER_FIELDS = java.util.Set.of("bottom", "top", "name",
            "include", "exclude", "type", "blobs", "param", "blob_share_mode", "blobs_lr", "weight_decay",
            "loss_weight", "accuracy_param", "argmax_param", "concat_param", "contrastive_loss_param",
            "convolution_param", "data_param", "dropout_param", "dummy_data_param", "eltwise_param", "exp_param",
            "hdf5_data_param", "hdf5_output_param", "hinge_loss_param", "image_data_param", "infogain_loss_param",
            "inner_product_param", "lrn_param", "memory_data_param", "mvn_param", "pooling_param", "power_param",
            "relu_param", "sigmoid_param", "softmax_param", "slice_param", "tanh_param", "threshold_param",
            "window_data_param", "transform_param", "loss_param", "layer");

    private static void knownFields(Message m, java.util.Set<String> known, String where, String source)
            throws CaffeFormatException {
        for (String f : m.names()) {
            if (!known.contains(f)) {
                throw new CaffeFormatException(source + ": " + where + " has an unknown field '" + f
                        + "' (a typo, or a field of another message?)");
            }
        }
    }

    private static NetDef build(Message net, String source) throws CaffeFormatException {
        knownFields(net, NET_FIELDS, "the net", source);
        boolean hasV1 = net.has("layers");
        boolean hasV2 = net.has("layer");
        if (!hasV1 && !hasV2 && !net.has("input")) {
            throw new CaffeFormatException(source + ": " + (net.fields().isEmpty() ? "empty: " : "")
                    + "holds no layers and no inputs: not a net definition");
        }
        if (hasV1 && hasV2) {
            throw new CaffeFormatException(source + ": mixes legacy 'layers' and current 'layer' entries");
        }
        List<InputDef> inputs = new ArrayList<>();
        List<String> inputNames = net.strings("input");
        List<Long> inputDims = net.integers("input_dim");
        List<Message> inputShapes = net.messages("input_shape");
        if (!inputDims.isEmpty() && inputDims.size() != 4 * inputNames.size()) {
            throw new CaffeFormatException(source + ": " + inputNames.size() + " inputs need " + 4 * inputNames.size()
                    + " input_dim values, found " + inputDims.size());
        }
        if (!inputShapes.isEmpty() && inputShapes.size() != inputNames.size()) {
            throw new CaffeFormatException(source + ": " + inputNames.size() + " inputs but "
                    + inputShapes.size() + " input_shape entries");
        }
        for (int i = 0; i < inputNames.size(); i++) {
            Shape shape = null;
            if (!inputDims.isEmpty()) {
                shape = shapeOf(inputDims.subList(4 * i, 4 * i + 4), source, inputNames.get(i));
            } else if (!inputShapes.isEmpty()) {
                shape = shapeOf(inputShapes.get(i).integers("dim"), source, inputNames.get(i));
            }
            inputs.add(new InputDef(inputNames.get(i), shape));
        }
        List<LayerDef> layers = new ArrayList<>();
        for (Message l : net.messages(hasV1 ? "layers" : "layer")) {
            String name = l.string("name", "");
            knownFields(l, hasV1 ? V1_LAYER_FIELDS : LAYER_FIELDS, "layer '" + name + "'", source);
            String type;
            if (hasV1) {
                String v1 = l.string("type", "NONE");
                type = V1Types.typeOf(v1);
                if (type == null) {
                    throw new CaffeFormatException(source + ": layer '" + name + "' has unknown V1 type " + v1);
                }
            } else {
                type = l.string("type", "");
            }
            if (name.isEmpty()) {
                name = type.toLowerCase() + layers.size();
            }
            LayerDef def = new LayerDef(name, type, l.strings("bottom"), l.strings("top"), l);
            if (type.equals("Input")) {
                List<Message> shapes = def.param("input_param").messages("shape");
                for (int t = 0; t < def.tops().size(); t++) {
                    Shape s = shapes.isEmpty() ? null
                            : shapeOf(shapes.get(shapes.size() == 1 ? 0 : t).integers("dim"), source, def.tops().get(t));
                    inputs.add(new InputDef(def.tops().get(t), s));
                }
                continue;
            }
            layers.add(def);
        }
        return new NetDef(net.string("name", ""), hasV1, inputs, layers);
    }

    private static Shape shapeOf(List<Long> dims, String source, String blob) throws CaffeFormatException {
        if (dims.isEmpty() || dims.size() > 4) {
            throw new CaffeFormatException(source + ": input '" + blob + "' has " + dims.size()
                    + " dimensions; ConvScope supports 1 to 4");
        }
        int[] d = new int[dims.size()];
        for (int i = 0; i < d.length; i++) {
            long v = dims.get(i);
            if (v <= 0 || v > Integer.MAX_VALUE) {
                throw new CaffeFormatException(source + ": input '" + blob + "' has dimension " + v);
            }
            d[i] = (int) v;
        }
        return Shape.of(d);
    }

    /**
     * The layers that run in {@code phase}: Caffe's {@code include}/{@code exclude} rules on the
     * phase (a layer with include rules runs when one of them names the phase; one with an
     * exclude rule naming the phase does not).
     */
    public NetDef forPhase(Phase phase) {
        List<LayerDef> kept = new ArrayList<>();
        for (LayerDef l : layers) {
            if (runsIn(l, phase)) {
                kept.add(l);
            }
        }
        return new NetDef(name, legacy, inputs, kept);
    }

    private static boolean runsIn(LayerDef l, Phase phase) {
        List<Message> include = l.params().messages("include");
        List<Message> exclude = l.params().messages("exclude");
        if (l.params().has("phase") && !l.params().string("phase", "").equals(phase.name())) {
            return false;
        }
        if (!include.isEmpty()) {
            boolean any = false;
            for (Message r : include) {
                String p = r.string("phase", null);
                any |= p == null || p.equals(phase.name());
            }
            if (!any) {
                return false;
            }
        }
        for (Message r : exclude) {
            if (phase.name().equals(r.string("phase", null))) {
                return false;
            }
        }
        return true;
    }

    /** The layer with this name, or null. */
    public LayerDef layer(String layerName) {
        for (LayerDef l : layers) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        return null;
    }

    /** Layer names in order. */
    public List<String> layerNames() {
        List<String> n = new ArrayList<>();
        for (LayerDef l : layers) {
            n.add(l.name());
        }
        return Collections.unmodifiableList(n);
    }
}
