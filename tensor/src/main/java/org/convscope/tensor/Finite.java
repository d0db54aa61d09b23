package org.convscope.tensor;

/**
 * Checks that values are finite (no NaN, no infinity), for data coming in (weights, input arrays,
 * mean values, flags) and results going out. A NaN that reached a net would travel through it
 * (ReLU and max pooling pass NaN on, see {@link Device#relu}) and end as a NaN result, which every
 * command refuses; refusing it where it enters says where it came from.
 */
public final class Finite {
    private Finite() {
    }

    /** Index of the first NaN or infinite value, or -1 when all are finite. */
    public static int firstNonFinite(float[] data) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    /** {@code 0,2,5,1} for flat {@code index} of a C-order array of {@code shape} (the index itself if no shape). */
    public static String position(int index, int... shape) {
        if (shape == null || shape.length == 0) {
            return Integer.toString(index);
        }
        int[] at = new int[shape.length];
        int rem = index;
        for (int a = shape.length - 1; a >= 0; a--) {
            int d = Math.max(1, shape[a]);
            at[a] = rem % d;
            rem /= d;
        }
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < at.length; a++) {
            sb.append(a == 0 ? "" : ",").append(at[a]);
        }
        return sb.toString();
    }

    /**
     * Refuses values that are not all finite.
     *
     * @param what names the data in the message, e.g. {@code x.npy}
     * @throws IllegalArgumentException {@code x.npy: value at [0,0,3,4] is NaN; ...}
     */
    public static void require(float[] data, int[] shape, String what) {
        int i = firstNonFinite(data);
        if (i >= 0) {
            throw new IllegalArgumentException(what + ": value at [" + position(i, shape) + "] is " + data[i]
                    + "; only finite numbers are accepted");
        }
    }

    /** Refuses a tensor whose values are not all finite (copies it to the host). */
    public static void require(Tensor t, String what) {
        require(t.toArray(), t.shape().dims(), what);
    }

    /** Refuses a non-finite scalar given for {@code what} (e.g. a flag). */
    public static float require(float v, String what) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(what + " is " + v + "; give a finite number");
        }
        return v;
    }

    /** True when every value of the tensor is finite. */
    public static boolean isFinite(Tensor t) {
        return firstNonFinite(t.toArray()) < 0;
    }
}
