// Local response normalization, Caffe's formulas (LrnSpec).
//   ACROSS_CHANNELS: scale = k + alpha/n * sum_{c' in [c - n/2, c + n/2] clipped} x[c']^2, n = size
//   WITHIN_CHANNEL:  scale = 1 + alpha/n * sum_{size x size square centred, zero outside} x^2, n = size^2
//   y = x * scale^-beta
// Backward (the window is symmetric, so "c in window(c')" is "c' in window(c)"):
//   dx = dy * scale^-beta - 2*alpha*beta/n * x * sum_{c' in window(c)} dy[c'] * y[c'] / scale[c']
// The backward pass first recomputes the scale of every element (kernel_lrn_scale_f32).
// scale^-beta is computed as exp2(-beta * log2(scale)) (scale > 0), or with square roots for
// beta = 3/4: pow() is a slow general routine on some runtimes; all agree to a few ulp.
// WITHIN_CHANNEL kernels: a work-item per element on a 3-D range (q, p, n*C + c).
// ACROSS_CHANNELS kernels: a work-item per spatial position, walking down the channels.

inline float lrn_pow(const float scale, const float beta) {
    if (beta == 0.75f) {
        // the AlexNet/CaffeNet value: s^-3/4 = 1 / (sqrt(s) * sqrt(sqrt(s))), with hardware square roots
        const float r = sqrt(scale);
        return 1.0f / (r * sqrt(r));
    }
    return exp2(-beta * log2(scale));
}

inline float8 lrn_pow8(const float8 scale, const float beta) {
    if (beta == 0.75f) {
        const float8 r = sqrt(scale);
        return (float8)(1.0f) / (r * sqrt(r));
    }
    return exp2(-beta * log2(scale));
}

// WITHIN_CHANNEL: the size x size window centred on (p, q), clipped to the H x W plane, as
// (first row, last row, first column, last column).
inline int4 lrn_within_window(const int p, const int q, const int H, const int W, const int size) {
    const int radius = size / 2;
    return (int4)(max(p - radius, 0), min(p + radius, H - 1), max(q - radius, 0), min(q + radius, W - 1));
}

// WITHIN_CHANNEL: x is items x C x H x W; e is the element (q, p) of its plane.
inline float lrn_within_scale(__global const float *x, const int e, const int p, const int q,
                              const int H, const int W, const int size, const float alpha) {
    __global const float *base = x + (e - p * W - q);
    const int4 win = lrn_within_window(p, q, H, W, size);
    const int p0 = win.x, p1 = win.y, q0 = win.z, q1 = win.w;
    float s = 0.0f;
    for (int pp = p0; pp <= p1; pp++) {
        for (int qq = q0; qq <= q1; qq++) {
            const float v = base[pp * W + qq];
            s += v * v;
        }
    }
    return 1.0f + alpha / (float) (size * size) * s;
}

__kernel void kernel_lrn_within_f32(const int H, const int W, const int size, const float alpha,
                                    const float beta, __global const float *x, __global float *y) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int z = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int e = (z * H + p) * W + q;
    y[e] = x[e] * lrn_pow(lrn_within_scale(x, e, p, q, H, W, size, alpha), beta);
}

__kernel void kernel_lrn_within_scale_f32(const int H, const int W, const int size, const float alpha,
                                          __global const float *x, __global float *scale) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int z = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int e = (z * H + p) * W + q;
    scale[e] = lrn_within_scale(x, e, p, q, H, W, size, alpha);
}

__kernel void kernel_lrn_within_backward_f32(const int H, const int W, const int size, const float alpha,
                                             const float beta, __global const float *x,
                                             __global const float *y, __global const float *dy,
                                             __global const float *scale, __global float *dx) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int z = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int e = (z * H + p) * W + q;
    const int base = e - p * W - q;
    const int4 win = lrn_within_window(p, q, H, W, size);
    const int p0 = win.x, p1 = win.y, q0 = win.z, q1 = win.w;
    float s = 0.0f;
    for (int pp = p0; pp <= p1; pp++) {
        for (int qq = q0; qq <= q1; qq++) {
            const int o = base + pp * W + qq;
            s += dy[o] * y[o] / scale[o];
        }
    }
    const float n = (float) (size * size);
    dx[e] = dy[e] * lrn_pow(scale[e], beta) - 2.0f * alpha * beta / n * x[e] * s;
}

