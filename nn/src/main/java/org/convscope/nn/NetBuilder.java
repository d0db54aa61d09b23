package org.convscope.nn;

import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.Message;
import org.convscope.nn.caffe.NetDef;

/**
 * Writes a net definition in Caffe's current prototxt form, one call per layer, as the built-in
 * architectures do; {@link #build()} gives the {@link NetDef}, {@link #prototxt()} the text
 * (loadable by Caffe, OpenCV's dnn module and ConvScope alike).
 */
public final class NetBuilder {
    private final Message net = new Message();

    /** A net with one Input layer named {@code data} of the given shape. */
    public NetBuilder(String name, int... inputDims) {
        net.addString("name", name);
        Message shape = new Message();
        for (int d : inputDims) {
            shape.add("dim", d);
        }
        Message layer = layer("data", "Input");
        layer.addString("top", "data");
        layer.add("input_param", new Message().add("shape", shape));
    }

    private Message layer(String name, String type) {
        Message l = new Message().addString("name", name).addString("type", type);
        net.add("layer", l);
        return l;
    }

    private static void io(Message l, String bottom, String top) {
        l.addString("bottom", bottom).addString("top", top);
    }

    /** A convolution; pad, stride or group left out when 0, 1, 1. */
    public NetBuilder conv(String name, String bottom, String top, int numOutput, int kernel, int stride, int pad,
                           int group) {
        Message l = layer(name, "Convolution");
        io(l, bottom, top);
        Message p = new Message().add("num_output", numOutput);
        if (pad != 0) {
            p.add("pad", pad);
        }
        p.add("kernel_size", kernel);
        if (stride != 1) {
            p.add("stride", stride);
        }
        if (group != 1) {
            p.add("group", group);
        }
        l.add("convolution_param", p);
        return this;
    }

    /** An in-place ReLU on {@code blob}. */
    public NetBuilder relu(String name, String blob) {
        io(layer(name, "ReLU"), blob, blob);
        return this;
    }

    /** ACROSS_CHANNELS LRN. */
    public NetBuilder lrn(String name, String bottom, String top, int size, double alpha, double beta) {
        Message l = layer(name, "LRN");
        io(l, bottom, top);
        l.add("lrn_param", new Message().add("local_size", size).add("alpha", alpha).add("beta", beta));
        return this;
    }

    /** Pooling, {@code MAX} or {@code AVE}; pad left out when 0. */
    public NetBuilder pool(String name, String bottom, String top, String method, int kernel, int stride, int pad) {
        Message l = layer(name, "Pooling");
        io(l, bottom, top);
        Message p = new Message().add("pool", method).add("kernel_size", kernel).add("stride", stride);
        if (pad != 0) {
            p.add("pad", pad);
        }
        l.add("pooling_param", p);
        return this;
    }

    /** InnerProduct. */
    public NetBuilder fc(String name, String bottom, String top, int numOutput) {
        Message l = layer(name, "InnerProduct");
        io(l, bottom, top);
        l.add("inner_product_param", new Message().add("num_output", numOutput));
        return this;
    }

    /** In-place Dropout. */
    public NetBuilder dropout(String name, String blob, double ratio) {
        Message l = layer(name, "Dropout");
        io(l, blob, blob);
        l.add("dropout_param", new Message().add("dropout_ratio", ratio));
        return this;
    }

    public NetBuilder softmax(String name, String bottom, String top) {
        io(layer(name, "Softmax"), bottom, top);
        return this;
    }

    public NetBuilder concat(String name, String top, String... bottoms) {
        Message l = layer(name, "Concat");
        for (String b : bottoms) {
            l.addString("bottom", b);
        }
        l.addString("top", top);
        return this;
    }

    /** The definition. */
    public NetDef build() {
        try {
            return NetDef.fromMessage(net, "built-in");
        } catch (CaffeFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The prototxt text. */
    public String prototxt() {
        return net.toString();
    }
}
