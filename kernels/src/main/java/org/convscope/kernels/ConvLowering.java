package org.convscope.kernels;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Convolution variants v2 and v3 of {@code conv.cl}, the lowered forms: the input's windows copied
 * into a matrix (im2col; v3 writes it straight into the 32-column panels of gemm v4, chunk by chunk
 * of output rows so that a chunk stays in cache) and the convolution as GEMMs of
 * {@link GemmKernels}; backward-data through W^T (kept with W) and col2im, backward-weights through
 * the transposed lowering. {@link ConvKernels} chooses the variant.
 */
final class ConvLowering extends Launcher {
    private final GemmKernels gemm;
    private final ElementwiseKernels elementwise;

    ConvLowering(OpenClContext ctx, GemmKernels gemm, ElementwiseKernels elementwise) {
        super(ctx, ConvKernels.FILE, "");
        this.gemm = gemm;
        this.elementwise = elementwise;
    }

    /**
     * Output positions lowered at a time by v3 (a host-side tuning knob: 4096 measured best on
     * VGG16's 224 x 224 layers here; tests lower it to run the chunked paths on small shapes).
     */
    static volatile int chunkColumns = 4096;

    /** Forward pass of v2 (im2col + tiled GEMM) or v3 (lowering into panels, in chunks of rows). */
    void forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y, int variant) {
        Shape xs = x.shape();
        Shape ws = w.shape();
        Shape ys = y.shape();
        int g = spec.groups();
        int cg = xs.c() / g;
        int kg = ws.n() / g;
        int ckk = cg * ws.h() * ws.w();
        int hw = ys.h() * ys.w();
        float beta = 0f;
        if (bias != null) {
            elementwise.channelBias(ctx.buffer(y), ys.size(), ys.c(), hw, ctx.buffer(bias), false);
            beta = 1f;
        }
        if (variant == 3) {
            int rowsPer = chunkRows(ys);
            if (rowsPer >= ys.h() && g > 1) {
                // the whole map in one chunk: every group lowered in one launch, its GEMMs in another
                long groupBytes = GemmKernels.panelBytes(ckk, hw);
                ClBuffer panels = ctx.scratch("conv im2col panels", g * groupBytes);
                for (int n = 0; n < xs.n(); n++) {
                    im2colPanels(xs, ws, ys, spec, ctx.buffer(x), n * xs.c() * xs.h() * xs.w(), panels, g,
                            (int) (groupBytes / 4), 0, hw);
                    gemm.runPanels(g, kg, hw, ckk, 1f, ctx.buffer(w), 0, ckk, 1, kg * ckk, panels,
                            (int) (groupBytes / 4), beta, ctx.buffer(y), n * ys.c() * hw, hw, kg * hw);
                }
                return;
            }
            ClBuffer panels = ctx.scratch("conv im2col panels", GemmKernels.panelBytes(ckk, Math.min(hw, rowsPer * ys.w())));
            for (int n = 0; n < xs.n(); n++) {
                for (int gi = 0; gi < g; gi++) {
                    int xOff = (n * xs.c() + gi * cg) * xs.h() * xs.w();
                    int yOff = (n * ys.c() + gi * kg) * hw;
                    for (int i0 = 0; i0 < ys.h(); i0 += rowsPer) {
                        int oStart = i0 * ys.w();
                        int oCount = (Math.min(ys.h(), i0 + rowsPer) - i0) * ys.w();
                        // y[n, g*Kg.., chunk] (Kg x chunk) = W_g (Kg x ckk) * col chunk (ckk x chunk)
                        im2colPanels(xs, ws, ys, spec, ctx.buffer(x), xOff, panels, 1, 0, oStart, oCount);
                        gemm.runPanels(kg, oCount, ckk, 1f, ctx.buffer(w), gi * kg * ckk, ckk, 1, panels,
                                beta, ctx.buffer(y), yOff + oStart, hw);
                    }
                }
            }
            return;
        }
        boolean direct = ConvKernels.pointwise(ws, spec);
        ClBuffer col = direct ? null : ctx.scratch("conv im2col columns", 4L * ckk * hw);
        for (int n = 0; n < xs.n(); n++) {
            for (int gi = 0; gi < g; gi++) {
                int xOff = (n * xs.c() + gi * cg) * xs.h() * xs.w();
                ClBuffer b = ctx.buffer(x);
                int bOff = xOff;
                if (!direct) {
                    im2col(xs, ws, ys, spec, ctx.buffer(x), xOff, col, false);
                    b = col;
                    bOff = 0;
                }
                // y[n, g*Kg .. ] (Kg x HW) = W_g (Kg x ckk) * col (ckk x HW)
                gemm.run(2, kg, hw, ckk, 1f, ctx.buffer(w), gi * kg * ckk, ckk, 1, b, bOff, hw, 1,
                        beta, ctx.buffer(y), (n * ys.c() + gi * kg) * hw, hw);
            }
        }
    }

    /** Backward-data of v2 (GEMM with W^T, col2im) or v3 ({@link #backwardDataPanels}). */
    void backwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx, int variant) {
        Shape xs = dx.shape();
        Shape ws = w.shape();
        Shape ys = dy.shape();
        int g = spec.groups();
        int cg = xs.c() / g;
        int kg = ws.n() / g;
        int ckk = cg * ws.h() * ws.w();
        int hw = ys.h() * ys.w();
        if (variant == 3) {
            backwardDataPanels(dy, w, spec, dx);
            return;
        }
        boolean direct = ConvKernels.pointwise(ws, spec);
        ClBuffer col = direct ? null : ctx.scratch("conv im2col columns", 4L * ckk * hw);
        for (int n = 0; n < xs.n(); n++) {
            for (int gi = 0; gi < g; gi++) {
                int dxOff = (n * xs.c() + gi * cg) * xs.h() * xs.w();
                // col (ckk x HW) = W_g^T (ckk x Kg) * dy[n, g] (Kg x HW)
                gemm.run(2, ckk, hw, kg, 1f, ctx.buffer(w), gi * kg * ckk, 1, ckk,
                        ctx.buffer(dy), (n * ys.c() + gi * kg) * hw, hw, 1, 0f,
                        direct ? ctx.buffer(dx) : col, direct ? dxOff : 0, hw);
                if (!direct) {
                    col2im(xs, ws, ys, spec, col, 0, ys.h() - 1, 0, xs.h(), ctx.buffer(dx), dxOff, false);
                }
            }
        }
    }

    /** Backward-weights of v2 (GEMM with col^T) or v3 (panels of col^T, chunk by chunk of rows). */
    void backwardWeights(Tensor x, Tensor dy, ConvSpec spec, Tensor dw, boolean accumulate, int variant) {
        Shape xs = x.shape();
        Shape ws = dw.shape();
        Shape ys = dy.shape();
        int g = spec.groups();
        int cg = xs.c() / g;
        int kg = ws.n() / g;
        int ckk = cg * ws.h() * ws.w();
        int hw = ys.h() * ys.w();
        if (variant == 3) {
            int rowsPer = chunkRows(ys);
            ClBuffer panels = ctx.scratch("conv im2col panels",
                    GemmKernels.panelBytes(Math.min(hw, rowsPer * ys.w()), ckk));
            boolean first = !accumulate;
            for (int n = 0; n < xs.n(); n++) {
                for (int i0 = 0; i0 < ys.h(); i0 += rowsPer) {
                    int oStart = i0 * ys.w();
                    int oCount = (Math.min(ys.h(), i0 + rowsPer) - i0) * ys.w();
                    for (int gi = 0; gi < g; gi++) {
                        int xOff = (n * xs.c() + gi * cg) * xs.h() * xs.w();
                        // dw_g (Kg x ckk) (+)= dy[n, g, chunk] (Kg x chunk) * col^T chunk (chunk x ckk)
                        im2colPanelsTransposed(xs, ws, ys, spec, ctx.buffer(x), xOff, panels, oStart, oCount);
                        gemm.runPanels(kg, ckk, oCount, 1f, ctx.buffer(dy), (n * ys.c() + gi * kg) * hw + oStart,
                                hw, 1, panels, first ? 0f : 1f, ctx.buffer(dw), gi * kg * ckk, ckk);
                    }
                    first = false;
                }
            }
            return;
        }
        boolean direct = ConvKernels.pointwise(ws, spec);
        ClBuffer colT = direct ? null : ctx.scratch("conv im2col columns", 4L * ckk * hw);
        for (int n = 0; n < xs.n(); n++) {
            float beta = (n == 0 && !accumulate) ? 0f : 1f;
            for (int gi = 0; gi < g; gi++) {
                int xOff = (n * xs.c() + gi * cg) * xs.h() * xs.w();
                ClBuffer b = ctx.buffer(x);
                int bOff = xOff;
                int bRs = 1;
                int bCs = hw;
                if (!direct) {
                    im2col(xs, ws, ys, spec, ctx.buffer(x), xOff, colT, true);
                    b = colT;
                    bOff = 0;
                    bRs = ckk;
                    bCs = 1;
                }
                // dw_g (Kg x ckk) (+)= dy[n, g] (Kg x HW) * col^T (HW x ckk)
                gemm.run(2, kg, ckk, hw, 1f, ctx.buffer(dy), (n * ys.c() + gi * kg) * hw, hw, 1,
                        b, bOff, bRs, bCs, beta, ctx.buffer(dw), gi * kg * ckk, ckk);
            }
        }
    }

    /** W^T ((C/groups * kh * kw) x K, rows contiguous), kept with W. */
    ClBuffer transposed(Tensor w) {
        Shape ws = w.shape();
        int k = ws.n();
        int ckk = ws.c() * ws.h() * ws.w();
        return ctx.derived(w, "transposed " + ws, 4L * ckk * k, "conv transposed weights",
                d -> gemm.pack(ckk, k, ctx.buffer(w), 0, 1, ckk, d));
    }

    /** Backward-data of v3: dy packed in panels, chunk by chunk of output rows, then col2im. */
    private void backwardDataPanels(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        Shape xs = dx.shape();
        Shape ws = w.shape();
        Shape ys = dy.shape();
        int g = spec.groups();
        int cg = xs.c() / g;
        int kg = ws.n() / g;
        int ckk = cg * ws.h() * ws.w();
        int hw = ys.h() * ys.w();
        boolean direct = ConvKernels.pointwise(ws, spec);
        int rowsPer = chunkRows(ys);
        boolean chunked = rowsPer < ys.h();
        int chunkCols = Math.min(hw, rowsPer * ys.w());
        ClBuffer panels = ctx.scratch("conv im2col panels", GemmKernels.panelBytes(kg, chunkCols));
        ClBuffer col = direct ? null : ctx.scratch("conv im2col columns", 4L * ckk * chunkCols);
        // W^T (ckk x K) with contiguous rows, kept with W, group g's W_g^T its columns
        // [g*Kg, (g+1)*Kg): the panel GEMM reads its left operand along rows, and reading W_g
        // down its columns ran it 25-35% slower
        int k = ws.n();
        ClBuffer wT = transposed(w);
        if (!chunked && !direct) {
            // the whole map in one chunk: every group's dy packed in one launch, its products in
            // one batched GEMM, col2im over all channels (group g's columns are rows g*ckk.. of
            // one (C*kh*kw) x HW matrix)
            int groupPanels = (int) (GemmKernels.panelBytes(kg, hw) / 4);
            ClBuffer all = ctx.scratch("conv im2col panels", 4L * g * groupPanels);
            ClBuffer cols = ctx.scratch("conv im2col columns", 4L * g * ckk * hw);
            for (int n = 0; n < xs.n(); n++) {
                gemm.packPanels(g, kg, hw, ctx.buffer(dy), n * ys.c() * hw, hw, 1, kg * hw, all, groupPanels);
                gemm.runPanels(g, ckk, hw, kg, 1f, wT, 0, k, 1, kg, all, groupPanels, 0f, cols, 0, hw,
                        ckk * hw);
                ctx.launch(k("kernel_col2im_f32"), new long[] {(xs.w() + 7) / 8, xs.h(), xs.c()}, null, xs.c(),
                        xs.h(), xs.w(), ws.h(), ws.w(), ys.h(), ys.w(), spec.strideH(), spec.strideW(), spec.padH(),
                        spec.padW(), 0, ys.h() - 1, 0, xs.h(), cols, ctx.buffer(dx), n * xs.c() * xs.h() * xs.w(), 0);
            }
            return;
        }
        if (chunked && !direct) {
            // chunks meet on input rows that both reach: each adds its share
            elementwise.fill(ctx.buffer(dx), 0f, xs.size());
        }
        for (int n = 0; n < xs.n(); n++) {
            for (int gi = 0; gi < g; gi++) {
                int dxOff = (n * xs.c() + gi * cg) * xs.h() * xs.w();
                int dyOff = (n * ys.c() + gi * kg) * hw;
                for (int i0 = 0; i0 < ys.h(); i0 += rowsPer) {
                    int i1 = Math.min(ys.h(), i0 + rowsPer) - 1;
                    int oStart = i0 * ys.w();
                    int oCount = (i1 - i0 + 1) * ys.w();
                    // col chunk (ckk x chunk) = W_g^T (ckk x Kg) * dy[n, g, chunk] (Kg x chunk)
                    gemm.packPanels(kg, oCount, ctx.buffer(dy), dyOff + oStart, hw, 1, panels);
                    if (direct) {
                        gemm.runPanels(ckk, oCount, kg, 1f, wT, gi * kg, k, 1, panels, 0f,
                                ctx.buffer(dx), dxOff + oStart, hw);
                        continue;
                    }
                    gemm.runPanels(ckk, oCount, kg, 1f, wT, gi * kg, k, 1, panels, 0f,
                            col, 0, oCount);
                    if (!chunked) {
                        col2im(xs, ws, ys, spec, col, 0, ys.h() - 1, 0, xs.h(), ctx.buffer(dx), dxOff, false);
                    } else {
                        int pLo = Math.max(0, i0 * spec.strideH() - spec.padH());
                        int pHi = Math.min(xs.h() - 1, i1 * spec.strideH() - spec.padH() + ws.h() - 1);
                        if (pHi >= pLo) {
                            col2im(xs, ws, ys, spec, col, i0, i1, pLo, pHi - pLo + 1, ctx.buffer(dx), dxOff, true);
                        }
                    }
                }
            }
        }
    }

    private void col2im(Shape xs, Shape ws, Shape ys, ConvSpec s, ClBuffer col, int i0, int i1, int pStart,
                        int pCount, ClBuffer dx, int dxOff, boolean accumulate) {
        int cg = xs.c() / s.groups();
        ctx.launch(k("kernel_col2im_f32"), new long[] {(xs.w() + 7) / 8, pCount, cg}, null, cg, xs.h(), xs.w(),
                ws.h(), ws.w(), ys.h(), ys.w(), s.strideH(), s.strideW(), s.padH(), s.padW(),
                i0, i1, pStart, pCount, col, dx, dxOff, accumulate ? 1 : 0);
    }

    private void im2col(Shape xs, Shape ws, Shape ys, ConvSpec s, ClBuffer x, int xOff, ClBuffer col,
                        boolean transposed) {
        int cg = xs.c() / s.groups();
        long total = (long) cg * ws.h() * ws.w() * ys.h() * ys.w();
        ctx.launch1d(k("kernel_im2col_f32"), total, cg, xs.h(), xs.w(), ws.h(), ws.w(), ys.h(), ys.w(),
                s.strideH(), s.strideW(), s.padH(), s.padW(), x, xOff, col, transposed ? 1 : 0);
    }

    /**
     * Lowers output rows [oStart, oStart + oCount) (whole rows) of {@code groups} consecutive
     * groups of one item (the first group's channels from {@code xOff}) into 32-column panels, group
     * b's from float {@code b * dstGroup} of {@code dst}.
     */
    private void im2colPanels(Shape xs, Shape ws, Shape ys, ConvSpec s, ClBuffer x, int xOff, ClBuffer dst, int groups,
                              int dstGroup, int oStart, int oCount) {
        // by rows of the output: each work-item reads input rows left to right, about 128
        // positions' worth of output rows per work-item
        int cg = xs.c() / s.groups();
        int ckk = cg * ws.h() * ws.w();
        int rowsPer = Math.max(1, 128 / ys.w());
        ctx.launch(k("kernel_im2col_rows_f32"), new long[] {ckk, (oCount / ys.w() + rowsPer - 1) / rowsPer, groups},
                null, cg, xs.h(), xs.w(), ws.h(), ws.w(), ys.h(), ys.w(), s.strideH(), s.strideW(), s.padH(),
                s.padW(), x, xOff, dst, dstGroup, oStart / ys.w(), oCount, rowsPer);
    }

    /** Lowers col^T of output positions [oStart, oStart + oCount) of one item and group into panels. */
    private void im2colPanelsTransposed(Shape xs, Shape ws, Shape ys, ConvSpec s, ClBuffer x, int xOff, ClBuffer dst,
                                        int oStart, int oCount) {
        // col^T: a row per output position, the columns walking (c, u, v)
        int cg = xs.c() / s.groups();
        int ckk = cg * ws.h() * ws.w();
        ctx.launch(k("kernel_im2col_panels_f32"), new long[] {oCount, (ckk + 31) / 32}, null, cg, xs.h(), xs.w(),
                ws.h(), ws.w(), ys.h(), ys.w(), s.strideH(), s.strideW(), s.padH(), s.padW(), x, xOff, dst,
                oStart, oCount);
    }

    /**
     * Output rows per chunk of v3: about {@link #chunkColumns} output positions, so that the
     * lowered chunk stays in cache between the lowering and the GEMM.
     */
    static int chunkRows(Shape ys) {
        return Math.max(1, Math.min(ys.h(), chunkColumns / ys.w()));
    }
}
