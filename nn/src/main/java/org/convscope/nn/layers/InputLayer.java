package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * A net input: Caffe's Input layer, the legacy {@code input}/{@code input_dim} declaration, or the
 * data top of a training net's Data layer. It computes nothing: the net copies the caller's
 * tensor into its top. {@link #declaredShape()} is the shape the definition gives (null if none).
 */
public final class InputLayer extends Layer {
    private final Shape declared;

    public InputLayer(String blob, Shape declared) {
        super(new LayerDef(blob, "Input", List.of(), List.of(blob), new Message()));
        this.declared = declared;
    }

    /** The shape in the definition, or null. */
    public Shape declaredShape() {
        return declared;
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        throw new UnsupportedOperationException("the net shapes inputs itself");
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        // the net writes the input
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        // nothing below an input
    }
}
