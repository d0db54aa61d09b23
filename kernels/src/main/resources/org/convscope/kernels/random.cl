// Counter-based random fills (Device#randomUniform, #randomNormal): element i is a function of
// (seed, i) alone, computed with the same integer and float operations as the CPU reference, so
// both devices write the same bytes. Contraction into fma would change the last bit: it is off.
#pragma OPENCL FP_CONTRACT OFF

// SplitMix64's output function of the counter seed + (i + 1) * gamma (64-bit wrapping arithmetic)
inline ulong splitmix64(const ulong seed, const ulong i) {
    ulong z = seed + (i + 1UL) * 0x9E3779B97F4A7C15UL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

// the top 24 bits: an integer in [0, 2^24), exact as a float
inline uint bits24(const ulong seed, const ulong i) {
    return (uint) (splitmix64(seed, i) >> 40);
}

#define TWO_POW_MINUS_24 (1.0f / 16777216.0f)

// y[i] = lo + range * u_i, u_i uniform in [0, 1)
__kernel void kernel_random_uniform_f32(const int n, const ulong seed, const float lo, const float range,
                                        __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        const float u = (float) bits24(seed, (ulong) i) * TWO_POW_MINUS_24;
        y[i] = lo + range * u;
    }
}

// y[i] = mean + std * z_i, z_i the Irwin-Hall sum of twelve 24-bit uniforms minus 6 (added as integers)
__kernel void kernel_random_normal_f32(const int n, const ulong seed, const float mean, const float std,
                                       __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        long sum = 0;
        for (int k = 0; k < 12; k++) {
            sum += bits24(seed, 12UL * (ulong) i + (ulong) k);
        }
        const float z = convert_float_rte(sum - 6L * 16777216L) * TWO_POW_MINUS_24;
        y[i] = mean + std * z;
    }
}
