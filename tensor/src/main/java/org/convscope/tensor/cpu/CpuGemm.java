package org.convscope.tensor.cpu;

import java.util.stream.IntStream;

import org.convscope.tensor.Shape;

/**
 * Matrix multiply on the CPU: a plain-loop reference and a fast multithreaded form; the Gram matrix.
 *
 * <p>Every form computes, row-major with leading dimensions,
 * {@code C[i,j] = alpha * sum_p op(A)[i,p] * op(B)[p,j] + beta * C[i,j]} for {@code i < m, j < n, p < k},
 * where {@code op(A)[i,p] = A[aOff + i*lda + p]}, or {@code A[aOff + p*lda + i]} when {@code transA},
 * and {@code op(B)[p,j] = B[bOff + p*ldb + j]}, or {@code B[bOff + j*ldb + p]} when {@code transB}.
 * {@code beta == 0} ignores C's old values, NaN included. A, B and C must not overlap.
 *
 * <p>How the fast form is fast, in plain Java: C is cut into blocks of at most {@link #MC} rows by
 * {@link #NC} columns, one task each, spread over the common fork-join pool. A task sums its block
 * in a private tile (one {@code float[]} per row) over slices of {@link #KC} of the inner dimension;
 * each slice of op(B) is copied into a panel of row arrays. The innermost loop,
 * {@code t[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]}, reads only arrays indexed by the
 * loop variable itself: that is the form HotSpot's C2 (JDK 17) turns into AVX-512 code. An offset
 * into the same array (such as {@code b[off + j]}, {@code b[off + nc + j]}) stops it. The four
 * panel rows stay in L1 while the tile rows stream from L2, one load and one store per four
 * multiply-adds. The inner loop wants to be long: when C has few columns and more rows (a conv
 * layer with 13x13 maps), the fast form computes C^T = op(B)^T op(A)^T and writes it back transposed.
 * op(B) is packed once per call and shared by all row blocks (per block only when it is larger
 * than {@link #SHARED_B_MAX_FLOATS}). A product of at most {@link #SKINNY} rows with B transposed
 * (a fully connected layer at batch 1) is a set of dot products instead: no packing, B read once.
 *
 * <p>Measured on the reference machine (2 Zen 4 cores): the inner loop alone runs at 65-80
 * GFLOP/s per thread; whole products at about 100-135 GFLOP/s on both threads when the
 * machine is otherwise idle (the benchmark module has the figures).
 */
final class CpuGemm {
    /** The forms of {@link #gemm}; tests loop over all of them. */
    enum Variant {
        /** Triple loop in double precision: obviously right, slow. */
        REFERENCE,
        /** Blocked, packed, vectorizable, multithreaded. */
        FAST
    }

    /** Rows of C per task. */
    static final int MC = 64;
    /** Columns of C per task (at most). */
    static final int NC = 512;
    /** Inner-dimension slice packed at a time. */
    static final int KC = 128;
    /** Below this many multiply-adds a call runs on the calling thread alone. */
    private static final long PARALLEL_MIN_MADDS = 1L << 18;

    /** Largest op(B) packed once per call and shared by the threads (32 MB); larger ones are packed per block. */
    static final long SHARED_B_MAX_FLOATS = 8L << 20;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The calling thread's shared panels (grown on demand, kept between calls). */
    private static final ThreadLocal<float[][][]> SHARED_PANELS = ThreadLocal.withInitial(() -> new float[][][]{new float[0][]});

    private CpuGemm() {
    }

