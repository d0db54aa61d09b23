package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's InnerProduct (fully connected): the input flattened to {@code N x K},
 * {@code y = x W^T + b} with W of {@code num_output x K} ({@code y = x W} with W of
 * {@code K x num_output} when {@code transpose: true}), by {@link Device#gemm}.
 * Backward: {@code dx = dy W} ({@code dy W^T}), {@code dW += dy^T x} ({@code x^T dy}), {@code db += sum_n dy}.
 */
public final class InnerProductLayer extends WeightedLayer {
    private final boolean transpose;
    private Tensor ones;

    public InnerProductLayer(LayerDef def) {
        super(def, def.param("inner_product_param"));
        Message p = def.param("inner_product_param");
        try {
            transpose = p.bool("transpose", false);
            if (p.int32("axis", 1) != 1) {
                throw new IllegalArgumentException("only axis 1 is supported");
            }
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public boolean transpose() {
        return transpose;
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        expectCounts(bottoms, 1, 1);
        Shape x = bottoms.get(0);
        int k = x.strideOfFirst();
        shapeParams(transpose ? Shape.of(k, numOutput) : Shape.of(numOutput, k), device);
        return List.of(Shape.of(x.dim(0), numOutput));
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        Tensor x = bottoms.get(0);
        Tensor y = tops.get(0);
        int m = x.shape().dim(0);
        int k = x.shape().strideOfFirst();
        d.gemm(false, !transpose, m, numOutput, k, 1f, x, weights.value(), 0f, y);
        if (bias != null) {
            d.addChannelBias(y, bias.value());
        }
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        Tensor x = bottoms.get(0);
        Tensor dy = topGrads.get(0);
        int m = x.shape().dim(0);
        int k = x.shape().strideOfFirst();
        Tensor dx = bottomGrads.get(0);
        if (dx != null) {
            // dx (m x k) = dy (m x n) * W (n x k), or dy * W^T when W is stored k x n
            d.gemm(false, transpose, m, k, numOutput, 1f, dy, weights.value(), 0f, dx);
        }
        if (paramGrads) {
            Tensor dw = weights.gradOrAllocate(d);
            if (transpose) {
                d.gemm(true, false, k, numOutput, m, 1f, x, dy, 1f, dw);
            } else {
                d.gemm(true, false, numOutput, k, m, 1f, dy, x, 1f, dw);
            }
            if (bias != null) {
                if (ones == null || ones.size() != m) {
                    if (ones != null) {
                        ones.close();
                    }
                    ones = Tensor.full(d, 1f, m);
                }
                // db (1 x n) += ones (1 x m) * dy (m x n)
                d.gemm(false, false, 1, numOutput, m, 1f, ones, dy, 1f, bias.gradOrAllocate(d));
            }
        }
    }

    @Override
    public long multiplyAdds(List<Shape> bottoms, List<Shape> tops) {
        return (long) bottoms.get(0).size() * numOutput;
    }

    @Override
    public Geometry geometry() {
        return Geometry.WHOLE;
    }

    @Override
    public void releaseBuffers() {
        if (ones != null) {
            ones.close();
            ones = null;
        }
    }
}
