// Matrix multiply C = alpha * op(A) * op(B) + beta * C, row-major, on flat buffers with offsets.
// op(A)(m, k) = A[aOff + m*aRs + k*aCs] and op(B)(k, n) = B[bOff + k*bRs + n*bCs]: the strides
// express the transposes (and sub-matrices, as the convolutions' groups need).
// beta == 0 ignores C's old values (NaN included).
//
// Variants (the launcher GemmKernels numbers them):
//   v1 naive: one element of C per work-item, any strides.
//   v2 register-tiled: each work-item a TM x 32 block of C, rows of B read as two float16,
//      fma into TM x 2 float16 accumulators; needs rows of op(B) contiguous (bCs == 1).
//      Dimension 0 runs down the rows of C, so the work-items of a group (and consecutive
//      groups) share one K x 32 panel of B while it is in cache.
//   v4 panel-packed: a TM x TN register tile (TN = 32 as v2, or 16: half a panel) on B packed
//      into 32-column panels, each panel K x 32 contiguous (zero-padded past N): a work-item
//      streams one contiguous panel, which the hardware prefetches and which touches K/32 pages
//      instead of K. The launcher packs B
//      (kernel_pack_panels_f32); the convolutions write their im2col matrix in this layout.
//   v5 row stream: for a few rows of A against row-major B (the batch-1 fully connected layer's
//      backward-data, dx = dy * W): work-item g takes a band of whole rows of B and streams them
//      from memory front to back (four rows at a time), adding A(m, k) * B(k, :) into its own
//      partial row of C for each m (partial[g, m, :], which stays in cache); then
//      kernel_gemm_v5_sum_f32 adds the bands' partial rows into C. Reading B row after row is
//      what the memory system streams best (a band of columns per work-item instead reads
//      K short runs a page apart). Needs rows of op(B) contiguous (bCs == 1).
//   v3 dot: float8-vectorized dot products, each work-item NB columns of op(B) against up to MB
//      rows of op(A); needs rows of op(A) and columns of op(B) contiguous (aCs == 1, bRs == 1):
//      the fully connected layer at small batch, which streams the weights once.

#ifndef TM
#define TM 6
#endif

#ifndef MB
#define MB 8
#endif

// v3's columns of op(B) per work-item
#ifndef NB
#define NB 1
#endif

// v4's tile width: 32 columns (a whole panel) or 16 (half of one)
#ifndef TN
#define TN 32
#endif

inline float gemm_out(const float acc, const float alpha, const float beta, __global const float *c) {
    return beta == 0.0f ? alpha * acc : alpha * acc + beta * c[0];
}

__kernel void kernel_gemm_v1_f32(const int M, const int N, const int K, const float alpha,
                                 __global const float *A, const int aOff, const int aRs, const int aCs,
                                 __global const float *B, const int bOff, const int bRs, const int bCs,
                                 const float beta, __global float *C, const int cOff, const int ldc) {
    const int n = get_global_id(0);
    const int m = get_global_id(1);
    if (n >= N || m >= M) {
        return;
    }
    float acc = 0.0f;
    for (int k = 0; k < K; k++) {
        acc += A[aOff + m * aRs + k * aCs] * B[bOff + k * bRs + n * bCs];
    }
    __global float *c = C + cOff + m * ldc + n;
    c[0] = gemm_out(acc, alpha, beta, c);
}

