package org.convscope.tensor;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A float32 tensor of rank 1 to 4 (NCHW at rank 4), contiguous, owned by one {@link Device}.
 *
 * <p>The values live where the device keeps them; {@link #toArray()} copies them to the host and
 * {@link #to(Device)} to another device. Ops are methods of the {@link Device}, never of the
 * tensor, so that a reader sees where the work runs. Factories fill tensors on the host and
 * upload, so a seeded random tensor has the same values on every device.
 *
 * <p>A tensor holds device memory until {@link #close()}; the CPU device's memory is also
 * reclaimed by the garbage collector.
 */
public final class Tensor implements AutoCloseable {
    private final Device device;
    private final Shape shape;
    private final Storage storage;

    /** Wraps storage that {@code device} allocated for {@code shape}. Devices call this; users call the factories. */
    public Tensor(Device device, Shape shape, Storage storage) {
        this.device = Objects.requireNonNull(device);
        this.shape = Objects.requireNonNull(shape);
        this.storage = Objects.requireNonNull(storage);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(Device device, int... dims) {
        return device.allocate(Shape.of(dims));
    }

    /** A tensor holding a copy of {@code data} (row-major); {@code data.length} must equal the shape's size. */
    public static Tensor of(Device device, float[] data, int... dims) {
        Shape shape = Shape.of(dims);
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        Tensor t = device.allocate(shape);
        device.write(t, data);
        return t;
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(Device device, float value, int... dims) {
        Tensor t = zeros(device, dims);
        device.fill(t, value);
        return t;
    }

    /** Values drawn uniformly from {@code [lo, hi)} with a seeded generator (the same on every device). */
    public static Tensor uniform(Device device, long seed, float lo, float hi, int... dims) {
        Shape shape = Shape.of(dims);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] data = new float[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return of(device, data, dims);
    }

    /** Values drawn from a normal distribution with the given mean and standard deviation, seeded. */
    public static Tensor normal(Device device, long seed, float mean, float std, int... dims) {
        Shape shape = Shape.of(dims);
        java.util.Random rnd = new java.util.Random(seed);
        float[] data = new float[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (mean + std * rnd.nextGaussian());
        }
        return of(device, data, dims);
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

    public int rank() {
        return shape.rank();
    }

    /** Copies the values to a new host array (row-major). */
    public float[] toArray() {
        return device.read(this);
    }

    /** Copies this tensor to {@code target} (a new tensor there; this one is unchanged). */
    public Tensor to(Device target) {
        if (target == device) {
            Tensor t = device.allocate(shape);
            device.copy(this, t);
            return t;
        }
        return of(target, toArray(), shape.dims());
    }

    /**
     * A tensor with the same values and another shape of the same size, sharing nothing:
     * the values are copied on the device.
     */
    public Tensor reshapedCopy(int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() != shape.size()) {
            throw new IllegalArgumentException("reshape: " + shape + " has " + shape.size()
                    + " elements, " + s + " has " + s.size());
        }
        Tensor t = device.allocate(s);
        device.copy(this, t);
        return t;
    }

    /**
     * A tensor that shares this one's storage under another shape of the same size (a view;
     * writing one writes the other). Closing the view does not free the storage.
     */
    public Tensor reshape(int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() != shape.size()) {
            throw new IllegalArgumentException("reshape: " + shape + " has " + shape.size()
                    + " elements, " + s + " has " + s.size());
        }
        return new Tensor(device, s, new SharedStorage(storage));
    }

    @Override
    public void close() {
        storage.close();
    }

    /** {@code Tensor[1x3x227x227 on cpu]}. */
    @Override
    public String toString() {
        return "Tensor[" + shape + " on " + device.name() + "]";
    }

    /** A view's handle on another tensor's storage: closing it leaves the storage alone. */
    public record SharedStorage(Storage target) implements Storage {
        /** The storage that actually holds the values (views of views are followed). */
        public Storage root() {
            return target instanceof SharedStorage s ? s.root() : target;
        }

        @Override
        public long bytes() {
            return target.bytes();
        }

        @Override
        public void close() {
            // a view does not own the memory
        }
    }
}
