// 2-D convolution (cross-correlation, Caffe's), its backward passes, and the im2col lowering
// that turns them into GEMMs. Tensors: x N x C x H x W, w K x Cg x kh x kw, y N x K x Ho x Wo,
// Cg = C / groups, Kg = K / groups; out-of-range input positions are zeros.
//
// Variants (the launcher ConvKernels numbers them):
//   v1 naive direct: one output element per work-item for each of forward, backward-data
//      (a gather over the outputs that read the input element) and backward-weights.
//   v2 im2col + GEMM: the input of one item and group lowered to a (Cg*kh*kw) x (Ho*Wo) matrix,
//      then the register-tiled GEMM of gemm.cl; backward-data is W^T * dy followed by col2im
//      (a gather, one work-item per input element).
//   v3 like v2, with the lowered matrix written directly in the 32-column panels of gemm.cl's
//      v4 (kernel_im2col_rows_f32 for forward, kernel_im2col_panels_f32 (col^T) for
//      backward-weights), which streams each panel contiguously; large layers a chunk of output
//      rows at a time.
//   v4 implicit GEMM: nothing is lowered. The input, padded
//      with zeros into a copy (kernel_pad_f32), is read as a grid of Ho x Wp positions (Wp the
//      padded width): at grid position o = i*Wp + j, tap (c, u, v) reads padded element
//      c*Hp*Wp + u*Wp + v + o, so a run of consecutive grid positions reads a run of consecutive
//      inputs, and a row of the GEMM's B is a plain unaligned load. The grid's columns j >= Wo
//      (kw - 1 per row) are computed and never stored. Backward-data is the same kernel on dy
//      padded by kh - 1 - ph, with each group's weights transposed and their taps reversed
//      (kernel_flip_weights_f32). At larger strides, the forward pass reads the padded input's
//      phase planes (kernel_space_to_depth_f32: tap (c, u, v) is a run of phase (u % sh, v % sw)),
//      and backward-data goes through the input's phase planes with zero-padded weights
//      (kernel_phase_weights_f32, kernel_depth_to_space_f32; see ConvKernels).
//      Backward-weights (stride 1) takes dy laid on the same grid: kernel_conv_implicit_bw_f32.
//   v5 Winograd F(2x2, 3x3) (Lavin & Gray) for 3x3 kernels at stride 1 (other shapes as v4): each
//      2x2 block of outputs is A^T [(G g G^T) . (B^T d B)] A of its 4x4 input patch d, so the 36
//      multiply-adds per block and channel pair of the direct form become 16, done as 16 GEMMs
//      (one per position xi of the 4x4 transform, gemm v4 batched): M_xi (K x tiles) = U_xi
//      (K x C) * V_xi (C x tiles). kernel_winograd_weights_f32 computes U, kernel_winograd_input_f32
//      V (from the zero-padded copy, written in gemm v4's panels), kernel_winograd_output_f32 the
//      outputs. The transforms' coefficients are 0, +-1 and +-1/2: no precision is lost beyond
//      the reordered sums.
//   v6 Winograd F(4x4, 3x3): the same on 4x4 blocks of outputs (see kernel_winograd4_*).
//   v7 direct backward-data of 3x3 stride-1 layers into few input channels (an image's
//      gradient), straight from dy: kernel_conv_few_backward_data_f32.
//   v8 pointwise (1x1, stride 1, no padding) forward and backward-data as a GEMM on the NCHW
//      planes in place, bias and ReLU in the store: kernel_conv_pointwise_f32.
//
// The weights that backward-data and Winograd derive (flipped, transformed) are kept by the
// launcher with the weight tensor between calls, while it stays unwritten.

// Helpers that take private arrays are forced inline: called out of line (PoCL did so), the
// arrays live in memory and every accumulator is stored after each update (v7 ran 1.5x slower).
#if defined(__clang__)
#define CONV_INLINE __attribute__((always_inline)) inline
#else
#define CONV_INLINE inline
#endif

__kernel void kernel_conv_v1_forward_f32(const int N, const int C, const int H, const int W,
                                         const int K, const int kh, const int kw, const int Ho, const int Wo,
                                         const int sh, const int sw, const int ph, const int pw, const int groups,
                                         __global const float *x, __global const float *w,
                                         __global const float *bias, const int hasBias, __global float *y) {
    const int o = get_global_id(0);
    if (o >= N * K * Ho * Wo) {
        return;
    }
    const int j = o % Wo;
    const int i = (o / Wo) % Ho;
    const int k = (o / (Wo * Ho)) % K;
    const int n = o / (Wo * Ho * K);
    const int Cg = C / groups;
    const int c0 = (k / (K / groups)) * Cg;
    float acc = 0.0f;
    for (int c = 0; c < Cg; c++) {
        __global const float *xp = x + ((long) n * C + c0 + c) * H * W;
        __global const float *wp = w + ((long) k * Cg + c) * kh * kw;
        for (int u = 0; u < kh; u++) {
            const int p = i * sh - ph + u;
            if (p < 0 || p >= H) {
                continue;
            }
            for (int v = 0; v < kw; v++) {
                const int q = j * sw - pw + v;
                if (q >= 0 && q < W) {
                    acc = fma(wp[u * kw + v], xp[p * W + q], acc);
                }
            }
        }
    }
    y[o] = hasBias ? acc + bias[k] : acc;
}

// dx[n, c, p, q] = sum over k of c's group and (u, v) with p = i*sh - ph + u, q = j*sw - pw + v
// of w[k, c - c0, u, v] * dy[n, k, i, j].
__kernel void kernel_conv_v1_backward_data_f32(const int N, const int C, const int H, const int W,
                                               const int K, const int kh, const int kw, const int Ho, const int Wo,
                                               const int sh, const int sw, const int ph, const int pw,
                                               const int groups,
                                               __global const float *dy, __global const float *w,
                                               __global float *dx) {
    const int e = get_global_id(0);
    if (e >= N * C * H * W) {
        return;
    }
    const int q = e % W;
    const int p = (e / W) % H;
    const int c = (e / (W * H)) % C;
    const int n = e / (W * H * C);
    const int Cg = C / groups;
    const int Kg = K / groups;
    const int g = c / Cg;
    const int cc = c - g * Cg;
    float acc = 0.0f;
    for (int k = g * Kg; k < (g + 1) * Kg; k++) {
        __global const float *dyp = dy + ((long) n * K + k) * Ho * Wo;
        __global const float *wp = w + ((long) k * Cg + cc) * kh * kw;
        for (int u = 0; u < kh; u++) {
            const int t = p + ph - u;
            if (t < 0 || t % sh != 0 || t / sh >= Ho) {
                continue;
            }
            const int i = t / sh;
            for (int v = 0; v < kw; v++) {
                const int s = q + pw - v;
                if (s >= 0 && s % sw == 0 && s / sw < Wo) {
                    acc = fma(wp[u * kw + v], dyp[i * Wo + s / sw], acc);
                }
            }
        }
    }
    dx[e] = acc;
}

// dw[k, c, u, v] (+)= sum over n, i, j of dy[n, k, i, j] * x[n, c0 + c, i*sh - ph + u, j*sw - pw + v]
__kernel void kernel_conv_v1_backward_weights_f32(const int N, const int C, const int H, const int W,
                                                  const int K, const int kh, const int kw, const int Ho,
                                                  const int Wo, const int sh, const int sw, const int ph,
                                                  const int pw, const int groups,
                                                  __global const float *x, __global const float *dy,
                                                  __global float *dw, const int accumulate) {
    const int Cg = C / groups;
    const int e = get_global_id(0);
    if (e >= K * Cg * kh * kw) {
        return;
    }
    const int v = e % kw;
    const int u = (e / kw) % kh;
    const int c = (e / (kw * kh)) % Cg;
    const int k = e / (kw * kh * Cg);
    const int c0 = (k / (K / groups)) * Cg;
    float acc = 0.0f;
    for (int n = 0; n < N; n++) {
        __global const float *xp = x + ((long) n * C + c0 + c) * H * W;
        __global const float *dyp = dy + ((long) n * K + k) * Ho * Wo;
        for (int i = 0; i < Ho; i++) {
            const int p = i * sh - ph + u;
            if (p < 0 || p >= H) {
                continue;
            }
            for (int j = 0; j < Wo; j++) {
                const int q = j * sw - pw + v;
                if (q >= 0 && q < W) {
                    acc = fma(dyp[i * Wo + j], xp[p * W + q], acc);
                }
            }
        }
    }
    dw[e] = accumulate ? dw[e] + acc : acc;
}