__kernel void kernel_gemm_v2_f32(const int M, const int N, const int K, const float alpha,
                                 __global const float *A, const int aOff, const int aRs, const int aCs,
                                 __global const float *B, const int bOff, const int ldb,
                                 const float beta, __global float *C, const int cOff, const int ldc) {
    const int row = get_global_id(0) * TM;
    const int col = get_global_id(1) * 32;
    if (col >= N || row >= M) {
        return;
    }
    // rows past M repeat the last row: computed, never stored
    __global const float *ap[TM];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        ap[r] = A + aOff + min(row + r, M - 1) * aRs;
    }
    if (col + 32 <= N) {
        float16 acc0[TM];
        float16 acc1[TM];
#pragma unroll
        for (int r = 0; r < TM; r++) {
            acc0[r] = (float16)(0.0f);
            acc1[r] = (float16)(0.0f);
        }
        __global const float *bp = B + bOff + col;
        for (int k = 0; k < K; k++) {
            const float16 b0 = vload16(0, bp);
            const float16 b1 = vload16(1, bp);
            bp += ldb;
#pragma unroll
            for (int r = 0; r < TM; r++) {
                const float16 a = (float16)(ap[r][k * aCs]);
                acc0[r] = fma(a, b0, acc0[r]);
                acc1[r] = fma(a, b1, acc1[r]);
            }
        }
#pragma unroll
        for (int r = 0; r < TM; r++) {
            if (row + r < M) {
                __global float *c = C + cOff + (row + r) * ldc + col;
                if (beta == 0.0f) {
                    vstore16(alpha * acc0[r], 0, c);
                    vstore16(alpha * acc1[r], 1, c);
                } else {
                    vstore16(alpha * acc0[r] + beta * vload16(0, c), 0, c);
                    vstore16(alpha * acc1[r] + beta * vload16(1, c), 1, c);
                }
            }
        }
    } else {
        // the last, partial block of columns: one column at a time
        for (int n = col; n < N; n++) {
            float acc[TM];
#pragma unroll
            for (int r = 0; r < TM; r++) {
                acc[r] = 0.0f;
            }
            __global const float *bp = B + bOff + n;
            for (int k = 0; k < K; k++) {
                const float b = bp[k * ldb];
#pragma unroll
                for (int r = 0; r < TM; r++) {
                    acc[r] = fma(ap[r][k * aCs], b, acc[r]);
                }
            }
#pragma unroll
            for (int r = 0; r < TM; r++) {
                if (row + r < M) {
                    __global float *c = C + cOff + (row + r) * ldc + n;
                    c[0] = gemm_out(acc[r], alpha, beta, c);
                }
            }
        }
    }
}

__kernel void kernel_gemm_v3_f32(const int M, const int N, const int K, const float alpha,
                                 __global const float *A, const int aOff, const int lda,
                                 __global const float *B, const int bOff, const int ldbT,
                                 const float beta, __global float *C, const int cOff, const int ldc) {
    const int n0 = get_global_id(0) * NB;
    const int m0 = get_global_id(1) * MB;
    if (n0 >= N || m0 >= M) {
        return;
    }
    // up to MB rows of A against NB columns of op(B): each column is read once for all the rows,
    // each row once for all the columns; NB streams of B in flight keep more of the memory
    // system busy than one (fully connected at batch 1: 25-35% faster with NB = 4)
    __global const float *b[NB];
    __global const float *a[MB];
    float8 acc8[MB][NB];
#pragma unroll
    for (int j = 0; j < NB; j++) {
        b[j] = B + bOff + (long) min(n0 + j, N - 1) * ldbT;
    }
#pragma unroll
    for (int r = 0; r < MB; r++) {
        a[r] = A + aOff + min(m0 + r, M - 1) * lda;
#pragma unroll
        for (int j = 0; j < NB; j++) {
            acc8[r][j] = (float8)(0.0f);
        }
    }
    const int k8 = K / 8 * 8;
    for (int k = 0; k < k8; k += 8) {
        float8 bv[NB];
#pragma unroll
        for (int j = 0; j < NB; j++) {
            bv[j] = vload8(0, b[j] + k);
        }
#pragma unroll
        for (int r = 0; r < MB; r++) {
            const float8 av = vload8(0, a[r] + k);
#pragma unroll
            for (int j = 0; j < NB; j++) {
                acc8[r][j] = fma(av, bv[j], acc8[r][j]);
            }
        }
    }
#pragma unroll
    for (int r = 0; r < MB; r++) {
#pragma unroll
        for (int j = 0; j < NB; j++) {
            const float8 v = acc8[r][j];
            float acc = (v.s0 + v.s4) + (v.s1 + v.s5) + (v.s2 + v.s6) + (v.s3 + v.s7);
            for (int k = k8; k < K; k++) {
                acc = fma(a[r][k], b[j][k], acc);
            }
            if (m0 + r < M && n0 + j < N) {
                __global float *c = C + cOff + (m0 + r) * ldc + n0 + j;
                c[0] = gemm_out(acc, alpha, beta, c);
            }
        }
    }
}

