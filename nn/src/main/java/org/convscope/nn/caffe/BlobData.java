package org.convscope.nn.caffe;

import java.util.Arrays;

/**
 * A blob as stored in a Caffe file ({@code BlobProto}): its dimensions and its float values.
 *
 * @param dims   dimensions, from {@code shape} (BlobShape) or from the legacy
 *               {@code num/channels/height/width} (then always four)
 * @param legacy true when the dimensions came from the legacy 4-D fields: Caffe then only
 *               requires the element count to match (a V1 InnerProduct weight is {@code 1x1xOUTxIN})
 * @param data   the values, row-major ({@code data} or {@code double_data} rounded to float)
 */
public record BlobData(long[] dims, boolean legacy, float[] data) {

    /** Number of elements the dimensions describe. */
    public long count() {
        long c = 1;
        for (long d : dims) {
            c *= d;
        }
        return c;
    }

    /** {@code 96x3x11x11}. */
    public String shapeString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i > 0 ? "x" : "").append(dims[i]);
        }
        return dims.length == 0 ? "(no shape)" : sb.toString();
    }

    /** The dimensions as ints, or null when one does not fit an int. */
    public int[] intDimsOrNull() {
        int[] d = new int[dims.length];
        for (int i = 0; i < d.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                return null;
            }
            d[i] = (int) dims[i];
        }
        return d;
    }

    /** The dimensions as ints (checked), dropping none. */
    public int[] intDims() {
        int[] d = new int[dims.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toIntExact(dims[i]);
        }
        return d;
    }

    @Override
    public String toString() {
        return "BlobData[" + shapeString() + (legacy ? " legacy" : "") + ", " + data.length + " values]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobData b && Arrays.equals(dims, b.dims) && legacy == b.legacy
                && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + Arrays.hashCode(data);
    }
}