// col[(c*kh + u)*kw + v, i*Wo + j] = x[c0 + c, i*sh - ph + u, j*sw - pw + v] for one item
// (xOff points at it); transposed = 1 writes the (Ho*Wo) x (Cg*kh*kw) transpose instead.
__kernel void kernel_im2col_f32(const int Cg, const int H, const int W, const int kh, const int kw,
                                const int Ho, const int Wo, const int sh, const int sw, const int ph, const int pw,
                                __global const float *x, const int xOff, __global float *col, const int transposed) {
    const int e = get_global_id(0);
    const int cols = Ho * Wo;
    const int rows = Cg * kh * kw;
    if (e >= rows * cols) {
        return;
    }
    int r;
    int o;
    if (transposed) {
        r = e % rows;
        o = e / rows;
    } else {
        o = e % cols;
        r = e / cols;
    }
    const int j = o % Wo;
    const int i = o / Wo;
    const int v = r % kw;
    const int u = (r / kw) % kh;
    const int c = r / (kw * kh);
    const int p = i * sh - ph + u;
    const int q = j * sw - pw + v;
    col[e] = (p >= 0 && p < H && q >= 0 && q < W) ? x[xOff + (c * H + p) * W + q] : 0.0f;
}

// v4's tile: TM output channels x TN grid positions per work-item (gemm.cl's v4 tile)
#ifndef TM
#define TM 6
#endif
#ifndef TN
#define TN 16
#endif

// Stores 16 consecutive grid positions o0 .. o0+15 of one output channel (its plane yc, Ho x Wo)
// plus b: grid position o is output (o / Wp, o % Wp), kept when that column is below Wo and the
// row below Ho. A run inside one output row is one float16 store.
CONV_INLINE void conv_implicit_store(__global float *yc, const float16 a, const float b, const int o0, const int Wp,
                                const int Ho, const int Wo) {
    int i = o0 / Wp;
    int j = o0 - i * Wp;
    if (j + 16 <= Wo && i < Ho) {
        vstore16(a + b, 0, yc + i * Wo + j);
        return;
    }
    float t[16];
    vstore16(a, 0, t);
    for (int e = 0; e < 16; e++) {
        if (j < Wo && i < Ho) {
            yc[i * Wo + j] = t[e] + b;
        }
        if (++j == Wp) {
            j = 0;
            i++;
        }
    }
}

// acc0[r] (acc1[r]) += A(r, k) * b0 (b1) for the TM rows of a register tile (rows ap[r]): one
// tap of v4, one input channel of v8.
CONV_INLINE void conv_tile_fma(float16 *acc0, float16 *acc1, __global const float *const *ap, const int k,
                               const float16 b0, const float16 b1) {
#pragma unroll
    for (int r = 0; r < TM; r++) {
        const float16 a = (float16)(ap[r][k]);
        acc0[r] = fma(a, b0, acc0[r]);
#if TN == 32
        acc1[r] = fma(a, b1, acc1[r]);
#endif
    }
}

// One tap of v4: the TN grid positions' inputs from xr on, times column k of A.
CONV_INLINE void conv_implicit_tap(float16 *acc0, float16 *acc1, __global const float *const *ap, const int k,
                                   __global const float *xr) {
#if TN == 32
    conv_tile_fma(acc0, acc1, ap, k, vload16(0, xr), vload16(0, xr + 16));
#else
    const float16 b0 = vload16(0, xr);
    conv_tile_fma(acc0, acc1, ap, k, b0, b0);
#endif
}

// y[n, g*M + m, i, j] = sum over (c, u, v) of A_g(m, (c*kh + u)*kw + v) * xp[n, g*Cin + c, i*sh + u, j*sw + v]
// (+ bias[g*M + m]), the padded input xp given as sh x sw phase planes per channel: plane
// ((n*groups*Cin + g*Cin + c)*sh + a)*sw + b holds xp[.., i*sh + a, j*sw + b] at (i, j)
// (kernel_space_to_depth_f32; at stride 1 the padded planes themselves), planes of Hp x Wp, `plane`
// floats apart, with slack of at least TN + kw floats after the last (read for grid positions that
// are never stored). Tap (c, u, v) reads phase (u % sh, v % sw) at (i + u / sh, j + v / sw): only the
// kernel's own taps, each a run of consecutive floats. A_g is group g's M x (Cin*kh*kw) block of w,
// row-major: the weights as stored for forward, kernel_flip_weights_f32's copy for backward-data. A
// 3-D range (blocks of TN grid positions, row blocks of TM channels, N*groups).
__kernel void kernel_conv_implicit_f32(const int M, const int Cin, const int kh, const int kw, const int sh,
                                       const int sw, const int Hp, const int Wp, const int plane, const int Ho,
                                       const int Wo, const int groups, __global const float *w,
                                       __global const float *xp, __global const float *bias, const int hasBias,
                                       __global float *y) {
    const int o0 = get_global_id(0) * TN;
    const int row = get_global_id(1) * TM;
    const int z = get_global_id(2);
    const int g = z % groups;
    const int grid = Ho * Wp;
    if (row >= M || o0 >= grid) {
        return;
    }
    const int K = Cin * kh * kw;
    // rows past M repeat the last row: computed, never stored
    __global const float *ap[TM];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        ap[r] = w + ((long) g * M + min(row + r, M - 1)) * K;
    }
    float16 acc0[TM];
    float16 acc1[TM];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        acc0[r] = (float16)(0.0f);
        acc1[r] = (float16)(0.0f);
    }
    __global const float *xc = xp + (long) z * Cin * sh * sw * plane + o0;
    if (sh == 1 && sw == 1) {
        // one plane per channel, the taps in the weights' order (a separate loop: the phase loop
        // below ran stride-1 layers 5-10% slower)
        int k = 0;
        for (int c = 0; c < Cin; c++, xc += plane) {
            for (int u = 0; u < kh; u++) {
                __global const float *xr = xc + u * Wp;
                for (int v = 0; v < kw; v++, k++) {
                    conv_implicit_tap(acc0, acc1, ap, k, xr + v);
                }
            }
        }
    } else {
        for (int c = 0; c < Cin; c++) {
            for (int pa = 0; pa < sh; pa++) {
                for (int pb = 0; pb < sw; pb++, xc += plane) {
                    for (int u = pa, ui = 0; u < kh; u += sh, ui++) {
                        __global const float *xr = xc + ui * Wp;
                        const int ku = (c * kh + u) * kw;
                        for (int v = pb, vi = 0; v < kw; v += sw, vi++) {
                            conv_implicit_tap(acc0, acc1, ap, ku + v, xr + vi);
                        }
                    }
                }
            }
        }
    }
    __global float *yz = y + ((long) (z / groups) * groups * M + g * M) * Ho * Wo;
#pragma unroll
    for (int r = 0; r < TM; r++) {
        if (row + r < M) {
            const float b = hasBias ? bias[g * M + row + r] : 0.0f;
            __global float *yc = yz + (long) (row + r) * Ho * Wo;
            conv_implicit_store(yc, acc0[r], b, o0, Wp, Ho, Wo);
#if TN == 32
            conv_implicit_store(yc, acc1[r], b, o0 + 16, Wp, Ho, Wo);
#endif
        }
    }
}

// v8, pointwise convolution (1x1, stride 1, no padding) as a GEMM straight on the NCHW planes:
// for each item n, Y[n] (M x P) = A (M x K) * X[n] (K x P) (+ bias[r], then max(., 0) when relu),
// P = H*W positions; nothing is copied or lowered. A(r, k) = a[r*aRs + k*aCs]: the weights as
// stored (aRs = K, aCs = 1) for the forward pass, W read in place as W^T (aRs = 1, aCs = rows of
// the result) for backward-data. Items are xItem and yItem floats apart, so X and Y may be
// channel slices of wider blobs (a concatenation's part). A 3-D range (blocks of TN positions,
// groups of `tiles` register tiles of TM rows, items): a work-item computes its tiles one after
// another, each over the whole K, so the K x TN block of X that the first tile reads from K planes
// (P floats apart) is in cache for the others. Rows past M repeat the last row: computed, never
// stored; positions past P are not stored, and are read from the next plane where x (xLen floats)
// has it (the last block of a small map: a scalar loop per channel there ran GoogLeNet's 7 x 7
// layers 20% slower), else as zeros.
CONV_INLINE void conv_pointwise_tile(const int M, const int K, const int P, const int row, const int o0,
                                     const bool full, const bool loadFull, __global const float *a, const int aRs, const int aCs,
                                     __global const float *xn, __global const float *bias, const int hasBias,
                                     const int relu, __global float *yn) {
    __global const float *ap[TM];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        ap[r] = a + (long) min(row + r, M - 1) * aRs;
    }
    float16 acc0[TM];
    float16 acc1[TM];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        acc0[r] = (float16)(0.0f);
        acc1[r] = (float16)(0.0f);
    }
    __global const float *xk = xn + o0;
    int ak = 0;
    for (int k = 0; k < K; k++, xk += P, ak += aCs) {
        float16 b0;
        float16 b1 = (float16)(0.0f);
        if (loadFull) {
            b0 = vload16(0, xk);
#if TN == 32
            b1 = vload16(1, xk);
#endif
        } else {
            float t[32];
            for (int e = 0; e < TN; e++) {
                t[e] = o0 + e < P ? xk[e] : 0.0f;
            }
            b0 = vload16(0, t);
#if TN == 32
            b1 = vload16(1, t);
#endif
        }
        conv_tile_fma(acc0, acc1, ap, ak, b0, b1);
    }