// Stores one row of a TM x TN tile of C (a0: its first 16 columns, a1: the next 16 when TN is 32)
// whose first `valid` columns lie inside C.
inline void store_tile_row(__global float *c, const float16 a0, const float16 a1, const int valid,
                           const float alpha, const float beta) {
    if (valid >= TN) {
        if (beta == 0.0f) {
            vstore16(alpha * a0, 0, c);
#if TN == 32
            vstore16(alpha * a1, 1, c);
#endif
        } else {
            vstore16(alpha * a0 + beta * vload16(0, c), 0, c);
#if TN == 32
            vstore16(alpha * a1 + beta * vload16(1, c), 1, c);
#endif
        }
        return;
    }
    float t[32];
    vstore16(a0, 0, t);
    vstore16(a1, 1, t);
    for (int j = 0; j < valid; j++) {
        c[j] = gemm_out(t[j], alpha, beta, c + j);
    }
}

// Dimension 2 runs over a batch of products: product b reads A from aOff + b*aBatch, the panels
// from b*bBatch and writes C from cOff + b*cBatch.
__kernel void kernel_gemm_v4_f32(const int M, const int N, const int K, const float alpha,
                                 __global const float *A, const int aOff, const int aRs, const int aCs,
                                 __global const float *Bp, const float beta, __global float *C, const int cOff,
                                 const int ldc, const int aBatch, const int bBatch, const int cBatch) {
    const int row = get_global_id(0) * TM;
    const int col = get_global_id(1) * TN;
    const int batch = get_global_id(2);
    if (col >= N || row >= M) {
        return;
    }
    A += (long) batch * aBatch;
    Bp += (long) batch * bBatch;
    C += (long) batch * cBatch;
    __global const float *ap[TM];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        ap[r] = A + aOff + min(row + r, M - 1) * aRs;
    }
    float16 acc0[TM];
    float16 acc1[TM];
#pragma unroll
    for (int r = 0; r < TM; r++) {
        acc0[r] = (float16)(0.0f);
        acc1[r] = (float16)(0.0f);
    }
    // the tile's TN columns of its 32-column panel, the next row 32 floats further
    __global const float *bp = Bp + (long) (col >> 5) * K * 32 + (col & 31);
    for (int k = 0; k < K; k++) {
        const float16 b0 = vload16(0, bp);
#if TN == 32
        const float16 b1 = vload16(1, bp);
#endif
        bp += 32;
#pragma unroll
        for (int r = 0; r < TM; r++) {
            const float16 a = (float16)(ap[r][k * aCs]);
            acc0[r] = fma(a, b0, acc0[r]);
#if TN == 32
            acc1[r] = fma(a, b1, acc1[r]);
#endif
        }
    }
    const int valid = min(TN, N - col);
#pragma unroll
    for (int r = 0; r < TM; r++) {
        if (row + r < M) {
            store_tile_row(C + cOff + (row + r) * ldc + col, acc0[r], acc1[r], valid, alpha, beta);
        }
    }
}

