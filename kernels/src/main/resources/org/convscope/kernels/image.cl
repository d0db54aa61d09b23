// Per-channel image ops of NCHW tensors and channel concat/split. One work-item per output element.

// Copies `count` channels: dst[n, dstC0 + c, p] = src[n, srcC0 + c, p] for every item n.
__kernel void kernel_copy_channels_f32(const int count, const int plane, __global const float *src,
                                       const int srcChannels, const int srcC0, __global float *dst,
                                       const int dstChannels, const int dstC0) {
    // an item's `count` channels are count*plane consecutive floats on both sides: a 2-D range
    // (runs of 8 of them, items), each run one float8 (an element per work-item, with its
    // divisions, moved 0.55 GB/s on PoCL)
    const int i = get_global_id(0) * 8;
    const int n = get_global_id(1);
    const int len = count * plane;
    if (i >= len) {
        return;
    }
    __global const float *s = src + ((long) n * srcChannels + srcC0) * plane;
    __global float *d = dst + ((long) n * dstChannels + dstC0) * plane;
    if (i + 8 <= len) {
        vstore8(vload8(0, s + i), 0, d + i);
    } else {
        for (int e = i; e < len; e++) {
            d[e] = s[e];
        }
    }
}

// One pass of a separable blur along rows (horizontal = 1) or columns (horizontal = 0),
// edges replicated; weights has 2*radius + 1 taps.
__kernel void kernel_blur_pass_f32(const int planes, const int H, const int W, const int horizontal,
                                   const int radius, __constant float *weights,
                                   __global const float *x, __global float *y) {
    const int e = get_global_id(0);
    if (e >= planes * H * W) {
        return;
    }
    const int q = e % W;
    const int p = (e / W) % H;
    __global const float *xp = x + (e - p * W - q);
    float s = 0.0f;
    for (int d = -radius; d <= radius; d++) {
        float v;
        if (horizontal) {
            v = xp[p * W + clamp(q + d, 0, W - 1)];
        } else {
            v = xp[clamp(p + d, 0, H - 1) * W + q];
        }
        s += weights[d + radius] * v;
    }
    y[e] = s;
}

// y[n,c,i,j] = x[n,c,(i - dy) mod H, (j - dx) mod W], with dy, dx already reduced to [0, H), [0, W).
__kernel void kernel_circular_shift_f32(const int planes, const int H, const int W, const int dy, const int dx,
                                        __global const float *x, __global float *y) {
    const int e = get_global_id(0);
    if (e >= planes * H * W) {
        return;
    }
    const int j = e % W;
    const int i = (e / W) % H;
    const int plane = e / (W * H);
    int si = i - dy;
    si = si < 0 ? si + H : si;
    int sj = j - dx;
    sj = sj < 0 ? sj + W : sj;
    y[e] = x[((long) plane * H + si) * W + sj];
}

// Bilinear resize, half-pixel centres: source = (i + 0.5) * H/Ho - 0.5, clamped to [0, H-1].
__kernel void kernel_resize_bilinear_f32(const int planes, const int H, const int W, const int Ho, const int Wo,
                                         const float scaleH, const float scaleW,
                                         __global const float *x, __global float *y) {
    const int e = get_global_id(0);
    if (e >= planes * Ho * Wo) {
        return;
    }
    const int j = e % Wo;
    const int i = (e / Wo) % Ho;
    const int plane = e / (Wo * Ho);
    const float sy = clamp(((float) i + 0.5f) * scaleH - 0.5f, 0.0f, (float) (H - 1));
    const float sx = clamp(((float) j + 0.5f) * scaleW - 0.5f, 0.0f, (float) (W - 1));
    const int y0 = (int) sy;
    const int x0 = (int) sx;
    const int y1 = min(y0 + 1, H - 1);
    const int x1 = min(x0 + 1, W - 1);
    const float fy = sy - (float) y0;
    const float fx = sx - (float) x0;
    __global const float *xp = x + (long) plane * H * W;
    const float top = xp[y0 * W + x0] * (1.0f - fx) + xp[y0 * W + x1] * fx;
    const float bottom = xp[y1 * W + x0] * (1.0f - fx) + xp[y1 * W + x1] * fx;
    y[e] = top * (1.0f - fy) + bottom * fy;
}

// y[n,c,i,j] = x[n,c,i+top,j+left] inside x, else fill.
__kernel void kernel_crop_pad_f32(const int planes, const int H, const int W, const int Ho, const int Wo,
                                  const int top, const int left, const float fill,
                                  __global const float *x, __global float *y) {
    const int e = get_global_id(0);
    if (e >= planes * Ho * Wo) {
        return;
    }
    const int j = e % Wo;
    const int i = (e / Wo) % Ho;
    const int plane = e / (Wo * Ho);
    const int si = i + top;
    const int sj = j + left;
    y[e] = (si >= 0 && si < H && sj >= 0 && sj < W) ? x[((long) plane * H + si) * W + sj] : fill;
}