#pragma unroll
    for (int r = 0; r < TM; r++) {
        if (row + r < M) {
            const float b = hasBias ? bias[row + r] : 0.0f;
            __global float *yr = yn + (long) (row + r) * P + o0;
            float16 v0 = acc0[r] + b;
            float16 v1 = acc1[r] + b;
            if (relu) {
                v0 = fmax(v0, 0.0f);
                v1 = fmax(v1, 0.0f);
            }
            if (full) {
                vstore16(v0, 0, yr);
#if TN == 32
                vstore16(v1, 1, yr);
#endif
            } else {
                float t[32];
                vstore16(v0, 0, t);
#if TN == 32
                vstore16(v1, 1, t);
#endif
                for (int e = 0; e < TN && o0 + e < P; e++) {
                    yr[e] = t[e];
                }
            }
        }
    }
}

__kernel void kernel_conv_pointwise_f32(const int M, const int K, const int P, const int tiles,
                                        __global const float *a, const int aRs, const int aCs,
                                        __global const float *x, const long xOff, const long xItem, const long xLen,
                                        __global const float *bias, const int hasBias, const int relu,
                                        __global float *y, const long yOff, const long yItem) {
    const int o0 = get_global_id(0) * TN;
    const int row0 = get_global_id(1) * tiles * TM;
    const long n = get_global_id(2);
    if (o0 >= P || row0 >= M) {
        return;
    }
    __global const float *xn = x + xOff + n * xItem;
    __global float *yn = y + yOff + n * yItem;
    const int rowEnd = min(M, row0 + tiles * TM);
    if (o0 + TN <= P) {
        for (int row = row0; row < rowEnd; row += TM) {
            conv_pointwise_tile(M, K, P, row, o0, true, true, a, aRs, aCs, xn, bias, hasBias, relu, yn);
        }
    } else if (xOff + n * xItem + (long) (K - 1) * P + o0 + TN <= xLen) {
        for (int row = row0; row < rowEnd; row += TM) {
            conv_pointwise_tile(M, K, P, row, o0, false, true, a, aRs, aCs, xn, bias, hasBias, relu, yn);
        }
    } else {
        for (int row = row0; row < rowEnd; row += TM) {
            conv_pointwise_tile(M, K, P, row, o0, false, false, a, aRs, aCs, xn, bias, hasBias, relu, yn);
        }
    }
}

// dst (planes x Hp x Wp) = src (planes x H x W) placed at row pt, column pl, zeros around it.
// A 3-D range (column blocks of 8, rows, planes): a work-item writes 8 consecutive elements of
// a row, as one float8 (explicit vectors, as everywhere on runtimes that vectorize across
// work-items).
__kernel void kernel_pad_f32(const int H, const int W, const int pt, const int pl, const int Hp, const int Wp,
                             const int planeStride, __global const float *src, __global float *dst) {
    const int b0 = get_global_id(0) * 8;
    const int a = get_global_id(1);
    const int plane = get_global_id(2);
    if (b0 >= Wp || a >= Hp) {
        return;
    }
    __global float *d = dst + (long) plane * planeStride + a * Wp + b0;
    const int p = a - pt;
    const int q0 = b0 - pl;
    __global const float *s = src + ((long) plane * H + p) * W;
    const bool rowIn = p >= 0 && p < H;
    if (b0 + 8 <= Wp) {
        float8 v;
        if (!rowIn) {
            v = (float8)(0.0f);
        } else if (q0 >= 0 && q0 + 8 <= W) {
            v = vload8(0, s + q0);
        } else {
            float t[8];
            for (int e = 0; e < 8; e++) {
                const int q = q0 + e;
                t[e] = q >= 0 && q < W ? s[q] : 0.0f;
            }
            v = vload8(0, t);
        }
        vstore8(v, 0, d);
        return;
    }
    for (int e = 0; e < Wp - b0; e++) {
        const int q = q0 + e;
        d[e] = rowIn && q >= 0 && q < W ? s[q] : 0.0f;
    }
}

// The weights of backward-data as v4 reads them: wt[g, c, k, t] = w[g*Kg + k, c, taps - 1 - t] (each
// group's W transposed, its taps reversed), so that the kernel reads each row of its A along
// memory. A work-item per (k, c, g) copies the taps of one filter; work-items next to each other
// write next to each other.
__kernel void kernel_flip_weights_f32(const int Cg, const int Kg, const int taps, __global const float *w,
                                      __global float *wt) {
    const int k = get_global_id(0);
    const int c = get_global_id(1);
    const int g = get_global_id(2);
    if (k >= Kg) {
        return;
    }
    __global const float *s = w + ((long) (g * Kg + k) * Cg + c) * taps + taps - 1;
    __global float *d = wt + ((long) (g * Cg + c) * Kg + k) * taps;
    for (int t = 0; t < taps; t++) {
        d[t] = s[-t];
    }
}

// The 3x3 filters of inner indices c0 .. c0+7 as float8 lanes (taps in reverse order when
// flipped): g[e] lane l = f[(c0 + l)*innerStride + tap e]; lanes past C read the last filter (the
// callers do not store them).
CONV_INLINE void winograd_filters(__global const float *f, const int c0, const int C, const int innerStride,
                             const int flipped, float8 g[9]) {
    for (int e = 0; e < 9; e++) {
        const int tap = flipped ? 8 - e : e;
        g[e] = (float8)(f[(long) min(c0, C - 1) * innerStride + tap], f[(long) min(c0 + 1, C - 1) * innerStride + tap],
                        f[(long) min(c0 + 2, C - 1) * innerStride + tap], f[(long) min(c0 + 3, C - 1) * innerStride + tap],
                        f[(long) min(c0 + 4, C - 1) * innerStride + tap], f[(long) min(c0 + 5, C - 1) * innerStride + tap],
                        f[(long) min(c0 + 6, C - 1) * innerStride + tap], f[(long) min(c0 + 7, C - 1) * innerStride + tap]);
    }
}

// U_g[xi, k, c] = (G f G^T)[xi / 4, xi % 4] for the 3x3 filter f of group g, row k and inner index
// c: the 9 floats at w[g*wGroup + k*rowStride + c*innerStride ..], in reverse order when flipped
// (backward-data: row k is an input channel, c an output channel, the filter the forward one
// turned by 180 degrees), with G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]; U_g is the g-th block
// of 16*K*C floats. A work-item per (8 consecutive c, k, g) computes the eight filters' transforms
// as float8 lanes and writes each of the 16 as one float8.
__kernel void kernel_winograd_weights_f32(const int K, const int C, __global const float *w, const int wGroup,
                                          const int rowStride, const int innerStride, const int flipped,
                                          __global float *U) {
    const int c0 = get_global_id(0) * 8;
    const int k = get_global_id(1);
    const int grp = get_global_id(2);
    if (c0 >= C) {
        return;
    }
    U += (long) grp * 16 * K * C;
    float8 g[9];
    winograd_filters(w + (long) grp * wGroup + (long) k * rowStride, c0, C, innerStride, flipped, g);
    // rows: t = G g (4 x 3)
    float8 t[12];
    for (int j = 0; j < 3; j++) {
        t[j] = g[j];
        t[3 + j] = 0.5f * (g[j] + g[3 + j] + g[6 + j]);
        t[6 + j] = 0.5f * (g[j] - g[3 + j] + g[6 + j]);
        t[9 + j] = g[6 + j];
    }
    // columns: u = t G^T (4 x 4)
    float8 u[16];
    for (int i = 0; i < 4; i++) {
        u[4 * i] = t[3 * i];
        u[4 * i + 1] = 0.5f * (t[3 * i] + t[3 * i + 1] + t[3 * i + 2]);
        u[4 * i + 2] = 0.5f * (t[3 * i] - t[3 * i + 1] + t[3 * i + 2]);
        u[4 * i + 3] = t[3 * i + 2];
    }
    for (int xi = 0; xi < 16; xi++) {
        __global float *d = U + ((long) xi * K + k) * C + c0;
        if (c0 + 8 <= C) {
            vstore8(u[xi], 0, d);
        } else {
            float l[8];
            vstore8(u[xi], 0, l);
            for (int e = 0; e < C - c0; e++) {
                d[e] = l[e];
            }
        }
    }
}

