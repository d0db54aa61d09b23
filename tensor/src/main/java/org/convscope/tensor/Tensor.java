package org.convscope.tensor;

import java.util.SplittableRandom;

/**
 * A float32 tensor of rank 1 to 4 (NCHW at rank 4), contiguous unless it is a channel slice
 * ({@link #channelSlice}), owned by one {@link Device}.
 *
 * <p>The values live where the device keeps them; {@link #toArray()} copies them to the host and
 * {@link #to(Device)} to another device. Ops are methods of the {@link Device}, never of the
 * tensor, so that a reader sees where the work runs. Factories fill tensors on the host and
 * upload, so a seeded random tensor has the same values on every device.
 *
 * <p>A tensor holds device memory until {@link #close()}; the CPU device's memory is also
 * reclaimed by the garbage collector.
 */
public final class Tensor extends DeviceArray {

    /** Wraps storage that {@code device} allocated for {@code shape}. Devices call this; users call the factories. */
    public Tensor(Device device, Shape shape, Storage storage) {
        super(device, shape, storage);
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
        if (isChannelSlice()) {
            throw new IllegalArgumentException("reshape: " + this + " is a channel slice of a larger tensor, not"
                    + " contiguous; copy it first (Tensor.to(device))");
        }
        Shape s = Shape.of(dims);
        if (s.size() != shape.size()) {
            throw new IllegalArgumentException("reshape: " + shape + " has " + shape.size()
                    + " elements, " + s + " has " + s.size());
        }
        return new Tensor(device, s, new SharedStorage(storage));
    }

    /**
     * A view of channels {@code [c0, c0 + count)} of this N x C x H x W (or N x C) tensor: an
     * N x count x H x W tensor sharing this one's storage (writing one writes the other; closing the
     * view frees nothing). Item n of the view starts at element {@code n*C*H*W + c0*H*W} of the
     * storage, so items are {@link #itemStride()} elements apart and each is {@link #itemSize()}
     * contiguous elements. Only the ops that {@link Device#supportsChannelSlices()} lists accept a
     * slice; every other op refuses it ({@link OpChecks#sameDevice}). A Concat writes its parts
     * this way (producers write straight into their channel range of the concatenated blob).
     */
    public Tensor channelSlice(int c0, int count) {
        if (rank() != 2 && rank() != 4) {
            throw new IllegalArgumentException("channelSlice: a tensor of " + shape + " is not N x C or N x C x H x W");
        }
        int c = shape.dim(1);
        if (c0 < 0 || count < 1 || c0 + count > c) {
            throw new IllegalArgumentException("channelSlice: channels [" + c0 + ", " + (c0 + count) + ") are outside "
                    + shape + "'s " + c + " channels");
        }
        int plane = rank() == 4 ? shape.h() * shape.w() : 1;
        int[] dims = shape.dims();
        dims[1] = count;
        Storage root = storage instanceof SharedStorage s ? s.root() : storage;
        if (storage instanceof ChannelSlice v) {
            return new Tensor(device, Shape.of(dims), new ChannelSlice(v.target(), v.offset() + c0 * plane,
                    v.itemStride()));
        }
        return new Tensor(device, Shape.of(dims), new ChannelSlice(root, c0 * plane, c * plane));
    }

    /** Whether this tensor is a {@link #channelSlice} (its items are not packed one after the other). */
    public boolean isChannelSlice() {
        return storage instanceof ChannelSlice;
    }

    /** Element offset of item 0 in the storage: 0 unless this is a {@link #channelSlice}. */
    public int offset() {
        return storage instanceof ChannelSlice v ? v.offset() : 0;
    }

    /** Elements from the start of one item (index 0) to the next one in the storage. */
    public int itemStride() {
        return storage instanceof ChannelSlice v ? v.itemStride() : itemSize();
    }

    /** Elements of one item (index 0): {@code size() / N}. */
    public int itemSize() {
        return shape.size() / shape.dim(0);
    }

    /**
     * Whether this tensor is {@code base}'s {@link #channelSlice} starting at channel {@code c0} with
     * this tensor's channel count (so a Concat finds the parts already in place).
     */
    public boolean isChannelSliceOf(Tensor base, int c0) {
        if (!(storage instanceof ChannelSlice v) || base.isChannelSlice() || base.rank() != rank()) {
            return false;
        }
        Storage root = base.storage instanceof SharedStorage s ? s.root() : base.storage;
        int plane = rank() == 4 ? shape.h() * shape.w() : 1;
        return v.target() == root && v.offset() == c0 * plane && v.itemStride() == base.itemSize()
                && shape.dim(0) == base.shape.dim(0) && (rank() == 2
                || (shape.h() == base.shape.h() && shape.w() == base.shape.w()));
    }

    /** {@code Tensor[1x3x227x227 on cpu]}; a slice says which channels of how many. */
    @Override
    public String toString() {
        return "Tensor[" + shape + " on " + device.name() + (isChannelSlice() ? ", " + sliceChannels() : "") + "]";
    }

    /** {@code channels 64..127 of 128} for a {@link #channelSlice} (device-independent, for messages). */
    String sliceChannels() {
        ChannelSlice v = (ChannelSlice) storage;
        int plane = rank() == 4 ? shape.h() * shape.w() : 1;
        return "channels " + v.offset() / plane + ".." + (v.offset() / plane + shape.dim(1) - 1) + " of "
                + v.itemStride() / plane;
    }

    /**
     * A channel slice's handle on another tensor's storage ({@link #channelSlice}): item n starts
     * at element {@code offset + n * itemStride} of {@code target}. Closing it leaves the storage alone.
     *
     * @param target     the storage that holds the values (never a view)
     * @param offset     elements before item 0
     * @param itemStride elements from one item to the next
     */
    public record ChannelSlice(Storage target, int offset, int itemStride) implements Storage {
        @Override
        public long bytes() {
            return target.bytes();
        }

        @Override
        public void close() {
            // a view does not own the memory
        }
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
