package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.tensor.Device;
import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's LRN, ACROSS_CHANNELS or WITHIN_CHANNEL, formulas in {@link LrnSpec}. Parameters
 * ({@code lrn_param}): {@code local_size} (5), {@code alpha} (1), {@code beta} (0.75),
 * {@code norm_region} (ACROSS_CHANNELS), {@code k} (1).
 */
public final class LRNLayer extends UnaryLayer {
    private final LrnSpec spec;

    public LRNLayer(LayerDef def) {
        super(def);
        Message p = def.param("lrn_param");
        try {
            String region = p.string("norm_region", "ACROSS_CHANNELS");
            int size = p.int32("local_size", 5);
            float alpha = p.float32("alpha", 1f);
            float beta = p.float32("beta", 0.75f);
            float k = p.float32("k", 1f);
            spec = switch (region) {
                case "ACROSS_CHANNELS", "0" -> LrnSpec.across(size, alpha, beta, k);
                case "WITHIN_CHANNEL", "1" -> LrnSpec.within(size, alpha, beta);
                default -> throw new IllegalArgumentException("unknown norm_region " + region);
            };
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public LrnSpec spec() {
        return spec;
    }

    @Override
    protected Shape topShape(Shape x) {
        return requireImage(x);
    }

    @Override
    protected void forward(Device d, Tensor x, Tensor y) {
        d.lrn(x, spec, y);
    }

    @Override
    protected void backward(Device d, Tensor x, Tensor y, Tensor dy, Tensor dx, ReluMode mode) {
        d.lrnBackward(x, y, dy, spec, dx);
    }

    @Override
    public long multiplyAdds(List<Shape> bottoms, List<Shape> tops) {
        int n = spec.region() == LrnSpec.Region.ACROSS_CHANNELS ? spec.localSize() : spec.localSize() * spec.localSize();
        return (long) bottoms.get(0).size() * (n + 2);
    }
}