// The 16 transforms (B^T d B)[xi / 4, xi % 4] of 8 tiles side by side, their 4x4 patches d at
// rows 0-3 and columns 2e .. 2e + 3 (e < 8) from src, rows Wq apart, B^T = [1 0 -1 0; 0 1 1 0;
// 0 -1 1 0; 0 1 0 -1]: each patch row read as two float16 (the even and odd columns of the 8
// patches).
CONV_INLINE void winograd_input_block(__global const float *src, const int Wq, float8 v[16]) {
    float8 d[16];
    for (int r = 0; r < 4; r++) {
        const float16 lo = vload16(0, src + r * Wq);
        const float16 hi = vload16(0, src + r * Wq + 2);
        d[4 * r] = lo.even;
        d[4 * r + 1] = lo.odd;
        d[4 * r + 2] = hi.even;
        d[4 * r + 3] = hi.odd;
    }
    // rows: e = B^T d
    float8 e[16];
    for (int j = 0; j < 4; j++) {
        e[j] = d[j] - d[8 + j];
        e[4 + j] = d[4 + j] + d[8 + j];
        e[8 + j] = d[8 + j] - d[4 + j];
        e[12 + j] = d[4 + j] - d[12 + j];
    }
    // columns: v = e B
    for (int i = 0; i < 4; i++) {
        v[4 * i] = e[4 * i] - e[4 * i + 2];
        v[4 * i + 1] = e[4 * i + 1] + e[4 * i + 2];
        v[4 * i + 2] = e[4 * i + 2] - e[4 * i + 1];
        v[4 * i + 3] = e[4 * i + 1] - e[4 * i + 3];
    }
}

// Writes the transforms v[0 .. count) of the `valid` tiles t .. t+valid-1 (lanes of each float8)
// into row c of gemm v4's panels of each V[xi] (xiStride floats apart): one float8 per xi where
// all 8 tiles exist and sit in one panel, tile by tile elsewhere.
CONV_INLINE void winograd_store_tiles(__global float *V, const float8 *v, const int count, const int t, const int valid,
                                 const int c, const int C, const long xiStride) {
    if (valid == 8 && (t & 31) <= 24) {
        __global float *dst = V + ((long) (t >> 5) * C + c) * 32 + (t & 31);
        for (int xi = 0; xi < count; xi++) {
            vstore8(v[xi], 0, dst + xi * xiStride);
        }
        return;
    }
    for (int xi = 0; xi < count; xi++) {
        float l[8];
        vstore8(v[xi], 0, l);
        for (int e = 0; e < valid; e++) {
            V[xi * xiStride + ((long) ((t + e) >> 5) * C + c) * 32 + ((t + e) & 31)] = l[e];
        }
    }
}

// V[xi] (C x P, in gemm v4's 32-column panels: element (c, t) at ((xi*np + t/32)*C + c)*32 + t%32)
// = (B^T d B)[xi / 4, xi % 4] for the 4x4 patch d of tile t at rows 2*ti, columns 2*tj of the
// padded input (planes of Hq x Wq, `plane` floats apart; channel c of item n is plane n*Ctot +
// cOff + c). Tiles are numbered t = (n*th + ti)*tw + tj. A work-item per (8 tiles of a tile row,
// ti, n*C + c) (the padded rows are at least 2*roundup(tw, 8) + 2 wide) writes float8s where the 8
// tiles exist and share a panel, else tile by tile.
__kernel void kernel_winograd_input_f32(const int C, const int Ctot, const int cOff, const int Wq, const int plane,
                                        const int th, const int tw, const int np,
                                        __global const float *xp, __global float *V) {
    const int tj0 = get_global_id(0) * 8;
    const int ti = get_global_id(1);
    const int z = get_global_id(2);
    if (tj0 >= tw || ti >= th) {
        return;
    }
    const int n = z / C;
    const int c = z - n * C;
    float8 v[16];
    winograd_input_block(xp + (long) (n * Ctot + cOff + c) * plane + 2 * ti * Wq + 2 * tj0, Wq, v);
    winograd_store_tiles(V, v, 16, (n * th + ti) * tw + tj0, min(8, tw - tj0), c, C, (long) np * C * 32);
}

// kernel_winograd_input_f32 for rows of a multiple of 8 tiles (tw % 8 == 0: VGG16's 224 x 224 and
// 112 x 112 maps), where no block of 8 tiles crosses a row: a work-item per (c, panel) transforms
// the panel's 4 blocks and writes its whole 32-float row of each V[xi], and work-items next to each
// other write rows next to each other (the per-block kernel's 16 scattered 32-byte stores per
// work-item ran at 5 GB/s).
__kernel void kernel_winograd_input_panel_f32(const int C, const int Ctot, const int cOff, const int Wq,
                                              const int plane, const int th, const int tw, const int np,
                                              const int P, __global const float *xp, __global float *V) {
    const int c = get_global_id(0);
    const int panel = get_global_id(1);
    if (c >= C || panel >= np) {
        return;
    }
    const long xiStride = (long) np * C * 32;
    __global float *dst = V + ((long) panel * C + c) * 32;
    for (int b = 0; b < 4; b++) {
        const int t = panel * 32 + b * 8;
        if (t >= P) {
            break;
        }
        const int n = t / (th * tw);
        const int ti = (t - n * th * tw) / tw;
        const int tj0 = t - (n * th + ti) * tw;
        float8 v[16];
        winograd_input_block(xp + (long) (n * Ctot + cOff + c) * plane + 2 * ti * Wq + 2 * tj0, Wq, v);
        for (int xi = 0; xi < 16; xi++) {
            vstore8(v[xi], 0, dst + xi * xiStride + b * 8);
        }
    }
}

// Stores one output row of 8 tiles: a (their left outputs) and b (right ones) interleaved, 16
// values from column q0 of row yr, those below Wo.
CONV_INLINE void winograd_store_row(__global float *yr, const float8 a, const float8 b, const int q0, const int Wo) {
    const float16 v = (float16)(a.s0, b.s0, a.s1, b.s1, a.s2, b.s2, a.s3, b.s3,
                                a.s4, b.s4, a.s5, b.s5, a.s6, b.s6, a.s7, b.s7);
    if (q0 + 16 <= Wo) {
        vstore16(v, 0, yr + q0);
        return;
    }
    float l[16];
    vstore16(v, 0, l);
    for (int e = 0; e < Wo - q0; e++) {
        yr[q0 + e] = l[e];
    }
}

// y[n, kOff + k, 2*ti + a, 2*tj + b] = (A^T m A)[a, b] (+ bias[kOff + k]) for the 16 products m[xi] =
// Mb[(xi*K + k)*P + t] of tile t, A^T = [1 1 1 0; 0 1 -1 -1]; outputs past Ho x Wo are not
// stored. A work-item per (8 tiles of a tile row, ti, n*K + k); lanes past the row's tw tiles read
// the next row's (or up to 7 floats of slack past Mb's end) and are not stored.
__kernel void kernel_winograd_output_f32(const int K, const int Ktot, const int kOff, const int Ho, const int Wo,
                                         const int th, const int tw, const int P, __global const float *Mb,
                                         __global const float *bias, const int hasBias, __global float *y) {
    const int tj0 = get_global_id(0) * 8;
    const int ti = get_global_id(1);
    const int z = get_global_id(2);
    if (tj0 >= tw || ti >= th) {
        return;
    }
    const int n = z / K;
    const int k = z - n * K;
    const int t = (n * th + ti) * tw + tj0;
    float8 m[16];
    for (int xi = 0; xi < 16; xi++) {
        m[xi] = vload8(0, Mb + ((long) xi * K + k) * P + t);
    }
    // rows: s = A^T m (2 x 4)
    float8 s[8];
    for (int j = 0; j < 4; j++) {
        s[j] = m[j] + m[4 + j] + m[8 + j];
        s[4 + j] = m[4 + j] - m[8 + j] - m[12 + j];
    }
    const float b = hasBias ? bias[kOff + k] : 0.0f;
    __global float *yk = y + ((long) n * Ktot + kOff + k) * Ho * Wo;
    for (int r = 0; r < 2; r++) {
        const int p = 2 * ti + r;
        if (p < Ho) {
            const float8 left = s[4 * r] + s[4 * r + 1] + s[4 * r + 2] + b;
            const float8 right = s[4 * r + 1] - s[4 * r + 2] - s[4 * r + 3] + b;
            winograd_store_row(yk + p * Wo, left, right, 2 * tj0, Wo);
        }
    }
}

