package org.convscope.nn.layers;

import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * One layer: shapes, forward, backward. The protocol, in the order the net calls it:
 * <ol>
 * <li>{@link #reshape(List, Device)}: given the bottom shapes, returns the top shapes and fixes
 *     the parameter shapes (allocating zero parameters where none were loaded);</li>
 * <li>{@link #forward}: reads the bottoms, overwrites the tops;</li>
 * <li>{@link #backward}: reads bottoms, tops and top gradients, overwrites the bottom gradients and,
 *     when asked, adds to the parameter gradients.</li>
 * </ol>
 * Bottoms and tops are always distinct tensors: the net gives an in-place layer (Caffe's
 * {@code relu1} on {@code conv1}) its own output tensor, so the value before the layer stays
 * readable. Every op runs on the given {@link Device}; a layer never knows which.
 */
public abstract class Layer {
    private final LayerDef def;

    protected Layer(LayerDef def) {
        this.def = def;
    }

    /** The definition this layer was built from. */
    public LayerDef def() {
        return def;
    }

    public String name() {
        return def.name();
    }

    /** The Caffe type name ({@code Convolution}). */
    public String type() {
        return def.type();
    }

    /** The learned blobs in Caffe's order (weights, then bias); empty for layers without any. */
    public List<Param> params() {
        return List.of();
    }

    /**
     * Frees the device memory the layer keeps between passes (pooling switches, helper vectors);
     * the next pass allocates it again. The net's {@code releaseBlobs} calls it.
     */
    public void releaseBuffers() {
    }

    /**
     * Computes the top shapes for these bottom shapes and fixes the parameter shapes.
     *
     * @throws IllegalArgumentException when the shapes do not fit the layer (the message names the layer)
     */
    public abstract List<Shape> reshape(List<Shape> bottoms, Device device);

    /** Computes the tops from the bottoms. */
    public abstract void forward(Device device, List<Tensor> bottoms, List<Tensor> tops);

    /**
     * Computes the bottom gradients from the top gradients.
     *
     * @param bottomGrads overwritten (an entry may be null: that gradient is not wanted)
     * @param mode        the ReLU backward rule (only ReLU layers read it)
     * @param paramGrads  also add the parameter gradients to {@link Param#grad()}
     */
    public abstract void backward(Device device, List<Tensor> bottoms, List<Tensor> tops, List<Tensor> topGrads,
                                  List<Tensor> bottomGrads, ReluMode mode, boolean paramGrads);

    /** Multiply-adds of one forward pass for these shapes (0 for layers that only move data). */
    public long multiplyAdds(List<Shape> bottoms, List<Shape> tops) {
        return 0;
    }

    /** How output positions map to input positions (receptive fields). */
    public Geometry geometry() {
        return Geometry.IDENTITY;
    }

    /** An error naming this layer. */
    protected IllegalArgumentException error(String what) {
        return new IllegalArgumentException(name() + " (" + type() + "): " + what);
    }

    /** Checks the number of bottoms and tops. */
    protected void expectCounts(List<?> bottoms, int nBottom, int nTop) {
        if (bottoms.size() != nBottom) {
            throw error("needs " + nBottom + " bottom blob(s), has " + bottoms.size());
        }
        if (def.tops().size() != nTop) {
            throw error("needs " + nTop + " top blob(s), has " + def.tops().size());
        }
    }

    /** {@code x}, refused unless it is N x C x H x W. */
    protected Shape requireImage(Shape x) {
        if (x.rank() != 4) {
            throw error("needs a 4-D input, got " + x);
        }
        return x;
    }

    /** Reads a repeated-or-singular geometry field with its _h/_w overrides (Caffe's convolution and pooling rules). */
    protected static int[] hw(org.convscope.nn.caffe.Message p, String base, String h, String w, int dflt) {
        List<Long> rep = p.integers(base);
        int vh;
        int vw;
        if (rep.isEmpty()) {
            vh = dflt;
            vw = dflt;
        } else if (rep.size() == 1) {
            vh = rep.get(0).intValue();
            vw = vh;
        } else if (rep.size() == 2) {
            vh = rep.get(0).intValue();
            vw = rep.get(1).intValue();
        } else {
            throw new IllegalArgumentException(base + " has " + rep.size() + " values; 2-D layers take 1 or 2");
        }
        if (p.has(h) || p.has(w)) {
            vh = p.int32(h, vh);
            vw = p.int32(w, vw);
        }
        return new int[] {vh, vw};
    }
}