// ACROSS_CHANNELS by walking: a work-item per 8 consecutive positions of one item's plane runs
// down its C channels with float8 sums (a plane's last run position by position), so that the
// window's bounds depend on the channel only. On PoCL this ran norm1 of AlexNet in 0.2 ms against
// 2.5 ms for a work-item per element. Range (positions / 8, item).
inline float lrn_window_sum_sq(__global const float *xp, const int plane, const int c, const int radius,
                               const int C) {
    const int c0 = max(c - radius, 0);
    const int c1 = min(c + radius, C - 1);
    float s = 0.0f;
    for (int cc = c0; cc <= c1; cc++) {
        const float v = xp[cc * plane];
        s += v * v;
    }
    return s;
}

// the same for 8 consecutive positions
inline float8 lrn_window_sum_sq8(__global const float *xp, const int plane, const int c, const int radius,
                                 const int C) {
    const int c0 = max(c - radius, 0);
    const int c1 = min(c + radius, C - 1);
    float8 s = (float8)(0.0f);
    for (int cc = c0; cc <= c1; cc++) {
        const float8 v = vload8(0, xp + cc * plane);
        s += v * v;
    }
    return s;
}

// The walk of the forward pass and of kernel_lrn_across_scale_f32: out = x * scale^-beta, or
// out = scale when scaleOnly.
inline void lrn_across_walk(const int C, const int H, const int W, const int size, const float alpha,
                            const float beta, const float k, __global const float *x, __global float *out,
                            const int scaleOnly) {
    const int e0 = get_global_id(0) * 8;
    const int item = get_global_id(1);
    const int plane = H * W;
    if (e0 >= plane) {
        return;
    }
    const long at = (long) item * C * plane + e0;
    __global const float *xp = x + at;
    __global float *op = out + at;
    const int radius = size / 2;
    const float a = alpha / (float) size;
    if (e0 + 8 <= plane) {
        for (int c = 0; c < C; c++) {
            const float8 scale = (float8)(k) + a * lrn_window_sum_sq8(xp, plane, c, radius, C);
            vstore8(scaleOnly ? scale : vload8(0, xp + c * plane) * lrn_pow8(scale, beta), 0, op + c * plane);
        }
        return;
    }
    for (int t = 0; t < plane - e0; t++) {
        for (int c = 0; c < C; c++) {
            const float scale = k + a * lrn_window_sum_sq(xp + t, plane, c, radius, C);
            op[t + c * plane] = scaleOnly ? scale : xp[t + c * plane] * lrn_pow(scale, beta);
        }
    }
}

__kernel void kernel_lrn_across_f32(const int C, const int H, const int W, const int size,
                                    const float alpha, const float beta, const float k,
                                    __global const float *x, __global float *y) {
    lrn_across_walk(C, H, W, size, alpha, beta, k, x, y, 0);
}

__kernel void kernel_lrn_across_scale_f32(const int C, const int H, const int W, const int size,
                                          const float alpha, const float k,
                                          __global const float *x, __global float *scale) {
    lrn_across_walk(C, H, W, size, alpha, 0.0f, k, x, scale, 1);
}

__kernel void kernel_lrn_across_backward_f32(const int C, const int H, const int W, const int size,
                                             const float alpha, const float beta,
                                             __global const float *x, __global const float *y,
                                             __global const float *dy, __global const float *scale,
                                             __global float *dx) {
    const int e0 = get_global_id(0) * 8;
    const int item = get_global_id(1);
    const int plane = H * W;
    if (e0 >= plane) {
        return;
    }
    const long at = (long) item * C * plane + e0;
    const int radius = size / 2;
    const float f = 2.0f * alpha * beta / (float) size;
    const int n = min(8, plane - e0);
    for (int c = 0; c < C; c++) {
        const int c0 = max(c - radius, 0);
        const int c1 = min(c + radius, C - 1);
        const long e = at + c * plane;
        if (n == 8) {
            float8 s = (float8)(0.0f);
            for (int cc = c0; cc <= c1; cc++) {
                const long o = at + cc * plane;
                s += vload8(0, dy + o) * vload8(0, y + o) / vload8(0, scale + o);
            }
            vstore8(vload8(0, dy + e) * lrn_pow8(vload8(0, scale + e), beta) - f * vload8(0, x + e) * s, 0, dx + e);
            continue;
        }
        for (int t = 0; t < n; t++) {
            float s = 0.0f;
            for (int cc = c0; cc <= c1; cc++) {
                const long o = at + cc * plane + t;
                s += dy[o] * y[o] / scale[o];
            }
            dx[e + t] = dy[e + t] * lrn_pow(scale[e + t], beta) - f * x[e + t] * s;
        }
    }
}