// The weights of the phase form: wq[k, (c*sh + a)*sw + b, u, v] = w[k, c, u*sh + a, v*sw + b], zero
// past the kernel (u*sh + a >= kh or v*sw + b >= kw). A work-item per element (tap, c', k).
__kernel void kernel_phase_weights_f32(const int Cg, const int kh, const int kw, const int sh, const int sw,
                                       const int qh, const int qw, __global const float *w, __global float *wq) {
    const int t = get_global_id(0);
    const int cq = get_global_id(1);
    const int k = get_global_id(2);
    if (t >= qh * qw || cq >= Cg * sh * sw) {
        return;
    }
    const int u = t / qw;
    const int v = t - u * qw;
    const int b = cq % sw;
    const int a = (cq / sw) % sh;
    const int c = cq / (sw * sh);
    const int r = u * sh + a;
    const int s = v * sw + b;
    wq[((long) k * Cg * sh * sw + cq) * qh * qw + t] = r < kh && s < kw ? w[(((long) k * Cg + c) * kh + r) * kw + s] : 0.0f;
}

// phases[plane (nc*sh + a)*sw + b, i, j] = x[nc, i*sh + a - ph, j*sw + b - pw], zero outside x: the
// input of v4's forward pass at stride (sh, sw), planes of Hp x Wp, `plane` floats apart. A 3-D
// range (blocks of 8 columns j, rows i, planes): a work-item writes 8 consecutive elements of a
// phase row as one float8, at column stride 2 the even lanes of one float16 load (one element per
// work-item, SqueezeNet's input took 0.4 ms here).
__kernel void kernel_space_to_depth_f32(const int H, const int W, const int sh, const int sw, const int ph,
                                        const int pw, const int Hp, const int Wp, const int plane,
                                        __global const float *x, __global float *phases) {
    const int j0 = get_global_id(0) * 8;
    const int i = get_global_id(1);
    const int q = get_global_id(2);
    if (j0 >= Wp || i >= Hp) {
        return;
    }
    const int nc = q / (sh * sw);
    const int a = (q / sw) % sh;
    const int b = q % sw;
    const int p = i * sh + a - ph;
    const int r0 = j0 * sw + b - pw;
    __global const float *s = x + ((long) nc * H + p) * W;
    float8 v;
    if (p < 0 || p >= H) {
        v = (float8)(0.0f);
    } else if (sw == 2 && r0 >= 0 && r0 + 16 <= W) {
        v = vload16(0, s + r0).even;
    } else if (sw == 1 && r0 >= 0 && r0 + 8 <= W) {
        v = vload8(0, s + r0);
    } else {
        float t[8];
        for (int e = 0; e < 8; e++) {
            const int r = r0 + e * sw;
            t[e] = r >= 0 && r < W ? s[r] : 0.0f;
        }
        v = vload8(0, t);
    }
    __global float *d = phases + (long) q * plane + i * Wp + j0;
    if (j0 + 8 <= Wp) {
        vstore8(v, 0, d);
        return;
    }
    float t[8];
    vstore8(v, 0, t);
    for (int e = 0; e < Wp - j0; e++) {
        d[e] = t[e];
    }
}

// dx[n, c, p, q] = dphases[plane (nc*sh + a)*sw + b, i, j] with p + ph = i*sh + a, q + pw = j*sw + b
// (packed planes of Hp x Wp, the gradient of v4's phase planes: see ConvKernels). A work-item
// per element (q, p, n*C + c).
__kernel void kernel_depth_to_space_f32(const int H, const int W, const int sh, const int sw, const int ph,
                                        const int pw, const int Hp, const int Wp, __global const float *dphases,
                                        __global float *dx) {
    const int q = get_global_id(0);
    const int p = get_global_id(1);
    const int nc = get_global_id(2);
    if (q >= W || p >= H) {
        return;
    }
    const int i = (p + ph) / sh;
    const int a = (p + ph) - i * sh;
    const int j = (q + pw) / sw;
    const int b = (q + pw) - j * sw;
    dx[((long) nc * H + p) * W + q] = dphases[(((long) nc * sh + a) * sw + b) * Hp * Wp + i * Wp + j];
}

// Winograd F(4x4, 3x3) (v6): the same scheme as v5 on 4x4 blocks of outputs and their 6x6 input
// patches, 36 products per block and channel pair instead of 144 multiply-adds of the direct form,
// with G = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6; 1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1],
// B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1],
// A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1] (Lavin and Gray). Its larger
// coefficients cost precision: about ten times F(2x2, 3x3)'s rounding error.

// U[xi, k, c] = (G g G^T)[xi / 6, xi % 6]; the filters read as in kernel_winograd_weights_f32.
__kernel void kernel_winograd4_weights_f32(const int K, const int C, __global const float *w, const int wGroup,
                                           const int rowStride, const int innerStride, const int flipped,
                                           __global float *U) {
    const int c0 = get_global_id(0) * 8;
    const int k = get_global_id(1);
    const int grp = get_global_id(2);
    if (c0 >= C) {
        return;
    }
    U += (long) grp * 36 * K * C;
    float8 g[9];
    winograd_filters(w + (long) grp * wGroup + (long) k * rowStride, c0, C, innerStride, flipped, g);
    // rows: t = G g (6 x 3)
    float8 t[18];
    for (int j = 0; j < 3; j++) {
        const float8 a = g[j];
        const float8 b = g[3 + j];
        const float8 c = g[6 + j];
        t[j] = 0.25f * a;
        t[3 + j] = (-1.0f / 6.0f) * (a + b + c);
        t[6 + j] = (-1.0f / 6.0f) * (a - b + c);
        t[9 + j] = (1.0f / 24.0f) * a + (1.0f / 12.0f) * b + (1.0f / 6.0f) * c;
        t[12 + j] = (1.0f / 24.0f) * a - (1.0f / 12.0f) * b + (1.0f / 6.0f) * c;
        t[15 + j] = c;
    }
    // columns: u = t G^T (6 x 6)
    for (int i = 0; i < 6; i++) {
        const float8 a = t[3 * i];
        const float8 b = t[3 * i + 1];
        const float8 c = t[3 * i + 2];
        float8 u[6];
        u[0] = 0.25f * a;
        u[1] = (-1.0f / 6.0f) * (a + b + c);
        u[2] = (-1.0f / 6.0f) * (a - b + c);
        u[3] = (1.0f / 24.0f) * a + (1.0f / 12.0f) * b + (1.0f / 6.0f) * c;
        u[4] = (1.0f / 24.0f) * a - (1.0f / 12.0f) * b + (1.0f / 6.0f) * c;
        u[5] = c;
        for (int j = 0; j < 6; j++) {
            __global float *d = U + ((long) (6 * i + j) * K + k) * C + c0;
            if (c0 + 8 <= C) {
                vstore8(u[j], 0, d);
            } else {
                float l[8];
                vstore8(u[j], 0, l);
                for (int e = 0; e < C - c0; e++) {
                    d[e] = l[e];
                }
            }
        }
    }
}

// B^T applied to six values (a column or a row of a patch), in place.
CONV_INLINE void winograd4_bt(float8 *d0, float8 *d1, float8 *d2, float8 *d3, float8 *d4, float8 *d5) {
    const float8 a0 = *d0, a1 = *d1, a2 = *d2, a3 = *d3, a4 = *d4, a5 = *d5;
    *d0 = 4.0f * a0 - 5.0f * a2 + a4;
    *d1 = -4.0f * (a1 + a2) + a3 + a4;
    *d2 = 4.0f * (a1 - a2) - a3 + a4;
    *d3 = 2.0f * (a3 - a1) - a2 + a4;
    *d4 = 2.0f * (a1 - a3) - a2 + a4;
    *d5 = 4.0f * a1 - 5.0f * a3 + a5;
}

