package org.convscope.tensor.cpu;

/**
 * Counter-based random fills ({@link org.convscope.tensor.Device#randomUniform},
 * {@link org.convscope.tensor.Device#randomNormal}): each value is a hash of (seed, index), so any
 * device computes any element on its own and all of them write the same bytes.
 */
final class CpuRandom {
    /** The golden-ratio increment of SplitMix64. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private CpuRandom() {
    }

    /** SplitMix64's output function of the counter {@code seed + (i + 1) * GAMMA}. */
    static long hash(long seed, long i) {
        long z = seed + (i + 1) * GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 24 bits of the hash: an integer in {@code [0, 2^24)}, exact as a float. */
    static int bits24(long seed, long i) {
        return (int) (hash(seed, i) >>> 40);
    }

    static void uniform(float[] y, long seed, float lo, float hi) {
        float range = hi - lo;
        for (int i = 0; i < y.length; i++) {
            float u = bits24(seed, i) * 0x1p-24f;
            y[i] = lo + range * u;
        }
    }

    static void normal(float[] y, long seed, float mean, float std) {
        for (int i = 0; i < y.length; i++) {
            long sum = 0;
            for (int k = 0; k < 12; k++) {
                sum += bits24(seed, 12L * i + k);
            }
            float z = (float) (sum - 6L * (1 << 24)) * 0x1p-24f;
            y[i] = mean + std * z;
        }
    }
}
