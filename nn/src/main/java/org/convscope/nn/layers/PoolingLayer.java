package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.tensor.Device;
import org.convscope.tensor.IntTensor;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's Pooling, MAX or AVE, with Caffe's ceil rounding ({@link PoolSpec}). Parameters
 * ({@code pooling_param}): {@code pool} (MAX), {@code kernel_size}/{@code kernel_h,kernel_w},
 * {@code stride} (1)/{@code stride_h,stride_w}, {@code pad} (0)/{@code pad_h,pad_w},
 * {@code global_pooling} (false: the kernel is the whole input map).
 *
 * <p>MAX pooling keeps the switches (argmax positions) of the last forward pass
 * ({@link #switches()}); backward goes down through them (unpooling, as the deconvnet does).
 */
public final class PoolingLayer extends UnaryLayer {
    /** The pooling function. */
    public enum Method { MAX, AVE }

    private final Method method;
    private final boolean global;
    private final int[] kernel;
    private final int[] stride;
    private final int[] pad;
    private PoolSpec spec;
    private IntTensor switches;

    public PoolingLayer(LayerDef def) {
        super(def);
        Message p = def.param("pooling_param");
        try {
            String m = p.string("pool", "MAX");
            if (m.equals("STOCHASTIC") || m.equals("2")) {
                throw new IllegalArgumentException("STOCHASTIC pooling is not supported");
            }
            method = m.equals("AVE") || m.equals("1") ? Method.AVE : Method.MAX;
            if (!m.equals("MAX") && !m.equals("0") && method != Method.AVE) {
                throw new IllegalArgumentException("unknown pool method " + m);
            }
            String round = p.string("round_mode", "CEIL");
            if (!round.equals("CEIL") && !round.equals("0")) {
                throw new IllegalArgumentException("round_mode " + round + " is not supported (Caffe's default CEIL is)");
            }
            global = p.bool("global_pooling", false);
            kernel = hw(p, "kernel_size", "kernel_h", "kernel_w", 0);
            stride = hw(p, "stride", "stride_h", "stride_w", 1);
            pad = hw(p, "pad", "pad_h", "pad_w", 0);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        if (!global && (kernel[0] <= 0 || kernel[1] <= 0)) {
            throw error("kernel size must be given and positive (or global_pooling: true)");
        }
    }

    public Method method() {
        return method;
    }

    /** The geometry for the current input shape (null before the first reshape). */
    public PoolSpec spec() {
        return spec;
    }

    @Override
    public void releaseBuffers() {
        if (switches != null) {
            switches.close();
            switches = null;
        }
    }

    /** MAX pooling's switches from the last forward pass (null for AVE or before a forward pass). */
    public IntTensor switches() {
        return switches;
    }

    @Override
    protected Shape topShape(Shape x) {
        requireImage(x);
        try {
            spec = global ? PoolSpec.global(x.h(), x.w())
                    : new PoolSpec(kernel[0], kernel[1], stride[0], stride[1], pad[0], pad[1]);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        Shape y = spec.outputShape(x);
        if (y.h() < 1 || y.w() < 1) {
            throw error("window " + spec.kernelH() + "x" + spec.kernelW() + " does not fit input " + x);
        }
        return y;
    }

    @Override
    protected void forward(Device d, Tensor x, Tensor y) {
        if (method == Method.MAX) {
            if (switches == null || !switches.shape().equals(y.shape())) {
                if (switches != null) {
                    switches.close();
                }
                switches = d.allocateInt(y.shape());
            }
            d.maxPool(x, spec, y, switches);
        } else {
            d.avgPool(x, spec, y);
        }
    }

    @Override
    protected void backward(Device d, Tensor x, Tensor y, Tensor dy, Tensor dx, ReluMode mode) {
        if (method == Method.MAX) {
            d.maxUnpool(dy, switches, spec, dx);
        } else {
            d.avgPoolBackward(dy, spec, dx);
        }
    }

    @Override
    public long multiplyAdds(List<Shape> bottoms, List<Shape> tops) {
        return method == Method.AVE ? (long) tops.get(0).size() * spec.kernelH() * spec.kernelW() : 0;
    }

    @Override
    public Geometry geometry() {
        if (global) {
            return Geometry.WHOLE;
        }
        return Geometry.window(kernel[0], kernel[1], stride[0], stride[1], pad[0], pad[1]);
    }
}
