package org.convscope.kernels;

import java.util.List;

import org.convscope.tensor.Shape;
import org.jocl.cl_kernel;

/**
 * Launches the kernels of {@code gemm.cl}. Every variant computes
 * {@code C = alpha * op(A) * op(B) + beta * C} on flat buffers, with op(A) and op(B) given by
 * offsets and strides ({@link #run}); a variant that needs contiguous rows gets a packed copy.
 */
final class GemmKernels extends Launcher {
    static final String FILE = "gemm.cl";
    static final String FAMILY = "gemm";
    /** One line per variant, numbered from 1 (the index + 1 is the variant number). */
    static final List<String> VARIANTS = List.of(
            "v1 naive: one element of C per work-item",
            "v2 register-tiled: TM x 32 block of C per work-item, float16 rows of B, fma",
            "v3 dot: float8 dot products, up to 4 columns of op(B) against up to 8 rows of op(A) (small-batch fully connected)",
            "v4 panel-packed: v2's tile on B packed in contiguous K x 32 panels",
            "v5 row stream: bands of whole rows of B streamed into partial rows of C, then summed (batch-1 backward)");

    /** Bands of rows of B per compute unit in v5 (a tuning knob of the host side). */
    static final int V5_BANDS_PER_UNIT = 4;

    /** Work-items per work-group of v2 and v4, down the rows of C (a tuning knob of the host side). */
    static final int V2_LOCAL = 8;

    GemmKernels(OpenClContext ctx) {
        super(ctx, FILE, "", BUILDS);
    }

