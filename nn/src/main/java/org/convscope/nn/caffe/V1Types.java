package org.convscope.nn.caffe;

import java.util.HashMap;
import java.util.Map;

/**
 * The legacy V1 layer types ({@code V1LayerParameter.LayerType}): enum names as written in V1
 * prototxts, their numbers as stored in V1 caffemodels, and the current string type each became.
 */
public final class V1Types {
    private static final Map<String, String> NAME_TO_TYPE = new HashMap<>();
    private static final Map<Integer, String> NUMBER_TO_NAME = new HashMap<>();

    private static void def(String name, int number, String type) {
        NAME_TO_TYPE.put(name, type);
        NUMBER_TO_NAME.put(number, name);
    }

    static {
        def("NONE", 0, "None");
        def("ABSVAL", 35, "AbsVal");
        def("ACCURACY", 1, "Accuracy");
        def("ARGMAX", 30, "ArgMax");
        def("BNLL", 2, "BNLL");
        def("CONCAT", 3, "Concat");
        def("CONTRASTIVE_LOSS", 37, "ContrastiveLoss");
        def("CONVOLUTION", 4, "Convolution");
        def("DATA", 5, "Data");
        def("DECONVOLUTION", 39, "Deconvolution");
        def("DROPOUT", 6, "Dropout");
        def("DUMMY_DATA", 32, "DummyData");
        def("EUCLIDEAN_LOSS", 7, "EuclideanLoss");
        def("ELTWISE", 25, "Eltwise");
        def("EXP", 38, "Exp");
        def("FLATTEN", 8, "Flatten");
        def("HDF5_DATA", 9, "HDF5Data");
        def("HDF5_OUTPUT", 10, "HDF5Output");
        def("HINGE_LOSS", 28, "HingeLoss");
        def("IM2COL", 11, "Im2col");
        def("IMAGE_DATA", 12, "ImageData");
        def("INFOGAIN_LOSS", 13, "InfogainLoss");
        def("INNER_PRODUCT", 14, "InnerProduct");
        def("LRN", 15, "LRN");
        def("MEMORY_DATA", 29, "MemoryData");
        def("MULTINOMIAL_LOGISTIC_LOSS", 16, "MultinomialLogisticLoss");
        def("MVN", 34, "MVN");
        def("POOLING", 17, "Pooling");
        def("POWER", 26, "Power");
        def("RELU", 18, "ReLU");
        def("SIGMOID", 19, "Sigmoid");
        def("SIGMOID_CROSS_ENTROPY_LOSS", 27, "SigmoidCrossEntropyLoss");
        def("SILENCE", 36, "Silence");
        def("SOFTMAX", 20, "Softmax");
        def("SOFTMAX_LOSS", 21, "SoftmaxWithLoss");
        def("SPLIT", 22, "Split");
        def("SLICE", 33, "Slice");
        def("TANH", 23, "TanH");
        def("WINDOW_DATA", 24, "WindowData");
        def("THRESHOLD", 31, "Threshold");
    }

    private V1Types() {
    }

    /** The current type for a V1 enum name ({@code CONVOLUTION} gives {@code Convolution}); null if unknown. */
    public static String typeOf(String v1Name) {
        return NAME_TO_TYPE.get(v1Name);
    }

    /** The current type for a V1 enum number (as in a V1 caffemodel); null if unknown. */
    public static String typeOf(int v1Number) {
        String name = NUMBER_TO_NAME.get(v1Number);
        return name == null ? null : NAME_TO_TYPE.get(name);
    }
}