// partial[g, m, n] = sum over k in [g*rows, (g+1)*rows) of A(m, k) * B(k, n), for m < M.
__kernel void kernel_gemm_v5_f32(const int M, const int N, const int K, const int rows,
                                 __global const float *A, const int aOff, const int aRs, const int aCs,
                                 __global const float *B, const int bOff, const int ldb,
                                 __global float *partial) {
    const int g = get_global_id(0);
    const int k0 = g * rows;
    if (k0 >= K) {
        return;
    }
    const int k1 = min(k0 + rows, K);
    __global float *pg = partial + (long) g * M * N;
    const int full = N / 16 * 16;
    for (int e = 0; e < M * N; e++) {
        pg[e] = 0.0f;
    }
    int k = k0;
    for (; k + 4 <= k1; k += 4) {
        __global const float *b0 = B + bOff + (long) k * ldb;
        __global const float *b1 = b0 + ldb;
        __global const float *b2 = b1 + ldb;
        __global const float *b3 = b2 + ldb;
        for (int m = 0; m < M; m++) {
            __global const float *a = A + aOff + m * aRs + k * aCs;
            const float a0 = a[0];
            const float a1 = a[aCs];
            const float a2 = a[2 * aCs];
            const float a3 = a[3 * aCs];
            __global float *pm = pg + m * N;
            for (int n = 0; n < full; n += 16) {
                float16 acc = vload16(0, pm + n);
                acc = fma((float16)(a0), vload16(0, b0 + n), acc);
                acc = fma((float16)(a1), vload16(0, b1 + n), acc);
                acc = fma((float16)(a2), vload16(0, b2 + n), acc);
                acc = fma((float16)(a3), vload16(0, b3 + n), acc);
                vstore16(acc, 0, pm + n);
            }
            for (int n = full; n < N; n++) {
                pm[n] = fma(a3, b3[n], fma(a2, b2[n], fma(a1, b1[n], fma(a0, b0[n], pm[n]))));
            }
        }
    }
    for (; k < k1; k++) {
        __global const float *b0 = B + bOff + (long) k * ldb;
        for (int m = 0; m < M; m++) {
            const float a0 = A[aOff + m * aRs + k * aCs];
            __global float *pm = pg + m * N;
            for (int n = 0; n < N; n++) {
                pm[n] = fma(a0, b0[n], pm[n]);
            }
        }
    }
}

// C(m, n) = alpha * sum over the bands g of partial[g, m, n] (+ beta * C): a work-item per element.
__kernel void kernel_gemm_v5_sum_f32(const int M, const int N, const int bands, __global const float *partial,
                                     const float alpha, const float beta, __global float *C, const int cOff,
                                     const int ldc) {
    const int n = get_global_id(0);
    const int m = get_global_id(1);
    if (n >= N || m >= M) {
        return;
    }
    float acc = 0.0f;
    for (int g = 0; g < bands; g++) {
        acc += partial[((long) g * M + m) * N + n];
    }
    __global float *c = C + cOff + m * ldc + n;
    c[0] = gemm_out(acc, alpha, beta, c);
}

// Packs op(B) (K x N, element (k, n) at src[off + k*rs + n*cs]) into 32-column panels:
// dst[(p*K + k)*32 + j] = op(B)(k, p*32 + j), zero past N.
// A 3-D range (k, panel, b): a work-item copies one panel row of 32 values, as two float16 loads
// when the row is contiguous in src (cs == 1) and whole (a work-item per element ran at 1.3 GB/s
// on PoCL); dimension 2 packs a batch of matrices, b's from src[b*srcBatch] into dst[b*dstBatch].
__kernel void kernel_pack_panels_f32(const int K, const int N, __global const float *src, const int off,
                                     const int rs, const int cs, __global float *dst, const int srcBatch,
                                     const int dstBatch) {
    const int k = get_global_id(0);
    const int panel = get_global_id(1);
    const int b = get_global_id(2);
    if (k >= K) {
        return;
    }
    const int n0 = panel * 32;
    __global const float *s = src + off + (long) b * srcBatch + (long) k * rs + (long) n0 * cs;
    __global float *d = dst + (long) b * dstBatch + ((long) panel * K + k) * 32;
    const int valid = min(32, N - n0);
    if (cs == 1 && valid == 32) {
        vstore16(vload16(0, s), 0, d);
        vstore16(vload16(1, s), 1, d);
    } else {
        for (int j = 0; j < valid; j++) {
            d[j] = s[j * cs];
        }
        for (int j = valid; j < 32; j++) {
            d[j] = 0.0f;
        }
    }
}

