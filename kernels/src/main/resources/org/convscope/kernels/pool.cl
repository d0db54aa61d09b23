// Pooling (Caffe's geometry): max with switches, unpooling through the switches, average.
// Forward kernels: one work-item per output element. Average pooling's backward is a gather, one
// work-item per input element summing the outputs whose window covers it, so that overlapping
// windows never race; unpooling scatters in phases of disjoint windows instead (see below).
// Planes: x is planes x H x W, y is planes x Ho x Wo, planes = N*C. Kernels run on 3-D ranges
// (column, row, plane), so that no work-item divides to find its coordinates.

#if defined(__clang__)
#define CONV_POOL_INLINE __attribute__((always_inline)) inline
#else
#define CONV_POOL_INLINE inline
#endif

// The window's first maximum in row-major order (Caffe's and the reference's switch at ties; a
// NaN in the first position stays), found with selects rather than branches: runtimes that
// vectorize across work-items (PoCL on a CPU) run divergent branches several times slower.
// Caffe's geometry never gives an empty window. xp is the plane, o the output's index.
CONV_POOL_INLINE void max_pool_one(__global const float *xp, const int H, const int W, const int i, const int j,
                                   const int kh, const int kw, const int sh, const int sw, const int ph,
                                   const int pw, __global float *y, __global int *switches, const long o) {
    const int h0 = max(i * sh - ph, 0);
    const int w0 = max(j * sw - pw, 0);
    const int h1 = min(i * sh - ph + kh, H);
    const int w1 = min(j * sw - pw + kw, W);
    int at = h0 * W + w0;
    float best = xp[at];
    for (int p = h0; p < h1; p++) {
        for (int q = w0; q < w1; q++) {
            const float v = xp[p * W + q];
            const int better = v > best;
            best = better ? v : best;
            at = better ? p * W + q : at;
        }
    }
    y[o] = best;
    switches[o] = at;
}

// One output per work-item.
__kernel void kernel_max_pool_f32(const int planes, const int H, const int W, const int Ho, const int Wo,
                                  const int kh, const int kw, const int sh, const int sw,
                                  const int ph, const int pw,
                                  __global const float *x, __global float *y, __global int *switches) {
    const int j = get_global_id(0);
    const int i = get_global_id(1);
    const int plane = get_global_id(2);
    if (j >= Wo || i >= Ho) {
        return;
    }
    max_pool_one(x + (long) plane * H * W, H, W, i, j, kh, kw, sh, sw, ph, pw, y, switches,
                 (plane * Ho + i) * Wo + j);
}

// Max pooling at column stride 1 or 2, 8 outputs of a row per work-item (3-D range: blocks of 8
// columns, rows, planes): where the 8 windows lie inside the row, each tap of each window row is
// one vector load for all 8 (stride 2: the even lanes of a float16), the running maxima and their
// positions float8 / int8 selects in the same row-major order as kernel_max_pool_f32 (first
// maximum kept); the blocks at the row's ends run max_pool_one per output. One output per
// work-item read its window with gathers (PoCL vectorizes across work-items): SqueezeNet's pool1
// (96 x 111 x 111, 3x3 stride 2) took 1.35 ms.
__kernel void kernel_max_pool_row8_f32(const int planes, const int H, const int W, const int Ho, const int Wo,
                                       const int kh, const int kw, const int sh, const int sw,
                                       const int ph, const int pw,
                                       __global const float *x, __global float *y, __global int *switches) {
    const int j0 = get_global_id(0) * 8;
    const int i = get_global_id(1);
    const int plane = get_global_id(2);
    if (j0 >= Wo || i >= Ho) {
        return;
    }
    __global const float *xp = x + (long) plane * H * W;
    const long o = ((long) plane * Ho + i) * Wo + j0;
    const int c0 = j0 * sw - pw; // first column of the first window
    const int valid = min(8, Wo - j0);
    const int h0 = max(i * sh - ph, 0);
    const int h1 = min(i * sh - ph + kh, H);
    // the vector form where the stored lanes' windows lie inside the row (none clipped) and the
    // loads stay inside x: a tap reads 8 floats (stride 2: 16) from the first window's column,
    // past the row's end for lanes that are not stored (a row's last block)
    const int span = sw == 1 ? kw + 7 : kw + 15;
    const bool inside = c0 >= 0 && c0 + (valid - 1) * sw + kw <= W
            && ((long) plane * H + h1 - 1) * W + c0 + span <= (long) planes * H * W;
    if (!inside) {
        for (int t = 0; t < valid; t++) {
            max_pool_one(xp, H, W, i, j0 + t, kh, kw, sh, sw, ph, pw, y, switches, o + t);
        }
        return;
    }
    const int8 lane = (int8)(0, 1, 2, 3, 4, 5, 6, 7) * sw;
    // the first tap taken as it is, then every tap (the first again: never greater) by selects;
    // switches tracked as the tap's offset p*W + q, the lanes' columns added at the end
    float8 best = sw == 1 ? vload8(0, xp + h0 * W + c0) : vload16(0, xp + h0 * W + c0).even;
    int8 at = (int8)(h0 * W);
    for (int p = h0; p < h1; p++) {
        __global const float *row = xp + p * W + c0;
        for (int q = 0; q < kw; q++) {
            const float8 v = sw == 1 ? vload8(0, row + q) : vload16(0, row + q).even;
            const int8 better = isgreater(v, best);
            best = select(best, v, better);
            at = select(at, (int8)(p * W + q), better);
        }
    }
    at += (int8)(c0) + lane;
    if (valid == 8) {
        vstore8(best, 0, y + o);
        vstore8(at, 0, switches + o);
        return;
    }
    float tb[8];
    int ta[8];
    vstore8(best, 0, tb);
    vstore8(at, 0, ta);
    for (int t = 0; t < valid; t++) {
        y[o + t] = tb[t];
        switches[o + t] = ta[t];
    }
}

