package org.convscope.nn.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.convscope.nn.caffe.LayerDef;

/** Builds a layer from its definition by Caffe type name, and knows which types are data or loss layers. */
public final class Layers {
    private static final Map<String, Function<LayerDef, Layer>> FACTORIES = Map.ofEntries(
            Map.entry("Convolution", ConvolutionLayer::new),
            Map.entry("ReLU", ReLULayer::new),
            Map.entry("Sigmoid", SigmoidLayer::new),
            Map.entry("TanH", TanHLayer::new),
            Map.entry("Pooling", PoolingLayer::new),
            Map.entry("LRN", LRNLayer::new),
            Map.entry("InnerProduct", InnerProductLayer::new),
            Map.entry("Dropout", DropoutLayer::new),
            Map.entry("Softmax", SoftmaxLayer::new),
            Map.entry("Concat", ConcatLayer::new),
            Map.entry("Flatten", FlattenLayer::new),
            Map.entry("Split", SplitLayer::new),
            Map.entry("SoftmaxWithLoss", SoftmaxWithLossLayer::new),
            Map.entry("Accuracy", AccuracyLayer::new));

    /** Layer types that read training data; their first top becomes a net input. */
    public static final Set<String> DATA_TYPES = Set.of("Data", "ImageData", "HDF5Data", "MemoryData",
            "WindowData", "DummyData", "Python", "AnnotatedData");

    /** Layer types that compute a loss or a score against labels; skipped when a net is built for inference. */
    public static final Set<String> LOSS_TYPES = Set.of("SoftmaxWithLoss", "Accuracy", "EuclideanLoss",
            "HingeLoss", "InfogainLoss", "MultinomialLogisticLoss", "SigmoidCrossEntropyLoss", "ContrastiveLoss",
            "Silence");

    private Layers() {
    }

    /** Every type that {@link #create} builds. */
    public static Set<String> supportedTypes() {
        Set<String> s = new TreeSet<>(FACTORIES.keySet());
        s.add("Input");
        return s;
    }

    /**
     * Builds the layer for a definition.
     *
     * @throws IllegalArgumentException for an unsupported type, naming the layer and its type
     */
    public static Layer create(LayerDef def) {
        Function<LayerDef, Layer> f = FACTORIES.get(def.type());
        if (f == null) {
            throw new IllegalArgumentException("layer '" + def.name() + "' has type '" + def.type()
                    + "', which ConvScope does not support; supported types: " + String.join(", ", supportedTypes()));
        }
        return f.apply(def);
    }

    /** Whether a type is known (built, or recognized as data/loss). */
    public static boolean known(String type) {
        return FACTORIES.containsKey(type) || DATA_TYPES.contains(type) || LOSS_TYPES.contains(type)
                || type.equals("Input");
    }

    static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }
}
