package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;

/**
 * A layer with learned weights and, unless {@code bias_term: false}, a bias of {@code num_output}
 * values (Convolution, InnerProduct): reads those two fields of the layer's parameter message and
 * holds the two {@link Param}s in Caffe's order.
 */
public abstract class WeightedLayer extends Layer {
    protected final int numOutput;
    protected final Param weights;
    /** Null without {@code bias_term}. */
    protected final Param bias;

    /** @param p the layer's parameter message ({@code convolution_param}, {@code inner_product_param}) */
    protected WeightedLayer(LayerDef def, Message p) {
        super(def);
        int n;
        boolean biasTerm;
        try {
            n = p.int32("num_output", 0);
            biasTerm = p.bool("bias_term", true);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        if (n <= 0) {
            throw error("num_output must be positive, got " + n);
        }
        numOutput = n;
        weights = new Param(def.name(), "weights");
        bias = biasTerm ? new Param(def.name(), "bias") : null;
    }

    /** {@code num_output}: the output channels or features. */
    public int numOutput() {
        return numOutput;
    }

    public Param weights() {
        return weights;
    }

    /** The bias, or null without {@code bias_term}. */
    public Param bias() {
        return bias;
    }

    @Override
    public List<Param> params() {
        return bias != null ? List.of(weights, bias) : List.of(weights);
    }

    /** Fixes the weights' shape and the bias's ({@code num_output}) once the input shape is known. */
    protected void shapeParams(Shape weightShape, Device device) {
        weights.shapeTo(weightShape, device);
        if (bias != null) {
            bias.shapeTo(Shape.of(numOutput), device);
        }
    }
}
