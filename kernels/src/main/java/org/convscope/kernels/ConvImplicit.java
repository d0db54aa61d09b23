package org.convscope.kernels;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.jocl.cl_kernel;

/**
 * Convolution variant v4 of {@code conv.cl}, the implicit GEMM: the input copied once into
 * zero-padded planes (at larger strides, its phase planes), then every output a run of
 * multiply-adds over the planes with gemm v4's register tile, no lowered matrix. Backward-data is
 * the same on padded dy with the weights flipped (kept with W); backward-weights (stride 1) dot
 * products of dy and the padded input on the same grid, whose kernel also computes the Gram
 * matrices. {@link ConvKernels} chooses the variant ({@link #implicitFits}).
 */
final class ConvImplicit extends Launcher {
    private final GemmKernels gemm;

    ConvImplicit(OpenClContext ctx, GemmKernels gemm) {
        super(ctx, ConvKernels.FILE, "");
        this.gemm = gemm;
    }

    /** v4's forward pass: stride 1 on the zero-padded input, larger strides on its phase planes. */
    void forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        Shape xs = x.shape();
        Shape ws = w.shape();
        Shape ys = y.shape();
        ClBuffer b = bias == null ? null : ctx.buffer(bias);
        if (spec.strideH() != 1 || spec.strideW() != 1) {
            phasesForward(ctx.buffer(x), xs, ws, spec, ys, ctx.buffer(w), b, ctx.buffer(y));
            return;
        }
        int g = spec.groups();
        implicit(ctx.buffer(x), xs.n(), g, xs.c() / g, xs.h(), xs.w(), spec.padH(), spec.padW(),
                xs.h() + 2 * spec.padH(), xs.w() + 2 * spec.padW(), ws.h(), ws.w(), ws.n() / g, ys.h(), ys.w(),
                ctx.buffer(w), b, ctx.buffer(y));
    }

    /**
     * v4's backward-data: dx = the stride-1 convolution of dy, padded by kh - 1 - ph, with W
     * transposed within each group and its taps reversed (a copy kept with W: reading W in place,
     * down its columns, ran the kernel 20-30% slower); larger strides through the phase planes.
     */
    void backwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        if (spec.strideH() != 1 || spec.strideW() != 1) {
            phasesBackwardData(dy, w, spec, dx);
            return;
        }
        Shape xs = dx.shape();
        Shape ws = w.shape();
        Shape ys = dy.shape();
        int g = spec.groups();
        int cg = xs.c() / g;
        int kg = ws.n() / g;
        int taps = ws.h() * ws.w();
        ClBuffer wt = ctx.derived(w, "flipped " + ws + " groups " + g, 4L * ws.size(), "conv flipped weights",
                d -> ctx.launch(k("kernel_flip_weights_f32"), new long[] {kg, cg, g}, null, cg, kg, taps, ctx.buffer(w),
                        d));
        implicit(ctx.buffer(dy), ys.n(), g, kg, ys.h(), ys.w(), ws.h() - 1 - spec.padH(), ws.w() - 1 - spec.padW(),
                xs.h() + ws.h() - 1, xs.w() + ws.w() - 1, ws.h(), ws.w(), cg, xs.h(), xs.w(),
                wt, null, ctx.buffer(dx));
    }

    /**
     * Output positions from which backward-weights runs v4 rather than v3 by default (stride 1).
     * Measured here, v4 against v3: VGG16 conv1_2 28.6 / 66.6 ms, conv2_2 26.0 / 44.2, conv3_2
     * 25.4 / 30.7, conv4_2 (28 x 28) 32.9 / 26.2; conv1_1 3.0 / 5.5.
     */
    static final int IMPLICIT_WEIGHTS_MIN_POSITIONS = 56 * 56;

    /**
     * Whether v4 takes the shape: at stride 1, backward-data pads dy by kh - 1 - ph (and kw - 1 - pw),
     * which must not be negative; at larger strides the forward pass takes a kernel at least as
     * large as the stride (every phase plane of the input is read: {@link #phasesForward}),
     * backward-data where {@link #phasesPay}.
     */
    static boolean implicitFits(Shape w, ConvSpec s, boolean backwardData) {
        if (s.strideH() != 1 || s.strideW() != 1) {
            return backwardData ? phasesPay(w, s) : w.h() >= s.strideH() && w.w() >= s.strideW();
        }
        return !backwardData || (s.padH() <= w.h() - 1 && s.padW() <= w.w() - 1);
    }

    /**
     * Whether a strided layer's backward-data runs v4 through the input's phases: split into sh x sw
     * phase planes per channel (space to depth), the layer is a stride-1 convolution with
     * ceil(kh/sh) x ceil(kw/sw) taps over sh*sw times the channels, its weights zero-padded to a
     * multiple of the stride. Taken where that padding adds at most half the work (AlexNet conv1,
     * 11x11 at stride 4: 12x12 / 11x11 = 1.19, backward-data 4.3 -> 3.5 ms); a 1x1 kernel at stride 2
     * would do 4x the work. (The forward pass the same way ran 2x slower than v3 here.)
     */
    static boolean phasesPay(Shape w, ConvSpec s) {
        long padded = (long) phaseTaps(w.h(), s.strideH()) * s.strideH() * phaseTaps(w.w(), s.strideW()) * s.strideW();
        return padded * 2 <= 3L * w.h() * w.w();
    }

    /** Taps of the phase form along one axis: ceil(k / stride). */
    static int phaseTaps(int k, int stride) {
        return (k + stride - 1) / stride;
    }

    /**
     * Floats from one padded plane to the next: hp * wp rounded up to 16 (64-byte aligned planes),
     * and 16 more where that is a multiple of 256 (1 KiB), so that the planes a block of positions
     * reads do not all fall into the same few cache sets.
     */
    static int planeStride(int hp, int wp) {
        int s = (hp * wp + 15) / 16 * 16;
        return s % 256 == 0 ? s + 16 : s;
    }

    /**
     * Bytes of v4's padded input: the planes and the slack the last block of positions reads past
     * them (up to TN + kw - 1 floats).
     */
    private static long implicitInputBytes(int planes, int plane, int kw) {
        return 4L * ((long) planes * plane + 64 + kw);
    }

    /**
     * v4: {@code out} (n x groups*m x ho x wo) = the stride-1 convolution of {@code src} (n x
     * groups*cin x h x wd) padded with zeros by (pt, pl) into hp x wp (hp = ho + kh - 1, wp = wo +
     * kw - 1), with weights {@code w} (groups*m x cin x kh x kw, as the forward pass stores them).
     */
    private void implicit(ClBuffer src, int n, int groups, int cin, int h, int wd, int pt, int pl, int hp, int wp,
                          int kh, int kw, int m, int ho, int wo, ClBuffer w, ClBuffer bias, ClBuffer out) {
        int planes = n * groups * cin;
        int plane = planeStride(hp, wp);
        ClBuffer padded = ctx.scratch("conv padded input", implicitInputBytes(planes, plane, kw));
        ctx.launch(k("kernel_pad_f32"), new long[] {(wp + 7) / 8, hp, planes}, null, h, wd, pt, pl, hp, wp, plane, src,
                padded);
        implicitOnPadded(padded, plane, n, groups, cin, 1, 1, hp, wp, kh, kw, m, ho, wo, w, bias, out);
    }

    /**
     * v4's forward pass at stride (sh, sw) > 1: x padded and split into its sh x sw phase planes per
     * channel (kernel_space_to_depth_f32), where tap (c, u, v) of every output is a run of phase
     * (u % sh, v % sw) on a grid of Ho x (Wo + (kw - 1) / sw) positions. Only the kernel's own taps
     * are computed (the phase form of backward-data pads the weights to a multiple of the stride:
     * 8 x 8 taps for a 7 x 7 kernel at stride 2, 1.31x the work).
     */
    private void phasesForward(ClBuffer x, Shape xs, Shape ws, ConvSpec s, Shape ys, ClBuffer w, ClBuffer bias, ClBuffer y) {
        int sh = s.strideH();
        int sw = s.strideW();
        int g = s.groups();
        int hq = ys.h() + (ws.h() - 1) / sh;
        int wq = ys.w() + (ws.w() - 1) / sw;
        int plane = planeStride(hq, wq);
        int planes = xs.n() * xs.c() * sh * sw;
        ClBuffer phases = ctx.scratch("conv padded input", implicitInputBytes(planes, plane, ws.w()));
        ctx.launch(k("kernel_space_to_depth_f32"), new long[] {(wq + 7) / 8, hq, planes}, null, xs.h(), xs.w(), sh, sw,
                s.padH(), s.padW(), hq, wq, plane, x, phases);
        implicitOnPadded(phases, plane, xs.n(), g, xs.c() / g, sh, sw, hq, wq, ws.h(), ws.w(), ws.n() / g, ys.h(),
                ys.w(), w, bias, y);
    }

    /**
     * v4's GEMM on an input already padded into planes of hp x wp, {@code plane} floats apart (at
     * stride (sh, sw) > 1 its phase planes, sh * sw per channel).
     */
    private void implicitOnPadded(ClBuffer padded, int plane, int n, int groups, int cin, int sh, int sw, int hp, int wp,
                                  int kh, int kw, int m, int ho, int wo, ClBuffer w, ClBuffer bias, ClBuffer out) {
        GemmKernels.Tile tile = gemm.panelTile();
        cl_kernel kern = k(tile.options(), "kernel_conv_implicit_f32");
        int local = ctx.localSize(kern, GemmKernels.V2_LOCAL);
        ctx.launch(kern, new long[] {((long) ho * wp + tile.cols() - 1) / tile.cols(), (m + tile.rows() - 1) / tile.rows(),
                (long) n * groups}, new long[] {local, 1, 1}, m, cin, kh, kw, sh, sw, hp, wp, plane, ho, wo, groups,
                w, padded,
                bias == null ? w : bias, bias == null ? 0 : 1, out);
    }

    /**
     * Rows (or columns) of a phase plane: ceil((H + 2ph) / sh), which always covers the
     * {@code out + taps - 1} rows the stride-1 form reads.
     */
    private static int phaseRows(int h, int pad, int stride, int out, int taps) {
        return Math.max((h + 2 * pad + stride - 1) / stride, out + taps - 1);
    }

    /** The weights of the phase form (K x Cg*sh*sw x ceil(kh/sh) x ceil(kw/sw)), in a scratch buffer. */
    private ClBuffer phaseWeights(Tensor w, ConvSpec s) {
        Shape ws = w.shape();
        int sh = s.strideH();
        int sw = s.strideW();
        int qh = phaseTaps(ws.h(), sh);
        int qw = phaseTaps(ws.w(), sw);
        int cq = ws.c() * sh * sw;
        ClBuffer wq = ctx.scratch("conv phase weights", 4L * ws.n() * cq * qh * qw);
        ctx.launch(k("kernel_phase_weights_f32"), new long[] {qh * qw, cq, ws.n()}, null, ws.c(), ws.h(), ws.w(), sh, sw,
                qh, qw, ctx.buffer(w), wq);
        return wq;
    }

    /**
     * Backward-data of v4 at stride (sh, sw): the forward pass is the stride-1 convolution of the
     * input's phase planes (channel c's phase (a, b) is plane (c*sh + a)*sw + b, holding
     * x[c, i*sh + a - ph, j*sw + b - pw]) with the weights w'[k, (c*sh + a)*sw + b, u, v] = w[k, c,
     * u*sh + a, v*sw + b] (zero past the kernel); its stride-1 backward-data gives the gradient of
     * each phase plane, and each input element is taken back from its phase.
     */
    private void phasesBackwardData(Tensor dy, Tensor w, ConvSpec s, Tensor dx) {
        Shape xs = dx.shape();
        Shape ws = w.shape();
        Shape ys = dy.shape();
        int sh = s.strideH();
        int sw = s.strideW();
        int g = s.groups();
        int kg = ws.n() / g;
        int qh = phaseTaps(ws.h(), sh);
        int qw = phaseTaps(ws.w(), sw);
        int hp = phaseRows(xs.h(), s.padH(), sh, ys.h(), qh);
        int wp = phaseRows(xs.w(), s.padW(), sw, ys.w(), qw);
        int cq = xs.c() / g * sh * sw;
        int taps = qh * qw;
        ClBuffer wt = ctx.derived(w, "phases " + sh + "x" + sw + " flipped " + ws + " groups " + g,
                4L * ws.n() * cq * taps, "conv flipped weights", d -> {
                    ClBuffer wq = phaseWeights(w, s);
                    ctx.launch(k("kernel_flip_weights_f32"), new long[] {kg, cq, g}, null, cq, kg, taps, wq, d);
                });
        ClBuffer dphases = ctx.scratch("conv phase gradient", 4L * xs.n() * g * cq * hp * wp);
        implicit(ctx.buffer(dy), ys.n(), g, kg, ys.h(), ys.w(), qh - 1, qw - 1, hp + qh - 1, wp + qw - 1, qh, qw, cq,
                hp, wp, wt, null, dphases);
        ctx.launch(k("kernel_depth_to_space_f32"), new long[] {xs.w(), xs.h(), (long) xs.n() * xs.c()}, null,
                xs.h(), xs.w(), sh, sw, s.padH(), s.padW(), hp, wp, dphases, ctx.buffer(dx));
    }

    /**
     * Grid positions per chunk of v4's backward-weights (a host-side tuning knob, a multiple of 8:
     * 8192 measured best here on VGG16's 224 x 224 - 56 x 56 layers against 2048-16384; tests
     * lower it to run several chunks on small shapes).
     */
    static volatile int implicitWeightsChunk = 8192;

    /** Taps (columns of dW) per work-item of v4's backward-weights (conv.cl's BQ). */
    static final int WEIGHTS_BLOCK_TAPS = 3;

    /** Output channels (rows of dW) per work-item of v4's backward-weights (conv.cl's BK). */
    static final int WEIGHTS_BLOCK_CHANNELS = 3;

    /** Positions per chunk of v4's backward-weights over a grid of {@code positions}: a multiple of 8. */
    private static int weightsChunk(int positions) {
        return Math.min((positions + 7) / 8 * 8, Math.max(8, implicitWeightsChunk / 8 * 8));
    }

    /**
     * Whether v4's backward-weights buffers (padded input, dy on the grid, partial sums) fit the
     * device's largest allocation and int indexing; a large batch that does not runs v3.
     */
    boolean implicitWeightsFit(Shape xs, Shape ws, Shape ys, ConvSpec s) {
        int hp = xs.h() + 2 * s.padH();
        int wp = xs.w() + 2 * s.padW();
        long input = implicitInputBytes(xs.n() * xs.c(), planeStride(hp, wp), ws.w());
        long grid = 4L * ys.n() * ys.c() * planeStride(ys.h(), wp);
        int positions = ys.h() * wp;
        int chunk = weightsChunk(positions);
        long partials = 4L * xs.n() * ((positions + chunk - 1) / chunk) * ws.size();
        long largest = Math.max(input, Math.max(grid, partials));
        return largest <= ctx.maxAllocationBytes() && largest / 4 <= Integer.MAX_VALUE;
    }

    /**
     * Backward-weights of v4 (stride 1): x padded as for the forward pass, dy laid on the same grid
     * of Ho x Wp positions, and every weight the dot product of a row of the one with a shifted
     * run of the other over the grid (kernel_conv_implicit_bw_f32), in chunks of
     * {@link #implicitWeightsChunk} positions (and items) whose partial sums are then added up.
     */
    void backwardWeights(Tensor x, Tensor dy, ConvSpec spec, Tensor dw, boolean accumulate) {
        Shape xs = x.shape();
        Shape ws = dw.shape();
        Shape ys = dy.shape();
        int g = spec.groups();
        int cg = xs.c() / g;
        int kg = ws.n() / g;
        int n = xs.n();
        int hp = xs.h() + 2 * spec.padH();
        int wp = xs.w() + 2 * spec.padW();
        int xPlane = planeStride(hp, wp);
        int xPlanes = n * xs.c();
        ClBuffer xp = ctx.scratch("conv padded input", implicitInputBytes(xPlanes, xPlane, ws.w()));
        ctx.launch(k("kernel_pad_f32"), new long[] {(wp + 7) / 8, hp, xPlanes}, null, xs.h(), xs.w(), spec.padH(),
                spec.padW(), hp, wp, xPlane, ctx.buffer(x), xp);
        int dyPlane = planeStride(ys.h(), wp);
        int dyPlanes = n * ys.c();
        ClBuffer dyg = ctx.scratch("conv gradient on the grid", 4L * dyPlanes * dyPlane);
        ctx.launch(k("kernel_pad_f32"), new long[] {(wp + 7) / 8, ys.h(), dyPlanes}, null, ys.h(), ys.w(), 0, 0,
                ys.h(), wp, dyPlane, ctx.buffer(dy), dyg);
        int positions = ys.h() * wp;
        int chunk = weightsChunk(positions);
        int chunks = (positions + chunk - 1) / chunk;
        int ckk = cg * ws.h() * ws.w();
        int size = ws.size();
        int count = n * chunks;
        boolean direct = count == 1 && !accumulate;
        ClBuffer partial = direct ? ctx.buffer(dw) : ctx.scratch("conv weight-gradient partials", 4L * count * size);
        ctx.launch(k("kernel_conv_implicit_bw_f32"), new long[] {(ckk + WEIGHTS_BLOCK_TAPS - 1) / WEIGHTS_BLOCK_TAPS,
            (long) g * ((kg + WEIGHTS_BLOCK_CHANNELS - 1) / WEIGHTS_BLOCK_CHANNELS), count},
                null, kg, cg, ws.h(), ws.w(), wp, xPlane, dyPlane, g, positions, chunk, n, dyg, xp, partial);
        if (!direct) {
            gemm.sumBands(count, 1, size, partial, accumulate ? 1f : 0f, ctx.buffer(dw));
        }
    }

    /**
     * Positions per channel from which the Gram matrix runs {@link #gramByDots} rather than the GEMM
     * (measured here, dot products against GEMM: 64 x 256^2 5.3 / 9.0 ms, 128 x 128^2 4.4 / 5.0,
     * 256 x 64^2 4.3 / 4.0, 512 x 32^2 4.4 / 3.3).
     */
    static volatile int gramDotMinRatio = 64;

    /**
     * The Gram matrices g[i] = F F^T of x's items (F: item i's C x HW matrix): as dot products
     * ({@link #gramByDots}) where each channel has {@link #gramDotMinRatio} times as many positions as
     * there are channels, else as one GEMM per item.
     */
    void gram(ClBuffer x, Shape s, ClBuffer g) {
        int c = s.c();
        int hw = s.h() * s.w();
        if ((long) hw >= (long) gramDotMinRatio * c) {
            gramByDots(x, s, g);
            return;
        }
        for (int i = 0; i < s.n(); i++) {
            // g[i] = F F^T with F the C x HW matrix of item i
            gemm.gemm(false, true, c, c, hw, 1f, x, i * c * hw, x, i * c * hw, 0f, g, i * c * c);
        }
    }

    /**
     * The Gram matrices g[i] = F F^T (F item i's C x HW matrix of x) with v4 backward-weights'
     * kernel, F as both of its operands (a 1 x 1 kernel on a grid of HW positions, nothing padded):
     * each entry a dot product of two rows of F, in chunks of positions whose partials are added up
     * per item. (As a GEMM the transposed operand had to be packed into panels, and each panel of
     * HW rows was read again from memory by every block of rows.)
     */
    private void gramByDots(ClBuffer x, Shape s, ClBuffer g) {
        int c = s.c();
        int hw = s.h() * s.w();
        int chunk = weightsChunk(hw);
        int chunks = (hw + chunk - 1) / chunk;
        int size = c * c;
        ClBuffer partial = chunks == 1 ? g : ctx.scratch("gram partials", 4L * s.n() * chunks * size);
        ctx.launch(k("kernel_conv_implicit_bw_f32"), new long[] {(c + WEIGHTS_BLOCK_TAPS - 1) / WEIGHTS_BLOCK_TAPS,
            (c + WEIGHTS_BLOCK_CHANNELS - 1) / WEIGHTS_BLOCK_CHANNELS, (long) s.n() * chunks}, null,
                c, c, 1, 1, 1, hw, hw, 1, hw, chunk, s.n(), x, x, partial);
        if (chunks > 1) {
            // partial[chunk][item] (C x C each): item i's sum over the chunks is row i of an
            // items x (C*C) matrix
            gemm.sumBands(chunks, s.n(), size, partial, 0f, g);
        }
    }
}
