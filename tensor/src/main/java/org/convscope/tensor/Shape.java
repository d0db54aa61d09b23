package org.convscope.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor: rank 1 to 4, row-major (C order), read as NCHW when the rank is 4.
 *
 * <p>A shape is immutable and compares by value. {@code Shape.of(2, 3, 5, 5)} is a batch of two
 * 3-channel 5x5 maps; {@link #n()}, {@link #c()}, {@link #h()} and {@link #w()} name its axes.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        if (dims.length < 1 || dims.length > 4) {
            throw new IllegalArgumentException("a tensor has rank 1 to 4, not " + dims.length
                    + " " + Arrays.toString(dims));
        }
        long size = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("every dimension must be positive: " + Arrays.toString(dims));
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + size + " elements is too large: " + Arrays.toString(dims));
        }
        this.dims = dims;
    }

    /** A shape with the given dimensions (1 to 4 of them, each positive). */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; negative axes count from the end ({@code -1} is the last). */
    public int dim(int axis) {
        return dims[axis < 0 ? dims.length + axis : axis];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public int size() {
        int s = 1;
        for (int d : dims) {
            s *= d;
        }
        return s;
    }

    /** Batch size of a rank-4 shape. */
    public int n() {
        return dims4()[0];
    }

    /** Channels of a rank-4 shape. */
    public int c() {
        return dims4()[1];
    }

    /** Height of a rank-4 shape. */
    public int h() {
        return dims4()[2];
    }

    /** Width of a rank-4 shape. */
    public int w() {
        return dims4()[3];
    }

    private int[] dims4() {
        if (dims.length != 4) {
            throw new IllegalStateException("shape " + this + " is not NCHW (rank 4)");
        }
        return dims;
    }

    /** Elements per item of the first axis: {@code C*H*W} for NCHW. */
    public int strideOfFirst() {
        return size() / dims[0];
    }

    /** The same shape with the first axis set to {@code n}. */
    public Shape withFirst(int n) {
        int[] d = dims.clone();
        d[0] = n;
        return new Shape(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code 2x3x5x5}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }
}
