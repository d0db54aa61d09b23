// Local response normalization, Caffe's formulas (LrnSpec). One work-item per element.
//   ACROSS_CHANNELS: scale = k + alpha/n * sum_{c' in [c - n/2, c + n/2] clipped} x[c']^2, n = size
//   WITHIN_CHANNEL:  scale = 1 + alpha/n * sum_{size x size square centred, zero outside} x^2, n = size^2
//   y = x * scale^-beta
// Backward (the window is symmetric, so "c in window(c')" is "c' in window(c)"):
//   dx = dy * scale^-beta - 2*alpha*beta/n * x * sum_{c' in window(c)} dy[c'] * y[c'] / scale[c']
// The backward pass first recomputes the scale of every element (kernel_lrn_scale_f32).
// scale^-beta is computed as exp2(-beta * log2(scale)) (scale > 0), or with square roots for
// beta = 3/4: pow() is a slow general routine on some runtimes; all agree to a few ulp.
// Kernels run on a 3-D range (q, p, n*C + c), so that a work-item divides once, not four times.

inline float lrn_pow(const float scale, const float beta) {
    if (beta == 0.75f) {
        // the AlexNet/CaffeNet value: s^-3/4 = 1 / (sqrt(s) * sqrt(sqrt(s))), with hardware square roots
        const float r = sqrt(scale);
        return 1.0f / (r * sqrt(r));
    }
    return exp2(-beta * log2(scale));
}

// x is items x C x H x W; region 0 = across channels, 1 = within channel.
inline float lrn_scale(__global const float *x, const int e, const int c, const int p, const int q,
                       const int C, const int H, const int W,
                       const int region, const int size, const float alpha, const float k) {
    const int radius = size / 2;
    const int plane = H * W;
    float s = 0.0f;
    if (region == 0) {
        const int pos = p * W + q;
        __global const float *base = x + (e - c * plane - pos);
        const int c0 = max(c - radius, 0);
        const int c1 = min(c + radius, C - 1);
        for (int cc = c0; cc <= c1; cc++) {
            const float v = base[cc * plane + pos];
            s += v * v;
        }
        return k + alpha / (float) size * s;
    }
    __global const float *base = x + (e - p * W - q);
    const int p0 = max(p - radius, 0);
    const int p1 = min(p + radius, H - 1);
    const int q0 = max(q - radius, 0);
    const int q1 = min(q + radius, W - 1);
    for (int pp = p0; pp <= p1; pp++) {
        for (int qq = q0; qq <= q1; qq++) {
            const float v = base[pp * W + qq];
            s += v * v;
        }
    }
    return 1.0f + alpha / (float) (size * size) * s;
}

__kernel void kernel_lrn_f32(const int C, const int H, const int W,
                             const int region, const int size, const float alpha, const float beta, const float k,
                             __global const float *x, __global float *y) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int z = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int c = z % C;
    const int e = (z * H + p) * W + q;
    const float scale = lrn_scale(x, e, c, p, q, C, H, W, region, size, alpha, k);
    y[e] = x[e] * lrn_pow(scale, beta);
}

__kernel void kernel_lrn_scale_f32(const int C, const int H, const int W,
                                   const int region, const int size, const float alpha, const float k,
                                   __global const float *x, __global float *scale) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int z = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int c = z % C;
    const int e = (z * H + p) * W + q;
    scale[e] = lrn_scale(x, e, c, p, q, C, H, W, region, size, alpha, k);
}

__kernel void kernel_lrn_backward_f32(const int C, const int H, const int W,
                                      const int region, const int size, const float alpha, const float beta,
                                      __global const float *x, __global const float *y,
                                      __global const float *dy, __global const float *scale,
                                      __global float *dx) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int z = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int c = z % C;
    const int e = (z * H + p) * W + q;
    const int radius = size / 2;
    const int plane = H * W;
    float s = 0.0f;
    float n;
    if (region == 0) {
        n = (float) size;
        const int pos = p * W + q;
        const int base = e - c * plane - pos;
        const int c0 = max(c - radius, 0);
        const int c1 = min(c + radius, C - 1);
        for (int cc = c0; cc <= c1; cc++) {
            const int o = base + cc * plane + pos;
            s += dy[o] * y[o] / scale[o];
        }
    } else {
        n = (float) (size * size);
        const int base = e - p * W - q;
        const int p0 = max(p - radius, 0);
        const int p1 = min(p + radius, H - 1);
        const int q0 = max(q - radius, 0);
        const int q1 = min(q + radius, W - 1);
        for (int pp = p0; pp <= p1; pp++) {
            for (int qq = q0; qq <= q1; qq++) {
                const int o = base + pp * W + qq;
                s += dy[o] * y[o] / scale[o];
            }
        }
    }
    dx[e] = dy[e] * lrn_pow(scale[e], beta) - 2.0f * alpha * beta / n * x[e] * s;
}
