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
//   v4 panel-packed: v2's register tile on B packed into 32-column panels, each panel K x 32
//      contiguous (zero-padded past N): a work-item streams one contiguous panel, which the
//      hardware prefetches and which touches K/32 pages instead of K. The launcher packs B
//      (kernel_pack_panels_f32); the convolutions write their im2col matrix in this layout.
//   v5 wide rows: for a few rows of A against row-major B (the batch-1 fully connected layer's
//      backward-data, dx = dy * W): each work-item one row of C and WIDE*16 columns, reading
//      B's rows as long contiguous runs (WIDE float16 per row), so B streams from memory once
//      per row of A; needs rows of op(B) contiguous (bCs == 1).
//   v3 dot: float8-vectorized dot products, each work-item one column of op(B) against up to MB
//      rows of op(A); needs rows of op(A) and columns of op(B) contiguous (aCs == 1, bRs == 1):
//      the fully connected layer at small batch, which streams the weights once.

#ifndef TM
#define TM 6
#endif

#ifndef MB
#define MB 8
#endif

#ifndef WIDE
#define WIDE 16
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
    const int n = get_global_id(0);
    const int m0 = get_global_id(1) * MB;
    if (n >= N || m0 >= M) {
        return;
    }
    // up to MB rows of A against one column of op(B): the column is read once for all of them
    __global const float *b = B + bOff + n * ldbT;
    __global const float *a[MB];
    float8 acc8[MB];
#pragma unroll
    for (int r = 0; r < MB; r++) {
        a[r] = A + aOff + min(m0 + r, M - 1) * lda;
        acc8[r] = (float8)(0.0f);
    }
    const int k8 = K / 8 * 8;
    for (int k = 0; k < k8; k += 8) {
        const float8 bv = vload8(0, b + k);
#pragma unroll
        for (int r = 0; r < MB; r++) {
            acc8[r] = fma(vload8(0, a[r] + k), bv, acc8[r]);
        }
    }
#pragma unroll
    for (int r = 0; r < MB; r++) {
        const float8 v = acc8[r];
        float acc = (v.s0 + v.s4) + (v.s1 + v.s5) + (v.s2 + v.s6) + (v.s3 + v.s7);
        for (int k = k8; k < K; k++) {
            acc = fma(a[r][k], b[k], acc);
        }
        if (m0 + r < M) {
            __global float *c = C + cOff + (m0 + r) * ldc + n;
            c[0] = gemm_out(acc, alpha, beta, c);
        }
    }
}

// Stores a TM x 32 tile of C whose first `valid` columns lie inside C.
inline void store_tile_row(__global float *c, const float16 a0, const float16 a1, const int valid,
                           const float alpha, const float beta) {
    if (valid >= 32) {
        if (beta == 0.0f) {
            vstore16(alpha * a0, 0, c);
            vstore16(alpha * a1, 1, c);
        } else {
            vstore16(alpha * a0 + beta * vload16(0, c), 0, c);
            vstore16(alpha * a1 + beta * vload16(1, c), 1, c);
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

__kernel void kernel_gemm_v4_f32(const int M, const int N, const int K, const float alpha,
                                 __global const float *A, const int aOff, const int aRs, const int aCs,
                                 __global const float *Bp, const float beta, __global float *C, const int cOff,
                                 const int ldc) {
    const int row = get_global_id(0) * TM;
    const int panel = get_global_id(1);
    const int col = panel * 32;
    if (col >= N || row >= M) {
        return;
    }
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
    __global const float *bp = Bp + (long) panel * K * 32;
    for (int k = 0; k < K; k++) {
        const float16 b0 = vload16(0, bp);
        const float16 b1 = vload16(1, bp);
        bp += 32;
#pragma unroll
        for (int r = 0; r < TM; r++) {
            const float16 a = (float16)(ap[r][k * aCs]);
            acc0[r] = fma(a, b0, acc0[r]);
            acc1[r] = fma(a, b1, acc1[r]);
        }
    }
    const int valid = min(32, N - col);
#pragma unroll
    for (int r = 0; r < TM; r++) {
        if (row + r < M) {
            store_tile_row(C + cOff + (row + r) * ldc + col, acc0[r], acc1[r], valid, alpha, beta);
        }
    }
}

__kernel void kernel_gemm_v5_f32(const int M, const int N, const int K, const float alpha,
                                 __global const float *A, const int aOff, const int aRs, const int aCs,
                                 __global const float *B, const int bOff, const int ldb,
                                 const float beta, __global float *C, const int cOff, const int ldc) {
    const int col = get_global_id(0) * (WIDE * 16);
    const int m = get_global_id(1);
    if (col >= N || m >= M) {
        return;
    }
    __global const float *a = A + aOff + m * aRs;
    __global float *c = C + cOff + m * ldc + col;
    if (col + WIDE * 16 <= N) {
        float16 acc[WIDE];
#pragma unroll
        for (int t = 0; t < WIDE; t++) {
            acc[t] = (float16)(0.0f);
        }
        __global const float *bp = B + bOff + col;
        for (int k = 0; k < K; k++) {
            const float16 av = (float16)(a[k * aCs]);
#pragma unroll
            for (int t = 0; t < WIDE; t++) {
                acc[t] = fma(av, vload16(t, bp), acc[t]);
            }
            bp += ldb;
        }
#pragma unroll
        for (int t = 0; t < WIDE; t++) {
            if (beta == 0.0f) {
                vstore16(alpha * acc[t], t, c);
            } else {
                vstore16(alpha * acc[t] + beta * vload16(t, c), t, c);
            }
        }
    } else {
        // the last, partial run of columns
        for (int j = 0; j < N - col; j++) {
            float acc = 0.0f;
            __global const float *bp = B + bOff + col + j;
            for (int k = 0; k < K; k++) {
                acc = fma(a[k * aCs], bp[k * ldb], acc);
            }
            c[j] = gemm_out(acc, alpha, beta, c + j);
        }
    }
}

// Packs op(B) (K x N, element (k, n) at src[off + k*rs + n*cs]) into 32-column panels:
// dst[(p*K + k)*32 + j] = op(B)(k, p*32 + j), zero past N.
// A 3-D range (j, k, panel): no work-item divides.
__kernel void kernel_pack_panels_f32(const int K, const int N, __global const float *src, const int off,
                                     const int rs, const int cs, __global float *dst) {
    const int j = get_global_id(0);
    const int k = get_global_id(1);
    const int panel = get_global_id(2);
    if (j >= 32) {
        return;
    }
    const int n = panel * 32 + j;
    dst[((long) panel * K + k) * 32 + j] = n < N ? src[off + k * rs + n * cs] : 0.0f;
}

// dst (rows x cols, contiguous) = the strided matrix src[srcOff + r*rs + c*cs]: packs op(A) or
// op(B) (or its transpose) into the layout a variant needs.
__kernel void kernel_pack_f32(const int rows, const int cols, __global const float *src, const int srcOff,
                              const int rs, const int cs, __global float *dst) {
    const int c = get_global_id(0);
    const int r = get_global_id(1);
    if (c < cols && r < rows) {
        dst[r * cols + c] = src[srcOff + r * rs + c * cs];
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
