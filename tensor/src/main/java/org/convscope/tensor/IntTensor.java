package org.convscope.tensor;

/**
 * An int32 tensor, used for the switches (argmax positions) that max pooling records and
 * unpooling consumes. Same layout rules as {@link Tensor}.
 */
public final class IntTensor extends DeviceArray {

    public IntTensor(Device device, Shape shape, Storage storage) {
        super(device, shape, storage);
    }

    /** A tensor of zeros. */
    public static IntTensor zeros(Device device, int... dims) {
        return device.allocateInt(Shape.of(dims));
    }

    /** Copies the values to a new host array. */
    public int[] toArray() {
        return device.read(this);
    }

    @Override
    public String toString() {
        return "IntTensor[" + shape + " on " + device.name() + "]";
    }
}
