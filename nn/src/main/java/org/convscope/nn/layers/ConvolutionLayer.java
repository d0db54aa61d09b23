package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's Convolution: {@code y = conv2d(x, w) + b} with stride, pad and groups.
 * Weights {@code K x C/group x kh x kw}, bias {@code K}. Parameters ({@code convolution_param}):
 * {@code num_output}, {@code bias_term} (true), {@code kernel_size}/{@code kernel_h,kernel_w},
 * {@code stride} (1)/{@code stride_h,stride_w}, {@code pad} (0)/{@code pad_h,pad_w}, {@code group} (1).
 * Backward: data through the transposed convolution, weights and bias when asked.
 */
public final class ConvolutionLayer extends WeightedLayer {
    private final int kh;
    private final int kw;
    private final ConvSpec spec;

    public ConvolutionLayer(LayerDef def) {
        super(def, def.param("convolution_param"));
        Message p = def.param("convolution_param");
        try {
            int[] k = hw(p, "kernel_size", "kernel_h", "kernel_w", 0);
            int[] s = hw(p, "stride", "stride_h", "stride_w", 1);
            int[] pad = hw(p, "pad", "pad_h", "pad_w", 0);
            kh = k[0];
            kw = k[1];
            for (long d : p.integers("dilation")) {
                if (d != 1) {
                    throw new IllegalArgumentException("dilation " + d + " is not supported");
                }
            }
            if (p.int32("axis", 1) != 1) {
                throw new IllegalArgumentException("only axis 1 (channels) is supported");
            }
            spec = new ConvSpec(s[0], s[1], pad[0], pad[1], p.int32("group", 1));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        if (kh <= 0 || kw <= 0) {
            throw error("kernel size must be given and positive, got " + kh + "x" + kw);
        }
        if (numOutput % spec.groups() != 0) {
            throw error("num_output " + numOutput + " is not divisible by group " + spec.groups());
        }
    }

    public ConvSpec spec() {
        return spec;
    }

    @Override
    public List<Shape> reshape(List<Shape> bottoms, Device device) {
        expectCounts(bottoms, 1, 1);
        Shape x = requireImage(bottoms.get(0));
        if (x.c() % spec.groups() != 0) {
            throw error("input has " + x.c() + " channels, not divisible by group " + spec.groups());
        }
        shapeParams(Shape.of(numOutput, x.c() / spec.groups(), kh, kw), device);
        int ho = spec.outH(x.h(), kh);
        int wo = spec.outW(x.w(), kw);
        if (ho < 1 || wo < 1) {
            throw error("kernel " + kh + "x" + kw + " does not fit input " + x + " with pad " + spec.padH() + "x" + spec.padW());
        }
        return List.of(Shape.of(x.n(), numOutput, ho, wo));
    }

    @Override
    public void forward(Device d, List<Tensor> bottoms, List<Tensor> tops) {
        d.conv2d(bottoms.get(0), weights.value(), bias == null ? null : bias.value(), spec, tops.get(0));
    }

    @Override
    public void backward(Device d, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                         List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads) {
        Tensor dy = topGrads.get(0);
        if (bottomGrads.get(0) != null) {
            d.conv2dBackwardData(dy, weights.value(), spec, bottomGrads.get(0));
        }
        if (paramGrads) {
            d.conv2dBackwardWeights(bottoms.get(0), dy, spec, weights.gradOrAllocate(d), true);
            if (bias != null) {
                d.conv2dBackwardBias(dy, bias.gradOrAllocate(d), true);
            }
        }
    }

    @Override
    public long multiplyAdds(List<Shape> bottoms, List<Shape> tops) {
        Shape y = tops.get(0);
        return (long) y.size() * (bottoms.get(0).c() / spec.groups()) * kh * kw;
    }

    @Override
    public Geometry geometry() {
        return Geometry.window(kh, kw, spec.strideH(), spec.strideW(), spec.padH(), spec.padW());
    }
}
