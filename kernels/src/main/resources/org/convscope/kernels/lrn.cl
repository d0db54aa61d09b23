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

// WITHIN_CHANNEL: x is items x C x H x W; e is the element (q, p) of its plane.
inline float lrn_within_scale(__global const float *x, const int e, const int p, const int q,
                              const int H, const int W, const int size, const float alpha) {
    const int radius = size / 2;
    __global const float *base = x + (e - p * W - q);
    const int p0 = max(p - radius, 0);
    const int p1 = min(p + radius, H - 1);
    const int q0 = max(q - radius, 0);
    const int q1 = min(q + radius, W - 1);
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
    const int radius = size / 2;
    const int base = e - p * W - q;
    const int p0 = max(p - radius, 0);
    const int p1 = min(p + radius, H - 1);
    const int q0 = max(q - radius, 0);
    const int q1 = min(q + radius, W - 1);
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

// ACROSS_CHANNELS by walking: a work-item per spatial position (q, p) of one item runs down its
// C channels, so that the window's bounds depend on the channel only and are the same for every
// work-item of a group (3-5x faster on PoCL than a work-item per element, whose window bounds
// differ between neighbours). Range (q, p, item).
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

__kernel void kernel_lrn_across_f32(const int C, const int H, const int W, const int size,
                                    const float alpha, const float beta, const float k,
                                    __global const float *x, __global float *y) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int item = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int plane = H * W;
    const long at = (long) item * C * plane + p * W + q;
    __global const float *xp = x + at;
    __global float *yp = y + at;
    const float a = alpha / (float) size;
    for (int c = 0; c < C; c++) {
        const float scale = k + a * lrn_window_sum_sq(xp, plane, c, size / 2, C);
        yp[c * plane] = xp[c * plane] * lrn_pow(scale, beta);
    }
}

__kernel void kernel_lrn_across_scale_f32(const int C, const int H, const int W, const int size,
                                          const float alpha, const float k,
                                          __global const float *x, __global float *scale) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int item = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int plane = H * W;
    const long at = (long) item * C * plane + p * W + q;
    __global const float *xp = x + at;
    const float a = alpha / (float) size;
    for (int c = 0; c < C; c++) {
        scale[at + c * plane] = k + a * lrn_window_sum_sq(xp, plane, c, size / 2, C);
    }
}

__kernel void kernel_lrn_across_backward_f32(const int C, const int H, const int W, const int size,
                                             const float alpha, const float beta,
                                             __global const float *x, __global const float *y,
                                             __global const float *dy, __global const float *scale,
                                             __global float *dx) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int item = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int plane = H * W;
    const long at = (long) item * C * plane + p * W + q;
    const int radius = size / 2;
    const float f = 2.0f * alpha * beta / (float) size;
    for (int c = 0; c < C; c++) {
        const int c0 = max(c - radius, 0);
        const int c1 = min(c + radius, C - 1);
        float s = 0.0f;
        for (int cc = c0; cc <= c1; cc++) {
            const long o = at + cc * plane;
            s += dy[o] * y[o] / scale[o];
        }
        const long e = at + c * plane;
        dx[e] = dy[e] * lrn_pow(scale[e], beta) - f * x[e] * s;
    }
}
