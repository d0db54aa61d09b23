package org.convscope.tensor;

import java.util.Objects;

/**
 * An int32 tensor, used for the switches (argmax positions) that max pooling records and
 * unpooling consumes. Same layout rules as {@link Tensor}.
 */
public final class IntTensor implements AutoCloseable {
    private final Device device;
    private final Shape shape;
    private final Storage storage;

    public IntTensor(Device device, Shape shape, Storage storage) {
        this.device = Objects.requireNonNull(device);
        this.shape = Objects.requireNonNull(shape);
        this.storage = Objects.requireNonNull(storage);
    }

    /** A tensor of zeros. */
    public static IntTensor zeros(Device device, int... dims) {
        return device.allocateInt(Shape.of(dims));
    }

    public Device device() {
        return device;
    }

    public Shape shape() {
        return shape;
    }

    public Storage storage() {
        return storage;
    }

    public int size() {
        return shape.size();
    }

    /** Copies the values to a new host array. */
    public int[] toArray() {
        return device.read(this);
    }

    @Override
    public void close() {
        storage.close();
    }

    @Override
    public String toString() {
        return "IntTensor[" + shape + " on " + device.name() + "]";
    }
}