// V[xi] (C x P in gemm v4's panels, as in kernel_winograd_input_f32) = (B^T d B)[xi / 6, xi % 6]
// for the 6x6 patch d of tile t at rows 4*ti, columns 4*tj of the padded input (rows at least
// 4*roundup(tw, 8) + 16 wide: each patch row of 8 tiles is read as three float16). A work-item per
// (8 tiles of a tile row, ti, n*C + c).
__kernel void kernel_winograd4_input_f32(const int C, const int Ctot, const int cOff, const int Wq, const int plane,
                                         const int th, const int tw, const int np,
                                         __global const float *xp, __global float *V) {
    const int tj0 = get_global_id(0) * 8;
    const int ti = get_global_id(1);
    const int z = get_global_id(2);
    if (tj0 >= tw || ti >= th) {
        return;
    }
    const int n = z / C;
    const int c = z - n * C;
    __global const float *src = xp + (long) (n * Ctot + cOff + c) * plane + 4 * ti * Wq + 4 * tj0;
    float8 d[36];
    for (int r = 0; r < 6; r++) {
        const float16 a = vload16(0, src + r * Wq);
        const float16 b = vload16(1, src + r * Wq);
        const float16 e = vload16(2, src + r * Wq);
        // column k of tile l is element 4*l + k of the row
        d[6 * r] = (float8)(a.s0, a.s4, a.s8, a.sc, b.s0, b.s4, b.s8, b.sc);
        d[6 * r + 1] = (float8)(a.s1, a.s5, a.s9, a.sd, b.s1, b.s5, b.s9, b.sd);
        d[6 * r + 2] = (float8)(a.s2, a.s6, a.sa, a.se, b.s2, b.s6, b.sa, b.se);
        d[6 * r + 3] = (float8)(a.s3, a.s7, a.sb, a.sf, b.s3, b.s7, b.sb, b.sf);
        d[6 * r + 4] = (float8)(a.s4, a.s8, a.sc, b.s0, b.s4, b.s8, b.sc, e.s0);
        d[6 * r + 5] = (float8)(a.s5, a.s9, a.sd, b.s1, b.s5, b.s9, b.sd, e.s1);
    }
    // rows (B^T d) then columns (. B)
    for (int k = 0; k < 6; k++) {
        winograd4_bt(&d[k], &d[6 + k], &d[12 + k], &d[18 + k], &d[24 + k], &d[30 + k]);
    }
    for (int i = 0; i < 6; i++) {
        winograd4_bt(&d[6 * i], &d[6 * i + 1], &d[6 * i + 2], &d[6 * i + 3], &d[6 * i + 4], &d[6 * i + 5]);
    }
    winograd_store_tiles(V, d, 36, (n * th + ti) * tw + tj0, min(8, tw - tj0), c, C, (long) np * C * 32);
}

// A^T applied to six values: four results.
CONV_INLINE void winograd4_at(const float8 m0, const float8 m1, const float8 m2, const float8 m3, const float8 m4,
                         const float8 m5, float8 *s0, float8 *s1, float8 *s2, float8 *s3) {
    const float8 p = m1 + m2;
    const float8 q = m1 - m2;
    const float8 r = m3 + m4;
    const float8 s = m3 - m4;
    *s0 = m0 + p + r;
    *s1 = q + 2.0f * s;
    *s2 = p + 4.0f * r;
    *s3 = q + 8.0f * s + m5;
}

// y[n, kOff + k, 4*ti + a, 4*tj + b] = (A^T m A)[a, b] (+ bias) for the 36 products of tile t,
// outputs past Ho x Wo not stored. A work-item per (8 tiles of a tile row, ti, n*K + k); lanes past
// the row's tw tiles read the next row's (or up to 7 floats of slack) and are not stored.
__kernel void kernel_winograd4_output_f32(const int K, const int Ktot, const int kOff, const int Ho, const int Wo,
                                          const int th, const int tw, const int P, __global const float *Mb,
                                          __global const float *bias, const int hasBias, __global float *y) {
    const int tj0 = get_global_id(0) * 8;
    const int ti = get_global_id(1);
    const int z = get_global_id(2);
    if (tj0 >= tw || ti >= th) {
        return;
    }
    const int n = z / K;
    const int k = z - n * K;
    const int t = (n * th + ti) * tw + tj0;
    float8 m[36];
    for (int xi = 0; xi < 36; xi++) {
        m[xi] = vload8(0, Mb + ((long) xi * K + k) * P + t);
    }
    // rows: s = A^T m (4 x 6)
    float8 s[24];
    for (int j = 0; j < 6; j++) {
        winograd4_at(m[j], m[6 + j], m[12 + j], m[18 + j], m[24 + j], m[30 + j], &s[j], &s[6 + j], &s[12 + j],
                     &s[18 + j]);
    }
    const float b = hasBias ? bias[kOff + k] : 0.0f;
    __global float *yk = y + ((long) n * Ktot + kOff + k) * Ho * Wo;
    const int q0 = 4 * tj0;
    for (int r = 0; r < 4; r++) {
        const int p = 4 * ti + r;
        if (p >= Ho) {
            break;
        }
        float8 o0, o1, o2, o3;
        winograd4_at(s[6 * r], s[6 * r + 1], s[6 * r + 2], s[6 * r + 3], s[6 * r + 4], s[6 * r + 5], &o0, &o1, &o2,
                     &o3);
        o0 += b;
        o1 += b;
        o2 += b;
        o3 += b;
        // output column 4*l + j of tile l is lane l of o_j
        const float16 lo = (float16)(o0.s0, o1.s0, o2.s0, o3.s0, o0.s1, o1.s1, o2.s1, o3.s1,
                                     o0.s2, o1.s2, o2.s2, o3.s2, o0.s3, o1.s3, o2.s3, o3.s3);
        const float16 hi = (float16)(o0.s4, o1.s4, o2.s4, o3.s4, o0.s5, o1.s5, o2.s5, o3.s5,
                                     o0.s6, o1.s6, o2.s6, o3.s6, o0.s7, o1.s7, o2.s7, o3.s7);
        __global float *yr = yk + p * Wo;
        if (q0 + 32 <= Wo) {
            vstore16(lo, 0, yr + q0);
            vstore16(hi, 0, yr + q0 + 16);
        } else {
            float l[32];
            vstore16(lo, 0, l);
            vstore16(hi, 1, l);
            for (int e = 0; e < Wo - q0; e++) {
                yr[q0 + e] = l[e];
            }
        }
    }
}

// The transposed im2col matrix col^T (rows = output positions Ho*Wo, columns = Cg*kh*kw) written
// in gemm.cl's 32-column panel layout (for kernel_gemm_v4_f32; backward-weights):
// dst[(p*rows + r)*32 + j] = col^T(r, p*32 + j), zero past the end. One work-item per (row,
// panel) writes the panel's 32 values of that row, stepping the column's coordinates (c, u, v)
// instead of dividing for each (integer division is slow on every device). Output positions
// [oStart, oStart + oCount) only: a chunk. (The forward pass lowers by rows instead,
// kernel_im2col_rows_f32.)
__kernel void kernel_im2col_panels_f32(const int Cg, const int H, const int W, const int kh, const int kw,
                                       const int Ho, const int Wo, const int sh, const int sw, const int ph,
                                       const int pw, __global const float *x, const int xOff,
                                       __global float *dst, const int oStart, const int oCount) {
    const int ckk = Cg * kh * kw;
    const int rows = oCount;
    const int cols = ckk;
    const int rr = get_global_id(0);
    const int panel = get_global_id(1);
    if (rr >= rows || panel * 32 >= cols) {
        return;
    }
    __global float *out = dst + ((long) panel * rows + rr) * 32;
    const int c0 = panel * 32;
    __global const float *xp = x + xOff;
    float t[32];
    // the row fixes the output position (i, j); the 32 columns walk (c, u, v)
    const int i = (oStart + rr) / Wo;
    const int j = (oStart + rr) - i * Wo;
    int v = c0 % kw;
    int u = (c0 / kw) % kh;
    int c = c0 / (kw * kh);
    for (int jj = 0; jj < 32; jj++) {
        float val = 0.0f;
        if (c0 + jj < cols) {
            const int p = i * sh - ph + u;
            const int q = j * sw - pw + v;
            val = (p >= 0 && p < H && q >= 0 && q < W) ? xp[(c * H + p) * W + q] : 0.0f;
        }
        t[jj] = val;
        if (++v == kw) {
            v = 0;
            if (++u == kh) {
                u = 0;
                c++;
            }
        }
    }
    // two 64-byte stores: the panel row is contiguous
    vstore16(vload16(0, t), 0, out);
    vstore16(vload16(1, t), 1, out);
}