// Max pooling at stride 1 that keeps the map's size (Ho = H, Wo = W: a k x k window padded by
// k / 2, GoogLeNet's inception pools), 16 consecutive outputs of a plane's row-major order per
// work-item (3-D range: blocks of 16 outputs, 1, planes). Output o = i*W + j reads tap (u, v) at
// input o + (u - ph)*W + (v - pw), so each tap is one run of 16 floats for the whole block, across
// row ends or not; a lane takes only the taps inside the map (the reference's clipped window): its
// first one as it is, then strictly greater ones, in row-major order (first maximum kept, a NaN
// first stays). On 14 x 14 and 7 x 7 maps every block of kernel_max_pool_row8_f32 lies at a row's
// end, where it runs the per-output loop.
__kernel void kernel_max_pool_same_f32(const int planes, const int H, const int W, const int Ho, const int Wo,
                                       const int kh, const int kw, const int sh, const int sw,
                                       const int ph, const int pw,
                                       __global const float *x, __global float *y, __global int *switches) {
    const int o0 = get_global_id(0) * 16;
    const int plane = get_global_id(2);
    const int HW = H * W;
    if (o0 >= HW) {
        return;
    }
    const int16 lanes = (int16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    // the lanes' rows and columns without a vector division (16 scalar ones on a CPU): from the
    // block's first, wrapping at most ceil(16 / W) times
    const int i0 = o0 / W;
    int16 i = (int16)(i0);
    int16 j = (int16)(o0 - i0 * W) + lanes;
    for (int r = 0; r < 16; r += W) {
        const int16 wrap = j >= (int16)(W);
        j = select(j, j - W, wrap);
        i = select(i, i + 1, wrap);
    }
    __global const float *xp = x + (long) plane * HW;
    float16 best = (float16)(0.0f);
    int16 at = (int16)(0);
    int16 have = (int16)(0);
    for (int u = 0; u < kh; u++) {
        const int du = u - ph;
        const int16 rowOk = (i + du >= (int16)(0)) & (i + du < (int16)(H));
        for (int v = 0; v < kw; v++) {
            const int dv = v - pw;
            const int d = du * W + dv;
            const int16 ok = rowOk & (j + dv >= (int16)(0)) & (j + dv < (int16)(W));
            const int start = o0 + d;
            float16 val;
            if (start >= 0 && start + 16 <= HW) {
                val = vload16(0, xp + start);
            } else {
                float t[16];
                for (int e = 0; e < 16; e++) {
                    t[e] = start + e >= 0 && start + e < HW ? xp[start + e] : 0.0f;
                }
                val = vload16(0, t);
            }
            const int16 better = ok & (~have | isgreater(val, best));
            best = select(best, val, better);
            at = select(at, (int16)(d), better);
            have |= ok;
        }
    }
    at += (int16)(o0) + lanes;
    __global float *yp = y + (long) plane * HW + o0;
    __global int *sp = switches + (long) plane * HW + o0;
    if (o0 + 16 <= HW) {
        vstore16(best, 0, yp);
        vstore16(at, 0, sp);
        return;
    }
    float tb[16];
    int ta[16];
    vstore16(best, 0, tb);
    vstore16(at, 0, ta);
    for (int e = 0; e < HW - o0; e++) {
        yp[e] = tb[e];
        sp[e] = ta[e];
    }
}

// The output rows i whose window [i*s - p, i*s - p + k) covers input row r: [lo, hi].
inline int2 covering(const int r, const int k, const int s, const int pad, const int out) {
    const int t = r + pad;
    const int lo = t < k ? 0 : (t - k) / s + 1;
    const int hi = min(t / s, out - 1);
    return (int2)(lo, hi);
}

// Unpooling: one work-item per output adds its gradient at its switch, into dx zeroed beforehand.
// Outputs di = ceil(kh / sh) rows (dj = ceil(kw / sw) columns) apart have disjoint windows, so the
// launcher runs the outputs in di x dj phases, each free of races (one phase when the windows do
// not overlap, VGG's 2x2 stride 2; four for AlexNet's 3x3 stride 2). On PoCL this ran AlexNet
// pool1's backward 7x faster than a gather over the covering outputs of each input element.
__kernel void kernel_max_unpool_scatter_f32(const int planes, const int H, const int W, const int Ho, const int Wo,
                                            const int kh, const int kw, const int sh, const int sw,
                                            const int ph, const int pw, const int i0, const int j0,
                                            const int di, const int dj,
                                            __global const float *dy, __global const int *switches, __global float *dx) {
    // the outputs (i0 + ii*di, j0 + jj*dj) of one phase: their windows are disjoint, so no two
    // work-items add into the same element of dx
    const int i = i0 + get_global_id(1) * di;
    const int j = j0 + get_global_id(0) * dj;
    const int plane = get_global_id(2);
    if (j >= Wo || i >= Ho) {
        return;
    }
    const long o = ((long) plane * Ho + i) * Wo + j;
    const int at = switches[o];
    if (at >= 0 && at < H * W) { // the CPU device refuses a switch outside the plane; here it is skipped
        dx[(long) plane * H * W + at] += dy[o];
    }
}

__kernel void kernel_avg_pool_f32(const int planes, const int H, const int W, const int Ho, const int Wo,
                                  const int kh, const int kw, const int sh, const int sw,
                                  const int ph, const int pw,
                                  __global const float *x, __global float *y) {
    const int j = get_global_id(0);
    const int i = get_global_id(1);
    const int plane = get_global_id(2);
    if (j >= Wo || i >= Ho) {
        return;
    }
    const int o = (plane * Ho + i) * Wo + j;
    int h0 = i * sh - ph;
    int w0 = j * sw - pw;
    int h1 = min(h0 + kh, H + ph);
    int w1 = min(w0 + kw, W + pw);
    const float divisor = (float) ((h1 - h0) * (w1 - w0));
    h0 = max(h0, 0);
    w0 = max(w0, 0);
    h1 = min(h1, H);
    w1 = min(w1, W);
    __global const float *xp = x + (long) plane * H * W;
    float s = 0.0f;
    for (int p = h0; p < h1; p++) {
        for (int q = w0; q < w1; q++) {
            s += xp[p * W + q];
        }
    }
    y[o] = s / divisor;
}

__kernel void kernel_avg_pool_backward_f32(const int planes, const int H, const int W, const int Ho, const int Wo,
                                           const int kh, const int kw, const int sh, const int sw,
                                           const int ph, const int pw,
                                           __global const float *dy, __global float *dx) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int plane = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int e = (plane * H + p) * W + q;
    const int2 ri = covering(p, kh, sh, ph, Ho);
    const int2 rj = covering(q, kw, sw, pw, Wo);
    __global const float *dyp = dy + (long) plane * Ho * Wo;
    float s = 0.0f;
    for (int i = ri.x; i <= ri.y; i++) {
        const int hh = i * sh - ph;
        const int rows = min(hh + kh, H + ph) - hh;
        for (int j = rj.x; j <= rj.y; j++) {
            const int ww = j * sw - pw;
            const int cols = min(ww + kw, W + pw) - ww;
            s += dyp[i * Wo + j] / (float) (rows * cols);
        }
    }
    dx[e] = s;
}
