// Per-pixel maps across channels and the total-variation regularizer (Device#channelNorm,
// #channelDot, #zeroWhereBelow, #totalVariation). Tensors are items x channels x plane.

// mode 0: y[n, p] = sqrt(sum_c a[n, c, p]^2);  mode 1: y[n, p] = sum_c a[n, c, p] * b[n, c, p].
// A 2-D range (runs of 8 positions in the plane, item): a work-item walks down the channels with
// float8 loads (one position per work-item ran channelDot of 64 x 256 x 256 in 38 ms on PoCL),
// each lane's sum compensated (Kahan); a plane's last run may be partial.
__kernel void kernel_channel_reduce_f32(const int channels, const int plane, const int mode,
                                        __global const float *a, __global const float *b, __global float *y) {
    const int p0 = get_global_id(0) * 8;
    const int n = get_global_id(1);
    if (p0 >= plane) {
        return;
    }
    const long base = (long) n * channels * plane + p0;
    if (p0 + 8 <= plane) {
        float8 s = (float8)(0.0f);
        float8 comp = (float8)(0.0f);
        for (int c = 0; c < channels; c++) {
            const float8 va = vload8(0, a + base + (long) c * plane);
            const float8 t = mode == 0 ? va * va : va * vload8(0, b + base + (long) c * plane);
            const float8 yk = t - comp;
            const float8 sk = s + yk;
            comp = (sk - s) - yk;
            s = sk;
        }
        vstore8(mode == 0 ? sqrt(s) : s, 0, y + (long) n * plane + p0);
        return;
    }
    for (int p = p0; p < plane; p++) {
        const long at = (long) n * channels * plane + p;
        float s = 0.0f;
        float comp = 0.0f;
        for (int c = 0; c < channels; c++) {
            const float va = a[at + (long) c * plane];
            const float t = mode == 0 ? va * va : va * b[at + (long) c * plane];
            const float yk = t - comp;
            const float sk = s + yk;
            comp = (sk - s) - yk;
            s = sk;
        }
        y[(long) n * plane + p] = mode == 0 ? sqrt(s) : s;
    }
}

// y[n, c, p] = map[n, p] < threshold ? 0 : x[n, c, p]; a 3-D range (position, channel, item)
__kernel void kernel_zero_where_below_f32(const int channels, const int plane, const float threshold,
                                          __global const float *x, __global const float *map, __global float *y) {
    const int p = get_global_id(0);
    const int c = get_global_id(1);
    const int n = get_global_id(2);
    if (p < plane) {
        const long at = ((long) n * channels + c) * plane + p;
        y[at] = map[(long) n * plane + p] < threshold ? 0.0f : x[at];
    }
}

// The differences of the TV term at (i, j) of one plane, and s = beta (dh^2 + dv^2)^(beta/2 - 1)
// (0 where both differences are 0). Only for i < h-1, j < w-1. The powers are exp2 and log2 (pow
// is a slow general routine on some runtimes: the TV of a 3 x 256 x 256 image took 66 ms on PoCL),
// and none at all for beta = 2 (`squared`, the usual choice), where the term is d2 and s is 2.
inline float tv_term(__global const float *x, const int w, const int at, const float beta, const int squared,
                     float *dh, float *dv, float *s) {
    const float v = x[at];
    *dh = x[at + 1] - v;
    *dv = x[at + w] - v;
    const float d2 = *dh * *dh + *dv * *dv;
    if (squared) {
        *s = 2.0f;
        return d2;
    }
    const int zero = d2 == 0.0f;
    const float l = log2(zero ? 1.0f : d2);
    *s = zero ? 0.0f : beta * exp2((0.5f * beta - 1.0f) * l);
    return zero ? 0.0f : exp2(0.5f * beta * l);
}

// terms[q, i, j] = the TV term at (i, j) of plane q, 0 on the last row and column (the host sums them).
// A 3-D range (column, row, plane).
__kernel void kernel_tv_terms_f32(const int h, const int w, const float beta, const int squared,
                                  __global const float *x, __global float *terms) {
    const int j = get_global_id(0);
    const int i = get_global_id(1);
    const int q = get_global_id(2);
    if (j < w) {
        const int at = (q * h + i) * w + j;
        float r = 0.0f;
        if (i < h - 1 && j < w - 1) {
            float dh;
            float dv;
            float s;
            r = tv_term(x, w, at, beta, squared, &dh, &dv, &s);
        }
        terms[at] = r;
    }
}

// grad[q, i, j] = dR/dx[q, i, j], gathered from the three terms that touch (i, j): its own,
// (i, j-1) through dh and (i-1, j) through dv.
__kernel void kernel_tv_gradient_f32(const int h, const int w, const float beta, const int squared,
                                     __global const float *x, __global float *grad) {
    const int j = get_global_id(0);
    const int i = get_global_id(1);
    const int q = get_global_id(2);
    if (j < w) {
        const int at = (q * h + i) * w + j;
        float dh;
        float dv;
        float s;
        float g = 0.0f;
        if (i < h - 1 && j < w - 1) {
            tv_term(x, w, at, beta, squared, &dh, &dv, &s);
            g -= s * (dh + dv);
        }
        if (i < h - 1 && j > 0) {
            tv_term(x, w, at - 1, beta, squared, &dh, &dv, &s);
            g += s * dh;
        }
        if (i > 0 && j < w - 1) {
            tv_term(x, w, at - w, beta, squared, &dh, &dv, &s);
            g += s * dv;
        }
        grad[at] = g;
    }
}
