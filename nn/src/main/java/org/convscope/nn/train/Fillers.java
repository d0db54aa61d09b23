package org.convscope.nn.train;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.Message;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's weight fillers, read from each layer's {@code weight_filler} / {@code bias_filler}
 * (inside {@code convolution_param} or {@code inner_product_param}):
 * <ul>
 * <li>{@code constant}: {@code value} (default 0)</li>
 * <li>{@code uniform}: U({@code min}, {@code max}) (defaults 0, 1)</li>
 * <li>{@code gaussian}: N({@code mean}, {@code std}) (defaults 0, 1)</li>
 * <li>{@code xavier}: U(-s, s), {@code s = sqrt(3 / n)}</li>
 * <li>{@code msra}: N(0, {@code sqrt(2 / n)})</li>
 * </ul>
 * with {@code n} = fan in ({@code count / shape[0]}), fan out ({@code count / shape[1]}) or their
 * average, by {@code variance_norm} (default FAN_IN), as in Caffe. One deviation: a weight blob
 * with no filler gets {@code xavier} (Caffe's default, constant 0, cannot train); a bias with none
 * gets 0 as in Caffe. Seeded: the same seed gives the same weights.
 */
public final class Fillers {
    private Fillers() {
    }

    /** Fills every learned blob of a net (the net must know its input shapes). */
    public static void fill(Net net, long seed) {
        long s = seed * 0x9E3779B97F4A7C15L;
        for (Layer l : net.layers()) {
            Message p = l.def().param("convolution_param");
            if (!l.type().equals("Convolution")) {
                p = l.def().param("inner_product_param");
            }
            for (Param param : l.params()) {
                boolean bias = param.role().equals("bias");
                Message f = p.messageOrEmpty(bias ? "bias_filler" : "weight_filler");
                if (param.shape() == null) {
                    throw new IllegalStateException(l.name() + ": parameter shapes unknown; give the net an input shape first");
                }
                param.set(fill(param.shape(), f, bias, net, s++));
            }
        }
    }

    static Tensor fill(Shape shape, Message f, boolean bias, Net net, long seed) {
        String type = f.string("type", bias || f.has("value") ? "constant" : "xavier");
        int[] d = shape.dims();
        int count = shape.size();
        double fanIn = (double) count / d[0];
        double fanOut = d.length > 1 ? (double) count / d[1] : fanIn;
        String norm = f.string("variance_norm", "FAN_IN");
        double n = switch (norm) {
            case "FAN_OUT" -> fanOut;
            case "AVERAGE" -> (fanIn + fanOut) / 2;
            default -> fanIn;
        };
        var dev = net.device();
        return switch (type) {
            case "constant" -> Tensor.full(dev, f.float32("value", 0f), d);
            case "uniform" -> Tensor.uniform(dev, seed, f.float32("min", 0f), f.float32("max", 1f), d);
            case "gaussian" -> Tensor.normal(dev, seed, f.float32("mean", 0f), f.float32("std", 1f), d);
            case "xavier" -> {
                float a = (float) Math.sqrt(3.0 / n);
                yield Tensor.uniform(dev, seed, -a, a, d);
            }
            case "msra" -> Tensor.normal(dev, seed, 0f, (float) Math.sqrt(2.0 / n), d);
            default -> throw new IllegalArgumentException("unsupported filler type '" + type
                    + "' (constant, uniform, gaussian, xavier, msra)");
        };
    }
}