// kernel_pack_panels_f32 for op(B) stored transposed (rs == 1: element (k, n) at src[off + k +
// n*cs], e.g. F^T for the Gram matrix F F^T): a work-item per (8 consecutive k, panel) reads the
// panel's 32 columns as runs of 8 along k (float8 loads, where the per-element form read 32 floats
// a row apart) and writes its 8 panel rows whole.
__kernel void kernel_pack_panels_t_f32(const int K, const int N, __global const float *src, const int off,
                                       const int cs, __global float *dst) {
    const int k0 = get_global_id(0) * 8;
    const int panel = get_global_id(1);
    if (k0 >= K) {
        return;
    }
    const int n0 = panel * 32;
    const int valid = min(32, N - n0);
    const int rows = min(8, K - k0);
    float t[8][32];
    for (int j = 0; j < 32; j++) {
        float8 v = (float8)(0.0f);
        if (j < valid) {
            __global const float *s = src + off + (long) (n0 + j) * cs + k0;
            if (rows == 8) {
                v = vload8(0, s);
            } else {
                float l[8] = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
                for (int r = 0; r < rows; r++) {
                    l[r] = s[r];
                }
                v = vload8(0, l);
            }
        }
        t[0][j] = v.s0;
        t[1][j] = v.s1;
        t[2][j] = v.s2;
        t[3][j] = v.s3;
        t[4][j] = v.s4;
        t[5][j] = v.s5;
        t[6][j] = v.s6;
        t[7][j] = v.s7;
    }
    for (int r = 0; r < rows; r++) {
        __global float *d = dst + ((long) panel * K + k0 + r) * 32;
        vstore16(vload16(0, t[r]), 0, d);
        vstore16(vload16(1, t[r]), 1, d);
    }
}

// dst (rows x cols, contiguous) = the strided matrix src[srcOff + r*rs + c*cs]: packs op(A) or
// op(B) (or its transpose) into the layout a variant needs.
__kernel void kernel_pack_f32(const int rows, const int cols, __global const float *src, const int srcOff,
                              const int rs, const int cs, __global float *dst) {
    // a work-item per 8 consecutive elements of a row of dst, written as one float8 (explicit
    // vectors: one element per work-item, PoCL gathered and scattered every element); work-items
    // next to each other take the next rows, so that for a transpose (rs == 1) they read
    // neighbouring elements of src
    const int r = get_global_id(0);
    const int c0 = get_global_id(1) * 8;
    if (r >= rows || c0 >= cols) {
        return;
    }
    __global const float *s = src + srcOff + (long) r * rs + (long) c0 * cs;
    __global float *d = dst + (long) r * cols + c0;
    if (c0 + 8 <= cols) {
        vstore8((float8)(s[0], s[cs], s[2 * cs], s[3 * cs], s[4 * cs], s[5 * cs], s[6 * cs], s[7 * cs]), 0, d);
    } else {
        for (int c = 0; c < cols - c0; c++) {
            d[c] = s[(long) c * cs];
        }
    }
}

// s[n] = g[n] + g[n]^T for `items` square C x C matrices (the Gram matrix's backward).
__kernel void kernel_add_transpose_f32(const int items, const int C, __global const float *g, __global float *s) {
    const int e = get_global_id(0);
    if (e >= items * C * C) {
        return;
    }
    const int j = e % C;
    const int i = (e / C) % C;
    const int base = e - i * C - j;
    s[e] = g[e] + g[base + j * C + i];
}