// One output row ii (of the chunk) of lowered row r = (c, u, v): the Wo positions of that output
// row, reading one input row from left to right (for stride 1, a shifted copy). Blocks of 8
// outputs that sit inside one panel and read inside the input row move as one float8 store
// (explicit vectors: element by element, runtimes that vectorize across work-items scatter
// every store; with stride 1 the block is a shifted copy, one float8 load); the rest one by one.
CONV_INLINE void im2col_row(__global const float *x, const int xOff, __global float *dst, const int H, const int W,
                       const int Wo, const int sh, const int sw, const int ph, const int pw, const int ckk,
                       const int r, const int c, const int u, const int v, const int i0, const int ii) {
    const int p = (i0 + ii) * sh - ph + u;
    __global const float *xr = x + xOff + (c * H + p) * W;
    if (p < 0 || p >= H) {
        for (int j = 0, o = ii * Wo; j < Wo; j++, o++) {
            dst[((long) (o >> 5) * ckk + r) * 32 + (o & 31)] = 0.0f;
        }
        return;
    }
    int j = 0;
    while (j < Wo) {
        const int o = ii * Wo + j;
        const int q = j * sw + v - pw;
        __global float *d = dst + ((long) (o >> 5) * ckk + r) * 32 + (o & 31);
        if ((o & 7) == 0 && j + 8 <= Wo && q >= 0 && q + 7 * sw < W) {
            float8 t;
            if (sw == 1) {
                t = vload8(0, xr + q);
            } else {
                __global const float *s = xr + q;
                t = (float8)(s[0], s[sw], s[2 * sw], s[3 * sw], s[4 * sw], s[5 * sw], s[6 * sw], s[7 * sw]);
            }
            vstore8(t, 0, d);
            j += 8;
        } else {
            float val = 0.0f;
            if (q >= 0 && q < W) {
                val = xr[q];
            }
            d[0] = val;
            j++;
        }
    }
}

// The lowering of the forward pass (col, not col^T) in the same panel layout, by rows: a
// work-item per (lowered row r, run of rowsPer output rows) writes those output rows, [i0, i0 +
// count/Wo) in all. Several rows per work-item on small maps, where one row (13 positions on
// AlexNet conv3-conv5) is too little work for a work-item. The lanes of the last panel past the
// chunk are not written: the GEMM computes them from whatever they hold and never stores them.
__kernel void kernel_im2col_rows_f32(const int Cg, const int H, const int W, const int kh, const int kw,
                                     const int Ho, const int Wo, const int sh, const int sw, const int ph,
                                     const int pw, __global const float *x, int xOff,
                                     __global float *dst, const int dstGroup, const int i0, const int count,
                                     const int rowsPer) {
    const int r = get_global_id(0);
    const int ckk = Cg * kh * kw;
    const int rows = count / Wo;
    const int ii0 = get_global_id(1) * rowsPer;
    if (r >= ckk || ii0 >= rows) {
        return;
    }
    // dimension 2: the group (its channels Cg planes on, its panels dstGroup floats on)
    xOff += get_global_id(2) * Cg * H * W;
    dst += (long) get_global_id(2) * dstGroup;
    const int v = r % kw;
    const int u = (r / kw) % kh;
    const int c = r / (kw * kh);
    const int ii1 = min(ii0 + rowsPer, rows);
    for (int ii = ii0; ii < ii1; ii++) {
        im2col_row(x, xOff, dst, H, W, Wo, sh, sw, ph, pw, ckk, r, c, u, v, i0, ii);
    }
}

// dx at input position (c, p, q) of one item and group: the sum of the columns that read it.
// Taps u with (p + ph - u) a multiple of sh: u = u0 + t*sh for t = 0, 1, ..., the output row
// i = iFirst - t falling by one each step; the range of t whose row lies in [i0, i1] (and column
// in [0, Wo)) is computed up front, so that the loops have no exits (runtimes that vectorize
// across work-items, PoCL on a CPU, ran a continue/break form 5x slower).
CONV_INLINE float col2im_one(__global const float *col, const int c, const int p, const int q, const int kh,
                        const int kw, const int Wo, const int sh, const int sw, const int ph, const int pw,
                        const int i0, const int i1, const int cols) {
    const int tp = p + ph;
    const int tq = q + pw;
    const int u0 = sh == 1 ? 0 : tp % sh;
    const int v0 = sw == 1 ? 0 : tq % sw;
    const int iFirst = sh == 1 ? tp : tp / sh;
    const int jFirst = sw == 1 ? tq : tq / sw;
    const int tuLo = max(0, iFirst - i1);
    const int tuHi = min((kh - u0 + sh - 1) / sh - 1, iFirst - i0);
    const int tvLo = max(0, jFirst - (Wo - 1));
    const int tvHi = min((kw - v0 + sw - 1) / sw - 1, jFirst);
    float acc = 0.0f;
    for (int tu = tuLo; tu <= tuHi; tu++) {
        const int u = u0 + tu * sh;
        __global const float *cr = col + ((c * kh + u) * kw + v0) * cols + (iFirst - tu - i0) * Wo + jFirst;
        for (int tv = tvLo; tv <= tvHi; tv++) {
            acc += cr[tv * (sw * cols - 1)];
        }
    }
    return acc;
}

// A 3-D range (q / 8, p - pStart, c) over the input positions of one item and group: a
// work-item takes 8 consecutive positions of a row. The columns hold the output rows [i0, i1]
// only (a chunk; (i1 - i0 + 1)*Wo columns), and the range covers the input rows that chunk
// reaches; with accumulate the sums are added to dx (the chunks overlap on the rows between
// them). With stride 1 and all 8 positions away from the row's ends, every tap reads 8
// consecutive columns: one float8 (explicit vectors: element by element, runtimes that vectorize
// across work-items gather every load).
__kernel void kernel_col2im_f32(const int Cg, const int H, const int W, const int kh, const int kw,
                                const int Ho, const int Wo, const int sh, const int sw, const int ph, const int pw,
                                const int i0, const int i1, const int pStart, const int pCount,
                                __global const float *col, __global float *dx, const int dxOff,
                                const int accumulate) {
    const int q0 = get_global_id(0) * 8;
    const int p = pStart + get_global_id(1);
    const int c = get_global_id(2);
    if (q0 >= W || get_global_id(1) >= pCount) {
        return;
    }
    __global float *d = dx + dxOff + (c * H + p) * W + q0;
    const int cols = (i1 - i0 + 1) * Wo;
    if (sw == 1 && q0 + 8 <= W && q0 + pw - (kw - 1) >= 0 && q0 + 7 + pw <= Wo - 1) {
        const int tp = p + ph;
        const int u0 = sh == 1 ? 0 : tp % sh;
        const int iFirst = sh == 1 ? tp : tp / sh;
        const int tuLo = max(0, iFirst - i1);
        const int tuHi = min((kh - u0 + sh - 1) / sh - 1, iFirst - i0);
        float8 acc = (float8)(0.0f);
        for (int tu = tuLo; tu <= tuHi; tu++) {
            const int u = u0 + tu * sh;
            __global const float *cr = col + (c * kh + u) * kw * cols + (iFirst - tu - i0) * Wo + q0 + pw;
            for (int v = 0; v < kw; v++) {
                acc += vload8(0, cr + v * (cols - 1));
            }
        }
        vstore8(accumulate ? vload8(0, d) + acc : acc, 0, d);
        return;
    }
    const int n = min(8, W - q0);
    for (int t = 0; t < n; t++) {
        const float acc = col2im_one(col, c, p, q0 + t, kh, kw, Wo, sh, sw, ph, pw, i0, i1, cols);
        d[t] = accumulate ? d[t] + acc : acc;
    }
}

// v7's block: FR output rows x FM channels per work-item (FR*FM float8 accumulators and the
// FR + 2 rows of dy they read stay in registers: 9 + 5 on a 16-register machine)
#ifndef FR
#define FR 3
#endif
#ifndef FM
#define FM 3
#endif

