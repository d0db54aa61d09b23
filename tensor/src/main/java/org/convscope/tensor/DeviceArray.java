package org.convscope.tensor;

import java.util.Objects;

/**
 * What a {@link Tensor} (float32) and an {@link IntTensor} (int32) have in common: the
 * {@link Device} that owns the values, the shape, and the device's storage, which {@link #close()}
 * releases.
 */
public abstract sealed class DeviceArray implements AutoCloseable permits Tensor, IntTensor {
    final Device device;
    final Shape shape;
    final Storage storage;

    DeviceArray(Device device, Shape shape, Storage storage) {
        this.device = Objects.requireNonNull(device);
        this.shape = Objects.requireNonNull(shape);
        this.storage = Objects.requireNonNull(storage);
    }

    public Device device() {
        return device;
    }

    public Shape shape() {
        return shape;
    }

    /** The device's storage; only {@link #device()} knows its concrete type. */
    public Storage storage() {
        return storage;
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** Releases the device memory (a view releases nothing). */
    @Override
    public void close() {
        storage.close();
    }
}
