package org.convscope.nn.layers;

import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * A learned blob of a layer (weights or bias): its value and, once a backward pass asked for
 * parameter gradients, its gradient (accumulated, Caffe's convention: the caller zeroes it).
 */
public final class Param {
    private final String layer;
    private final String role;
    private Shape shape;
    private Tensor value;
    private Tensor grad;
    private Device device;
    private org.convscope.nn.caffe.BlobData pending;
    private String pendingSource;

    Param(String layer, String role) {
        this.layer = layer;
        this.role = role;
    }

    /** {@code weights} or {@code bias}. */
    public String role() {
        return role;
    }

    /** The owning layer's name. */
    public String layer() {
        return layer;
    }

    /** The shape the layer expects, known once the layer has seen its input shapes; null before. */
    public Shape shape() {
        return shape;
    }

    /**
     * The values: loaded, set, or zeros allocated on first use; null before the layer has seen its
     * input shape. (Zeros are not allocated before they are needed, so that loading weights never
     * holds a zero copy of every blob beside the loaded one.)
     */
    public Tensor value() {
        if (value == null && shape != null && device != null) {
            value = device.allocate(shape);
        }
        return value;
    }

    /**
     * Whether values were loaded or set (they may still wait for the layer's input shape, when the
     * net declares none); false for a parameter that would start as zeros.
     */
    public boolean hasValues() {
        return value != null || pending != null;
    }

    /** The gradient, or null before a backward pass with parameter gradients. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the values; the shape must be the expected one (when known). */
    public void set(Tensor t) {
        if (shape != null && !t.shape().equals(shape)) {
            throw new IllegalArgumentException(layer + ": " + role + " of shape " + t.shape()
                    + " given, the layer expects " + shape);
        }
        value = t;
        shape = t.shape();
    }

    /**
     * Takes values read from a Caffe file. When the expected shape is already known it is checked now,
     * otherwise when the layer first sees its input shape. Caffe's rule: a blob with a {@code shape}
     * must match exactly; a blob with only the legacy 4-D fields must hold the same number of values
     * (a V1 InnerProduct weight is stored {@code 1x1xOUTxIN}).
     *
     * @throws IllegalArgumentException {@code conv1: weights in the file are 96x3x11x11, the prototxt asks for 64x3x11x11},
     *                                  or a value that is NaN or infinite (with its position)
     */
    public void load(org.convscope.nn.caffe.BlobData blob, Device device, String source) {
        int bad = org.convscope.tensor.Finite.firstNonFinite(blob.data());
        if (bad >= 0) {
            int[] dims = blob.intDimsOrNull();
            throw new IllegalArgumentException((source == null ? "" : source + ": ") + "layer '" + layer + "' " + role
                    + " (" + blob.shapeString() + ") hold " + blob.data()[bad] + " at ["
                    + org.convscope.tensor.Finite.position(bad, dims == null ? new int[0] : dims)
                    + "]; weights must be finite numbers");
        }
        pending = blob;
        pendingSource = source;
        value = null;
        if (shape != null) {
            takePending(device);
        }
    }

    private void takePending(Device device) {
        org.convscope.nn.caffe.BlobData b = pending;
        boolean ok = b.legacy() ? b.count() == shape.size() : java.util.Arrays.equals(b.intDimsOrNull(), shape.dims());
        if (!ok) {
            pending = null;
            throw new IllegalArgumentException(layer + ": " + role + " in the file are " + b.shapeString()
                    + ", the prototxt asks for " + shape + (pendingSource == null ? "" : " (" + pendingSource + ")"));
        }
        value = device.adopt(b.data(), shape.dims()); // the file's floats, not a copy, on the CPU
        pending = null;
    }

    /** Called by the layer when its input shapes fix the parameter's shape; allocates zeros if unset. */
    void shapeTo(Shape expected, Device device) {
        this.device = device;
        if (pending != null) {
            shape = expected;
            takePending(device);
            return;
        }
        if (value != null && !value.shape().equals(expected)) {
            throw new IllegalArgumentException(layer + ": " + role + " are " + value.shape()
                    + " but the layer's input asks for " + expected);
        }
        shape = expected;
    }

    /** The gradient tensor, allocated (zeros) on first use. */
    public Tensor gradOrAllocate(Device device) {
        if (grad == null || !grad.shape().equals(shape)) {
            grad = device.allocate(shape);
        }
        return grad;
    }

    /** Zeroes the gradient if there is one. */
    public void zeroGrad() {
        if (grad != null) {
            grad.device().fill(grad, 0f);
        }
    }

    @Override
    public String toString() {
        return layer + "." + role + (shape == null ? "" : "[" + shape + "]");
    }
}