// One block of v7: dx's 8 columns from x0 (lane 0 reads dy column j0 + v for tap column v), its
// rows q0 + 2 - ph .. (dy rows q0 .. q0 + FR + 1), FM channels whose filters start at wc[m]
// (the next output channel's Cg*9 floats on), summed over the Kg planes of dy from `plane`.
// `masked`: some column the block reads lies outside 0 .. Wo - 1 (read as zeros).
CONV_INLINE void conv_few_block(const bool masked, __global const float *plane, const int Kg, const int Cg, const int Ho,
                           const int Wo, const int q0, const int j0, __global const float *wc[FM],
                           float8 acc[FR][FM]) {
    for (int k = 0; k < Kg; k++, plane += (long) Ho * Wo) {
        const long wk = (long) k * Cg * 9;
#pragma unroll
        for (int v = 0; v < 3; v++) {
            float8 rows[FR + 2];
#pragma unroll
            for (int r = 0; r < FR + 2; r++) {
                const int q = q0 + r;
                if (q < 0 || q >= Ho) {
                    rows[r] = (float8)(0.0f);
                } else if (!masked) {
                    rows[r] = vload8(0, plane + q * Wo + j0 + v);
                } else {
                    float t[8];
                    for (int e = 0; e < 8; e++) {
                        const int j = j0 + v + e;
                        t[e] = j >= 0 && j < Wo ? plane[q * Wo + j] : 0.0f;
                    }
                    rows[r] = vload8(0, t);
                }
            }
            // tap (u, v) of the correlation form is the filter's (2 - u, 2 - v): one broadcast
            // serves FR rows
#pragma unroll
            for (int u = 0; u < 3; u++) {
#pragma unroll
                for (int m = 0; m < FM; m++) {
                    const float8 a = (float8)(wc[m][wk + (2 - u) * 3 + 2 - v]);
#pragma unroll
                    for (int i = 0; i < FR; i++) {
                        acc[i][m] = fma(a, rows[i + u], acc[i][m]);
                    }
                }
            }
        }
    }
}

// v7: backward-data of a 3x3 stride-1 convolution into few channels per group (the gradient of
// an image: VGG16 conv1_1), read straight from dy, no padded copy and no flipped weights:
// dx[n, g*Cg + c, y, x] = sum over (k, u, v) of w[g*Kg + k, c, 2 - u, 2 - v] * dy[n, g*Kg + k,
// y + u + ph - 2, x + v + pw - 2] (dy zero outside; ph, pw at most 2). A work-item computes 8
// columns x FR rows x FM channels; a 3-D range (column blocks, row blocks, n*groups*channel blocks).
__kernel void kernel_conv_few_backward_data_f32(const int Cg, const int Kg, const int H, const int W, const int Ho,
                                                const int Wo, const int ph, const int pw, const int groups,
                                                __global const float *dy, __global const float *w,
                                                __global float *dx) {
    const int x0 = get_global_id(0) * 8;
    const int y0 = get_global_id(1) * FR;
    const int z = get_global_id(2);
    const int blocks = (Cg + FM - 1) / FM;
    const int c0 = (z % blocks) * FM;
    const int ng = z / blocks;
    const int g = ng % groups;
    if (x0 >= W || y0 >= H) {
        return;
    }
    // channels past Cg repeat the last one: computed, never stored
    __global const float *wc[FM];
#pragma unroll
    for (int m = 0; m < FM; m++) {
        wc[m] = w + ((long) g * Kg * Cg + min(c0 + m, Cg - 1)) * 9;
    }
    float8 acc[FR][FM];
#pragma unroll
    for (int i = 0; i < FR; i++) {
#pragma unroll
        for (int m = 0; m < FM; m++) {
            acc[i][m] = (float8)(0.0f);
        }
    }
    const int q0 = y0 + ph - 2;
    const int j0 = x0 + pw - 2;
    __global const float *plane = dy + (long) ng * Kg * Ho * Wo;
    if (j0 >= 0 && j0 + 10 <= Wo) {
        conv_few_block(false, plane, Kg, Cg, Ho, Wo, q0, j0, wc, acc);
    } else {
        conv_few_block(true, plane, Kg, Cg, Ho, Wo, q0, j0, wc, acc);
    }
#pragma unroll
    for (int m = 0; m < FM; m++) {
        if (c0 + m >= Cg) {
            break;
        }
        __global float *d = dx + ((long) ng * Cg + c0 + m) * H * W + x0;
#pragma unroll
        for (int i = 0; i < FR; i++) {
            if (y0 + i < H) {
                if (x0 + 8 <= W) {
                    vstore8(acc[i][m], 0, d + (y0 + i) * W);
                } else {
                    float t[8];
                    vstore8(acc[i][m], 0, t);
                    for (int e = 0; e < W - x0; e++) {
                        d[(y0 + i) * W + e] = t[e];
                    }
                }
            }
        }
    }
}

// v4's backward-weights block: BK output channels x BQ taps per work-item (BK*BQ float8 partial
// sums, BK rows of dy and one tap's run of x in AVX2's 16 registers)
#ifndef BK
#define BK 3
#endif
#ifndef BQ
#define BQ 3
#endif

// v4 backward-weights, nothing lowered: on the grid of v4's forward pass (Ho x Wp positions o =
// i*Wp + j, Wp the padded width), dW[g*Kg + k, q] with q = (c*kh + u)*kw + v is the sum over
// items n and positions o of dyg[n, g*Kg + k, o] * xp[n, g*Cg + c, o + u*Wp + v], dyg being dy
// laid on the grid (zeros in the columns j >= Wo) and xp the padded input; both operands run
// along memory, so the sum is a dot product of float8 runs, reduced across lanes at the end. A
// 3-D range (blocks of BQ taps, groups x blocks of BK channels, items x chunks of `chunk`
// positions, z = chunk*items + n); each work-item writes its partial sums for one chunk of one
// item to partial[z] (groups*Kg x Cg*kh*kw each), which gemm.cl's kernel_gemm_v5_sum_f32 adds up.
__kernel void kernel_conv_implicit_bw_f32(const int Kg, const int Cg, const int kh, const int kw, const int Wp,
                                          const int xPlane, const int dyPlane, const int groups, const int P,
                                          const int chunk, const int items, __global const float *dyg,
                                          __global const float *xp, __global float *partial) {
    const int ckk = Cg * kh * kw;
    const int q0 = get_global_id(0) * BQ;
    const int kBlocks = (Kg + BK - 1) / BK;
    const int g = get_global_id(1) / kBlocks;
    const int k0 = (get_global_id(1) - g * kBlocks) * BK;
    const int z = get_global_id(2);
    const int ci = z / items;
    const int n = z - ci * items;
    const int o0 = ci * chunk;
    if (q0 >= ckk || g >= groups) {
        return;
    }
    const int o1 = min(P, o0 + chunk);
    // rows past Kg and taps past ckk repeat the last one: computed, never stored
    __global const float *a[BK];
    __global const float *b[BQ];
#pragma unroll
    for (int t = 0; t < BK; t++) {
        a[t] = dyg + ((long) (n * groups + g) * Kg + min(k0 + t, Kg - 1)) * dyPlane;
    }
#pragma unroll
    for (int s = 0; s < BQ; s++) {
        const int q = min(q0 + s, ckk - 1);
        const int v = q % kw;
        const int u = (q / kw) % kh;
        const int c = q / (kw * kh);
        b[s] = xp + ((long) (n * groups + g) * Cg + c) * xPlane + u * Wp + v;
    }
    float8 acc[BK][BQ];
#pragma unroll
    for (int t = 0; t < BK; t++) {
#pragma unroll
        for (int s = 0; s < BQ; s++) {
            acc[t][s] = (float8)(0.0f);
        }
    }
    const int o8 = o0 + (o1 - o0) / 8 * 8;
    for (int o = o0; o < o8; o += 8) {
        float8 av[BK];
#pragma unroll
        for (int t = 0; t < BK; t++) {
            av[t] = vload8(0, a[t] + o);
        }
#pragma unroll
        for (int s = 0; s < BQ; s++) {
            const float8 bv = vload8(0, b[s] + o);
#pragma unroll
            for (int t = 0; t < BK; t++) {
                acc[t][s] = fma(av[t], bv, acc[t][s]);
            }
        }
    }
    __global float *dst = partial + (long) z * groups * Kg * ckk + (long) g * Kg * ckk;
#pragma unroll
    for (int t = 0; t < BK; t++) {
#pragma unroll
        for (int s = 0; s < BQ; s++) {
            const float8 w = acc[t][s];
            float sum = (w.s0 + w.s4) + (w.s1 + w.s5) + (w.s2 + w.s6) + (w.s3 + w.s7);
            for (int o = o8; o < o1; o++) {
                sum = fma(a[t][o], b[s][o], sum);
            }
            if (k0 + t < Kg && q0 + s < ckk) {
                dst[(long) (k0 + t) * ckk + q0 + s] = sum;
            }
        }
    }
}