    /** Row-major {@code C = alpha op(A) op(B) + beta C} on arrays starting at the given offsets (the fast form). */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        gemm(Variant.FAST, transA, transB, m, n, k, alpha, a, aOff, transA ? m : k, b, bOff, transB ? k : n,
                beta, c, cOff, n);
    }

    /** The full form: a variant, and leading dimensions (the distance between rows as stored). */
    static void gemm(Variant variant, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                     float[] c, int cOff, int ldc) {
        switch (variant) {
            case REFERENCE -> reference(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            case FAST -> fast(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    // ---------------------------------------------------------------- reference

    static void reference(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                          float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += (double) av * bv;
                }
                int ci = cOff + i * ldc + j;
                double old = beta == 0 ? 0 : (double) beta * c[ci];
                c[ci] = (float) (alpha * s + old);
            }
        }
    }

    // ---------------------------------------------------------------- fast

    static void fast(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                     float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (transB && m <= SKINNY) {
            skinny(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Job job = n < NARROW && m > n
                // C^T = op(B)^T op(A)^T: the long side becomes the inner loop
                ? new Job(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc, true)
                : new Job(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false);
        job.run();
    }

    /**
     * At most this many rows of C with B transposed (a fully connected layer at batch 1..4, weights
     * stored output x input): each {@code C[i,j]} is a dot product of two contiguous rows, which
     * reads B once, straight from memory, instead of copying it into transposed panels.
     */
    static final int SKINNY = 4;

    /** {@code C[i,j] = alpha * dot(op(A) row i, B row j) + beta * C[i,j]}, parallel over columns of C. */
    private static void skinny(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[][] rowsA = new float[m][k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                rowsA[i][p] = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            }
        }
        int chunk = 64;
        int chunks = (n + chunk - 1) / chunk;
        java.util.function.IntConsumer work = t -> {
            for (int j = t * chunk; j < Math.min(n, (t + 1) * chunk); j++) {
                for (int i = 0; i < m; i++) {
                    float d = dot(rowsA[i], b, bOff + j * ldb, k);
                    int ci = cOff + i * ldc + j;
                    c[ci] = beta == 0 ? alpha * d : alpha * d + beta * c[ci];
                }
            }
        };
        if ((long) m * n * k < PARALLEL_MIN_MADDS) {
            IntStream.range(0, chunks).forEach(work);
        } else {
            IntStream.range(0, chunks).parallel().forEach(work);
        }
    }

    /** {@code sum_p x[p] * y[yOff + p]} with eight running sums (the loads pipeline; memory is the limit). */
    private static float dot(float[] x, float[] y, int yOff, int k) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int p = 0;
        for (; p + 8 <= k; p += 8) {
            int q = yOff + p;
            s0 += x[p] * y[q];
            s1 += x[p + 1] * y[q + 1];
            s2 += x[p + 2] * y[q + 2];
            s3 += x[p + 3] * y[q + 3];
            s4 += x[p + 4] * y[q + 4];
            s5 += x[p + 5] * y[q + 5];
            s6 += x[p + 6] * y[q + 6];
            s7 += x[p + 7] * y[q + 7];
        }
        for (; p < k; p++) {
            s0 += x[p] * y[yOff + p];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Below this many columns the inner loop is short; if there are more rows, C^T is computed instead. */
    static final int NARROW = 256;

    /**
     * One product {@code C = alpha op(A) op(B) + beta C} cut into blocks; with {@code transC} the
     * m x n result is written to C transposed ({@code C[j*ldc + i]}).
     */
    private record Job(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                       float[] c, int cOff, int ldc, boolean transC) {

        void run() {
            long madds = (long) m * n * k;
            run(madds < PARALLEL_MIN_MADDS ? 1 : Runtime.getRuntime().availableProcessors());
        }

        /** Runs the product on {@code threads} threads (1: on the calling thread alone). */
        void run(int threads) {
            // Enough tasks to keep every thread busy and balanced (4 per thread): fewer rows per
            // block first (the kernel does not mind), then fewer columns (it does: shorter inner loops).
            int want = threads == 1 ? 1 : 4 * threads;
            int nc = Math.min(NC, n);
            int colBlocks = (n + nc - 1) / nc;
            int rowsWanted = (want + colBlocks - 1) / colBlocks;
            int mc = Math.min(Math.min(MC, m), Math.max(8, roundUp((m + rowsWanted - 1) / rowsWanted, 4)));
            int rowBlocks = (m + mc - 1) / mc;
            if (rowBlocks * colBlocks < want) {
                int cols = (want + rowBlocks - 1) / rowBlocks;
                nc = Math.min(n, Math.max(128, roundUp((n + cols - 1) / cols, 16)));
                colBlocks = (n + nc - 1) / nc;
            }
            int tasks = rowBlocks * colBlocks;
            int height = mc;
            int width = nc;
            int cb = colBlocks;
            boolean parallel = threads > 1 && tasks > 1;
            // op(B) packed once for all row blocks, when there are several and it is not huge;
            // else each block packs its own slices (the same copies, repeated per row block)
            float[][] shared = null;
            if (rowBlocks > 1 && (long) k * colBlocks * nc <= SHARED_B_MAX_FLOATS) {
                float[][] pb = sharedPanels(k * colBlocks, nc);
                int slices = (k + KC - 1) / KC;
                java.util.function.IntConsumer pack = t -> {
                    int jb = t / slices;
                    int p0 = (t % slices) * KC;
                    packB(transB, b, bOff, ldb, p0, Math.min(KC, k - p0), jb * width,
                            Math.min(width, n - jb * width), pb, jb * k + p0);
                };
                if (parallel) {
                    IntStream.range(0, cb * slices).parallel().forEach(pack);
                } else {
                    IntStream.range(0, cb * slices).forEach(pack);
                }
                shared = pb;
            }
            float[][] packed = shared;
            try {
                if (!parallel) {
                    for (int t = 0; t < tasks; t++) {
                        block(t / cb, t % cb, height, width, packed);
                    }
                } else {
                    IntStream.range(0, tasks).parallel().forEach(t -> block(t / cb, t % cb, height, width, packed));
                }
            } finally {
                if (packed != null) {
                    SHARED_PANELS.get()[0] = packed;
                }
            }
        }

        /**
         * One block of C: rows {@code [ib*mc, +mc)}, columns {@code [jb*nc, +nc)}, clipped; {@code packed}
         * holds op(B) already packed (column block jb's row p at {@code packed[jb*k + p]}), or is null.
         */
        private void block(int ib, int jb, int mc, int nc, float[][] packed) {
            int i0 = ib * mc;
            int rows = Math.min(mc, m - i0);
            int j0 = jb * nc;
            int w = Math.min(nc, n - j0);
            Scratch s = SCRATCH.get();
            float[][] tile = s.tile;
            float[][] panel = s.panel;
            float[] ap = s.aPack;
            for (int i = 0; i < rows; i++) {
                java.util.Arrays.fill(tile[i], 0, w, 0f);
            }
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                packA(transA, a, aOff, lda, i0, rows, p0, kc, ap);
                if (packed == null) {
                    packB(transB, b, bOff, ldb, p0, kc, j0, w, panel, 0);
                    kernel(ap, panel, 0, kc, tile, rows, w);
                } else {
                    kernel(ap, packed, jb * k + p0, kc, tile, rows, w);
                }
            }
            // C = alpha * tile + beta * C
            for (int i = 0; i < rows; i++) {
                float[] t = tile[i];
                int ci = transC ? cOff + j0 * ldc + i0 + i : cOff + (i0 + i) * ldc + j0;
                int step = transC ? ldc : 1;
                if (beta == 0) {
                    for (int j = 0; j < w; j++) {
                        c[ci + j * step] = alpha * t[j];
                    }
                } else {
                    for (int j = 0; j < w; j++) {
                        c[ci + j * step] = alpha * t[j] + beta * c[ci + j * step];
                    }
                }
            }
        }
    }

    private static int roundUp(int v, int q) {
        return (v + q - 1) / q * q;
    }

    /** {@code panel[at + p][j] = op(B)[p0 + p, j0 + j]} for {@code p < kc, j < w}. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int w,
                              float[][] panel, int at) {
        if (!transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOff + (p0 + p) * ldb + j0, panel[at + p], 0, w);
            }
        } else {
            // source rows are read contiguously (measured faster than contiguous writes here)
            for (int j = 0; j < w; j++) {
                int src = bOff + (j0 + j) * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    panel[at + p][j] = b[src + p];
                }
            }
        }
    }

    /**
     * Takes this thread's shared-panel buffer, with at least {@code rows} rows of at least
     * {@code width} floats, until the call puts it back. Rows grow one by one, so memory stays
     * within the two largest calls' panels, not their product. A nested call on the same thread
     * (a fork-join worker that helps with another product while it waits) finds none and makes
     * its own, so two calls never share one.
     */
    private static float[][] sharedPanels(int rows, int width) {
        float[][][] holder = SHARED_PANELS.get();
        float[][] pb = holder[0] == null ? new float[0][] : holder[0];
        holder[0] = null;
        if (pb.length < rows) {
            pb = java.util.Arrays.copyOf(pb, rows);
        }
        for (int r = 0; r < rows; r++) {
            if (pb[r] == null || pb[r].length < width) {
                pb[r] = new float[width];
            }
        }
        return pb;
    }

    /** {@code ap[i*kc + p] = op(A)[i0 + i, p0 + p]}: the block's rows of A, each slice contiguous. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
                              float[] ap) {
        if (!transA) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(a, aOff + (i0 + i) * lda + p0, ap, i * kc, kc);
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int src = aOff + (p0 + p) * lda + i0;
                for (int i = 0; i < rows; i++) {
                    ap[i * kc + p] = a[src + i];
                }
            }
        }
    }

    /**
     * {@code tile[i][j] += sum_p ap[i*kc + p] * panel[at + p][j]}: four rows of the panel at a time,
     * each pass over every row of the tile (the four panel rows stay in L1).
     */
    private static void kernel(float[] ap, float[][] panel, int at, int kc, float[][] tile, int rows, int w) {
        int p = 0;
        for (; p + 4 <= kc; p += 4) {
            float[] b0 = panel[at + p];
            float[] b1 = panel[at + p + 1];
            float[] b2 = panel[at + p + 2];
            float[] b3 = panel[at + p + 3];
            for (int i = 0; i < rows; i++) {
                float[] t = tile[i];
                int ai = i * kc + p;
                float a0 = ap[ai];
                float a1 = ap[ai + 1];
                float a2 = ap[ai + 2];
                float a3 = ap[ai + 3];
                for (int j = 0; j < w; j++) {
                    t[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                }
            }
        }
        for (; p < kc; p++) {
            float[] b0 = panel[at + p];
            for (int i = 0; i < rows; i++) {
                float[] t = tile[i];
                float a0 = ap[i * kc + p];
                for (int j = 0; j < w; j++) {
                    t[j] += a0 * b0[j];
                }
            }
        }
    }

    /** Per-thread buffers of the fast form, allocated once at their largest size (about 450 KB). */
    private static final class Scratch {
        final float[][] tile = new float[MC][NC];
        final float[][] panel = new float[KC][NC];
        final float[] aPack = new float[MC * KC];
    }

    // ---------------------------------------------------------------- Gram matrix

    /**
     * Parts the inner dimension (the positions) of a Gram matrix is cut into by the fast form when
     * it is long: each part's {@code F_p F_p^T} is one product on one thread, the parts run in
     * parallel and are summed in order (so the result does not depend on the thread count). One
     * product over all positions has only C x C outputs to share among the threads and packs a
     * long transposed B: VGG16 conv1_1's Gram (64 x 65536) ran at a third of the GEMM's rate, and
     * 2.4x faster split (conv2_1's, 128 x 16384, 1.7x).
     */
    static final int GRAM_PARTS = 8;

    /** Positions below which a Gram matrix is one product. */
    static final int GRAM_SPLIT_MIN = GRAM_PARTS * KC;

    /**
     * Channels above which a Gram matrix is one product: from 256 channels up the product has
     * enough rows for the threads and splitting measured no faster.
     */
    static final int GRAM_SPLIT_MAX_C = 2 * MC;

    /**
     * {@code g[n] = F F^T} for each item, {@code F} the C x HW matrix of item n (the fast GEMM with
     * B = A transposed).
     */
    static void gram(float[] x, Shape s, float[] g) {
        gram(Variant.FAST, x, s, g);
    }

    static void gram(Variant variant, float[] x, Shape s, float[] g) {
        int c = s.c();
        int hw = s.h() * s.w();
        for (int item = 0; item < s.n(); item++) {
            if (variant == Variant.FAST && c > SKINNY && c <= GRAM_SPLIT_MAX_C && hw >= GRAM_SPLIT_MIN) {
                gramSplit(x, item * c * hw, c, hw, g, item * c * c);
                continue;
            }
            gemm(variant, false, true, c, c, hw, 1f, x, item * c * hw, hw, x, item * c * hw, hw, 0f,
                    g, item * c * c, c);
        }
    }

    /** {@code g = F F^T} as the sum of {@link #GRAM_PARTS} products over slices of the positions. */
    private static void gramSplit(float[] x, int xOff, int c, int hw, float[] g, int gOff) {
        int chunk = roundUp((hw + GRAM_PARTS - 1) / GRAM_PARTS, 16);
        float[][] partial = new float[GRAM_PARTS][];
        IntStream.range(0, GRAM_PARTS).parallel().forEach(p -> {
            int k0 = Math.min(hw, p * chunk);
            int k1 = Math.min(hw, k0 + chunk);
            float[] t = new float[c * c];
            if (k1 > k0) {
                new Job(false, true, c, c, k1 - k0, 1f, x, xOff + k0, hw, x, xOff + k0, hw, 0f, t, 0, c, false).run(1);
            }
            partial[p] = t;
        });
        for (int i = 0; i < c * c; i++) {
            float sum = 0f;
            for (float[] t : partial) {
                sum += t[i];
            }
            g[gOff + i] = sum;
        }
    }

    /** {@code dx[n] = (dg[n] + dg[n]^T) F[n]}. */
    static void gramBackward(float[] x, Shape s, float[] dg, float[] dx) {
        gramBackward(Variant.FAST, x, s, dg, dx);
    }

    static void gramBackward(Variant variant, float[] x, Shape s, float[] dg, float[] dx) {
        int c = s.c();
        int hw = s.h() * s.w();
        float[] sym = new float[c * c];
        for (int item = 0; item < s.n(); item++) {
            int gOff = item * c * c;
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    sym[i * c + j] = dg[gOff + i * c + j] + dg[gOff + j * c + i];
                }
            }
            gemm(variant, false, false, c, hw, c, 1f, sym, 0, c, x, item * c * hw, hw, 0f, dx, item * c * hw, hw);
        }
    }
}