    /** The Device's gemm: row-major A (M x K, or K x M when transA), B (K x N, or N x K), C (M x N). */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, ClBuffer a, int aOff,
              ClBuffer b, int bOff, float beta, ClBuffer c, int cOff) {
        int aRs = transA ? 1 : k;
        int aCs = transA ? m : 1;
        int bRs = transB ? 1 : n;
        int bCs = transB ? k : 1;
        run(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, n);
    }

    /**
     * Rows of A up to which v3 is chosen when op(B)'s columns are contiguous (a fully connected
     * layer's forward pass up to batch 16, 16 rows per work-item from 9 on: v4 packed the whole of
     * W for every call, AlexNet's fc6 at batch 16 35.5 ms, 34 GFLOP/s).
     */
    static final int V3_MAX_ROWS = 16;

    /** The variant run by default for this shape and layout. */
    static int choose(int m, int n, int k, int aCs, int bRs, int bCs) {
        if (m <= V3_MAX_ROWS && aCs == 1 && bRs == 1) {
            return 3; // a few rows against B's columns stored contiguously: stream B once
        }
        if (m <= 8 && bCs == 1 && n >= 256) {
            return 5; // a few rows against row-major B: stream B's rows
        }
        if (m <= 8 && bCs == 1) {
            return 2; // one block of rows: B read once, in place, no packing
        }
        if (m * (long) n < 1024 && k < 64) {
            return 1; // too small for tiles to pay
        }
        return 4;
    }

    /**
     * {@code C[cOff + i*ldc + j] = alpha * sum_p A[aOff + i*aRs + p*aCs] * B[bOff + p*bRs + j*bCs]
     * + beta * C[...]} for i < m, j < n, with the family's forced variant or the best one.
     */
    void run(int m, int n, int k, float alpha, ClBuffer a, int aOff, int aRs, int aCs,
             ClBuffer b, int bOff, int bRs, int bCs, float beta, ClBuffer c, int cOff, int ldc) {
        run(ctx.forcedVariant(FAMILY), m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
    }

    /** {@link #run} with variant {@code v} (0: the best for the shape). */
    void run(int v, int m, int n, int k, float alpha, ClBuffer a, int aOff, int aRs, int aCs,
             ClBuffer b, int bOff, int bRs, int bCs, float beta, ClBuffer c, int cOff, int ldc) {
        if (v == 0) {
            v = choose(m, n, k, aCs, bRs, bCs);
        }
        switch (v) {
            case 1 -> ctx.launch(k("", "kernel_gemm_v1_f32"), new long[] {n, m}, null,
                    m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
            case 2 -> {
                // v2 reads rows of op(B) (k x n)
                Rows rb = rows(k, n, b, bOff, bRs, bCs, "gemm packed B");
                int tm = m >= 7 && m <= 8 ? 8 : m >= 3 ? 6 : 1;
                cl_kernel kern = k("-DTM=" + tm, "kernel_gemm_v2_f32");
                int local = ctx.localSize(kern, V2_LOCAL);
                ctx.launch(kern, new long[] {(m + tm - 1) / tm, (n + 31) / 32}, new long[] {local, 1},
                        m, n, k, alpha, a, aOff, aRs, aCs, rb.buf(), rb.off(), rb.ld(), beta, c, cOff, ldc);
            }
            case 3 -> {
                // v3 reads rows of op(A) and columns of op(B): the rows of op(B)^T (n x k)
                Rows ra = rows(m, k, a, aOff, aRs, aCs, "gemm packed A");
                Rows rbT = rows(n, k, b, bOff, bCs, bRs, "gemm packed B");
                // MB rows of A per work-item, no more than there are (each row costs a load and an fma per
                // element of B), and NB columns of B: MB x NB float8 accumulators
                int mb = m == 1 ? 1 : m == 2 ? 2 : m <= 4 ? 4 : m <= 8 || m > 16 ? 8 : 16;
                int nb = mb == 1 ? 4 : mb == 2 ? 2 : 1;
                ctx.launch(k("-DMB=" + mb + " -DNB=" + nb, "kernel_gemm_v3_f32"), new long[] {(n + nb - 1) / nb,
                        (m + mb - 1) / mb}, null,
                        m, n, k, alpha, ra.buf(), ra.off(), ra.ld(), rbT.buf(), rbT.off(), rbT.ld(), beta, c, cOff, ldc);
            }
            case 5 -> {
                Rows rb = rows(k, n, b, bOff, bRs, bCs, "gemm packed B");
                // bands of whole rows of B, a few per compute unit, each adding into its own partial C
                int bands = Math.max(1, Math.min((k + 3) / 4, V5_BANDS_PER_UNIT * ctx.computeUnits()));
                int rows = (k + bands - 1) / bands;
                bands = (k + rows - 1) / rows;
                ClBuffer partial = ctx.scratch("gemm v5 partial rows", 4L * bands * m * n);
                ctx.launch(k("", "kernel_gemm_v5_f32"), new long[] {bands}, new long[] {1},
                        m, n, k, rows, a, aOff, aRs, aCs, rb.buf(), rb.off(), rb.ld(), partial);
                sumBands(bands, m, n, partial, alpha, beta, c, cOff, ldc);
            }
            case 4 -> {
                ClBuffer panels = ctx.scratch("gemm B panels", panelBytes(k, n));
                packPanels(k, n, b, bOff, bRs, bCs, panels);
                runPanels(m, n, k, alpha, a, aOff, aRs, aCs, panels, beta, c, cOff, ldc);
            }
            default -> throw new IllegalStateException("no gemm variant " + v);
        }
    }

    /** A matrix with contiguous rows: element (i, j) at {@code buf[off + i*ld + j]}. */
    private record Rows(ClBuffer buf, int off, int ld) {
    }

    /**
     * The matrix of {@code rows} x {@code cols} elements (i, j) at {@code src[off + i*rs + j*cs]}
     * with contiguous rows: itself where {@code cs} is 1, else a copy packed into the scratch buffer
     * of {@code role}.
     */
    private Rows rows(int rows, int cols, ClBuffer src, int off, int rs, int cs, String role) {
        if (cs == 1) {
            return new Rows(src, off, rs);
        }
        ClBuffer packed = ctx.scratch(role, 4L * rows * cols);
        pack(rows, cols, src, off, rs, cs, packed);
        return new Rows(packed, 0, cols);
    }

    /**
     * A register tile of v4: {@code rows} x {@code cols} elements of C per work-item, held in
     * {@code rows * cols / 8} 8-wide registers (or fewer wider ones).
     */
    record Tile(int rows, int cols) {
        /** The tile of products of one or two rows. */
        static final Tile THIN = new Tile(1, 32);

        /** The build options of gemm.cl for this tile. */
        String options() {
            return "-DTM=" + rows + " -DTN=" + cols;
        }
    }

    /** The tiles v4 runs on products of 3 rows and more: {@link #panelTile} chooses, tests run each. */
    static final List<Tile> TILES = List.of(new Tile(6, 16), new Tile(6, 32));

    /**
     * Every build of gemm.cl the launcher uses: v2's tile heights, v3's rows and columns, v4's
     * tiles ({@link #TILES} and the one-row tile of thin products).
     */
    static final List<String> BUILDS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("", "-DTM=1", "-DTM=6", "-DTM=8", "-DMB=1 -DNB=4", "-DMB=2 -DNB=2",
                    "-DMB=4 -DNB=1", "-DMB=8 -DNB=1", "-DMB=16 -DNB=1", Tile.THIN.options()),
            TILES.stream().map(Tile::options)).toList();

    /** A tile every v4 launch uses instead of the device's own (null: the device's; for tests). */
    static volatile Tile forcedTile;

    /**
     * v4's tile for this device. With 8-wide vectors (AVX2: 16 registers) 6 x 16 keeps twelve
     * accumulators, the two vectors of B and the broadcast of A in registers, and twelve
     * independent fma chains hide the fma latency: 175-186 GFLOP/s here, against 145-150 for
     * 2 x 32 (8 accumulators) and spills for 6 x 32; wider vectors (AVX-512: 32 registers) and
     * GPUs take 6 x 32.
     */
    Tile panelTile() {
        Tile forced = forcedTile;
        if (forced != null) {
            return forced;
        }
        return ctx.nativeFloatWidth() == 8 ? TILES.get(0) : TILES.get(1);
    }

    /** Bytes of op(B) (k x n) packed in 32-column panels. */
    static long panelBytes(int k, int n) {
        return 4L * k * ((n + 31) / 32) * 32;
    }

    /** Packs op(B) (k x n, element (p, j) at {@code src[off + p*rs + j*cs]}) into 32-column panels. */
    void packPanels(int k, int n, ClBuffer src, int off, int rs, int cs, ClBuffer dst) {
        if (rs == 1 && cs != 1) {
            // op(B) stored transposed: read along its rows, eight at a time
            ctx.launch(k("", "kernel_pack_panels_t_f32"), new long[] {(k + 7) / 8, (n + 31) / 32}, null,
                    k, n, src, off, cs, dst);
            return;
        }
        packPanels(1, k, n, src, off, rs, cs, 0, dst, 0);
    }

    /**
     * {@link #packPanels} of {@code count} matrices with rows along memory ({@code cs == 1} is the
     * fast case) in one launch: matrix b from {@code src[off + b*srcBatch]} into {@code dst[b*dstBatch]}.
     */
    void packPanels(int count, int k, int n, ClBuffer src, int off, int rs, int cs, int srcBatch, ClBuffer dst,
                    int dstBatch) {
        ctx.launch(k("", "kernel_pack_panels_f32"), new long[] {k, (n + 31) / 32, count}, null,
                k, n, src, off, rs, cs, dst, srcBatch, dstBatch);
    }

    /** Variant 4 on B already packed in panels ({@link #packPanels}, or the convolutions' im2col). */
    void runPanels(int m, int n, int k, float alpha, ClBuffer a, int aOff, int aRs, int aCs, ClBuffer panels,
                   float beta, ClBuffer c, int cOff, int ldc) {
        runPanels(1, m, n, k, alpha, a, aOff, aRs, aCs, 0, panels, 0, beta, c, cOff, ldc, 0);
    }

    /**
     * {@link #runPanels} on a batch of {@code count} products in one launch: product b reads A at
     * {@code aOff + b*aBatch}, its panels at {@code b*bBatch} and writes C at {@code cOff + b*cBatch}.
     */
    void runPanels(int count, int m, int n, int k, float alpha, ClBuffer a, int aOff, int aRs, int aCs, int aBatch,
                   ClBuffer panels, int bBatch, float beta, ClBuffer c, int cOff, int ldc, int cBatch) {
        Tile tile = m >= 3 ? panelTile() : Tile.THIN;
        cl_kernel kern = k(tile.options(), "kernel_gemm_v4_f32");
        int local = ctx.localSize(kern, V2_LOCAL);
        ctx.launch(kern, new long[] {(m + tile.rows() - 1) / tile.rows(), (n + tile.cols() - 1) / tile.cols(), count},
                new long[] {local, 1, 1},
                m, n, k, alpha, a, aOff, aRs, aCs, panels, beta, c, cOff, ldc, aBatch, bBatch, cBatch);
    }

    /**
     * C (m x n, rows ldc apart from cOff) = alpha * the sum of {@code bands} partial m x n blocks
     * stored one after another in {@code partial} (+ beta * C).
     */
    void sumBands(int bands, int m, int n, ClBuffer partial, float alpha, float beta, ClBuffer c, int cOff, int ldc) {
        ctx.launch(k("", "kernel_gemm_v5_sum_f32"), new long[] {n, m}, null, m, n, bands, partial, alpha, beta, c, cOff,
                ldc);
    }

    /** {@code C = } the sum of {@code bands} partial m x n blocks (+ beta * C), packed rows. */
    void sumBands(int bands, int m, int n, ClBuffer partial, float beta, ClBuffer c) {
        sumBands(bands, m, n, partial, 1f, beta, c, 0, n);
    }

    /** {@code dst[r*cols + c] = src[off + r*rs + c*cs]}. */
    void pack(int rows, int cols, ClBuffer src, int off, int rs, int cs, ClBuffer dst) {
        ctx.launch(k("", "kernel_pack_f32"), new long[] {rows, (cols + 7) / 8}, null, rows, cols, src, off, rs, cs, dst);
    }

    /**
     * The gradient of the Gram matrices: dx[i] = (dg[i] + dg[i]^T) F_i, F_i item i's C x HW matrix
     * of x (shape s).
     */
    void gramBackward(ClBuffer x, Shape s, ClBuffer dg, ClBuffer dx) {
        int c = s.c();
        int hw = s.h() * s.w();
        ClBuffer sym = ctx.scratch("gram symmetric gradient", 4L * s.n() * c * c);
        addTranspose(s.n(), c, dg, sym);
        for (int i = 0; i < s.n(); i++) {
            gemm(false, false, c, hw, c, 1f, sym, i * c * c, x, i * c * hw, 0f, dx, i * c * hw);
        }
    }

    /** {@code s[i] = g[i] + g[i]^T} for {@code items} C x C matrices. */
    void addTranspose(int items, int c, ClBuffer g, ClBuffer s) {
        int total = items * c * c;
        ctx.launch1d(k("", "kernel_add_transpose_f32"), total, items, c, g, s);
    }
}
