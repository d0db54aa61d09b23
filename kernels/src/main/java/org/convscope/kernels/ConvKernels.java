package org.convscope.kernels;

import java.util.List;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.jocl.cl_kernel;

/**
 * Launches the kernels of {@code conv.cl}: convolution forward, backward-data, backward-weights,
 * in numbered variants (see {@link #VARIANTS}), and chooses one per pass ({@link #variant}). By
 * default a layer runs Winograd (v6 F(4x4, 3x3) or v5 F(2x2, 3x3), {@link ConvWinograd}) where
 * {@link ConvWinograd#winogradPays} says so, else v4 (implicit GEMM, {@link ConvImplicit}) where
 * {@link ConvImplicit#implicitFits}, else v3 (lowering into the panels of {@link GemmKernels}' v4,
 * {@link ConvLowering});
 * small maps run v3, backward-data into an image's few channels v7, pointwise (1x1) layers v8;
 * backward-weights runs v4 at stride 1 on maps of {@link ConvImplicit#IMPLICIT_WEIGHTS_MIN_POSITIONS}
 * positions and more, else v3. This class holds v1, v7 and v8. Weights that a pass derives
 * (flipped, transposed, Winograd-transformed) stay with the weight tensor between calls
 * ({@link OpenClContext#derived}).
 */
final class ConvKernels extends Launcher {
    static final String FILE = "conv.cl";
    static final String FAMILY = "conv";
    /** One line per variant, numbered from 1. */
    static final List<String> VARIANTS = List.of(
            "v1 naive direct: one output element per work-item (gathers for both backward passes)",
            "v2 im2col + register-tiled GEMM per item and group (col2im gather for backward-data)",
            "v3 im2col written in 32-column panels + panel GEMM (gemm v4)",
            "v4 implicit GEMM on a zero-padded copy (larger strides: on its phase planes, the kernel's own taps; a kernel smaller than the stride runs v3); backward-data the same on padded dy (larger strides through phase planes where that costs at most 1.5x); backward-weights (stride 1) as dot products of dy and the padded input on the same grid",
            "v5 Winograd F(2x2,3x3): transforms + 16 batched panel GEMMs, 3x3 at stride 1 (other shapes as v4)",
            "v6 Winograd F(4x4,3x3): transforms + 36 batched panel GEMMs, 3x3 at stride 1 (other shapes as v4)",
            "v7 direct backward-data of 3x3 stride-1 layers, 8 columns x 3 rows x 3 channels per work-item, for few input channels (the image's gradient; forward and other shapes: the device's choice)",
            "v8 pointwise (1x1, stride 1, no padding, one group): forward and backward-data as a register-tiled GEMM on the NCHW planes in place, bias (and ReLU) in the store (other shapes: the device's choice)");

    /** Every build of conv.cl the launcher uses: the plain one and v4 with each of gemm v4's tiles. */
    static final List<String> BUILDS = java.util.stream.Stream.concat(java.util.stream.Stream.of(""),
            GemmKernels.TILES.stream().map(GemmKernels.Tile::options)).toList();

    private final GemmKernels gemm;
    private final ConvWinograd winograd;
    private final ConvLowering lowering;
    /** v4, package-private for the tests of its buffer limits. */
    final ConvImplicit implicit;
    private final ElementwiseKernels elementwise;

    ConvKernels(OpenClContext ctx, GemmKernels gemm, ElementwiseKernels elementwise) {
        super(ctx, FILE, "", BUILDS);
        this.gemm = gemm;
        this.winograd = new ConvWinograd(ctx, gemm);
        this.lowering = new ConvLowering(ctx, gemm, elementwise);
        this.implicit = new ConvImplicit(ctx, gemm);
        this.elementwise = elementwise;
    }

    /**
     * The variant to run for a pass from {@code in} to {@code out}: the forced one, else v8 for a
     * pointwise layer ({@link #pointwiseFits}) on maps of {@link #POINTWISE_MIN_POSITIONS} and more, v7 for a
     * backward-data into at most {@link #FEW_CHANNELS} channels per group that it takes, Winograd
     * where {@link ConvWinograd#winogradPays} (v6 on maps of
     * {@link ConvWinograd#WINOGRAD4_MIN_POSITIONS} and more, v5 below), v3 on a {@link #smallMap},
     * else v4 where it applies and v3 elsewhere; v4 (v5, v6) forced on a shape it does not take, or Winograd whose buffers would
     * not fit, runs v3 (v4); v7 or v8 forced elsewhere runs the automatic choice.
     */
    int variant(Shape in, Shape w, ConvSpec s, Shape out, boolean backwardData) {
        int v = ctx.forcedVariant(FAMILY);
        if (v == 8 || v == 0) {
            if (pointwiseFits(w, s) && (v == 8 || (long) out.h() * out.w() >= POINTWISE_MIN_POSITIONS)) {
                return 8;
            }
            v = 0;
        }
        if (v == 7 || v == 0) {
            if (backwardData && fewFits(w, s) && (v == 7 || out.c() / s.groups() <= FEW_CHANNELS)) {
                return 7;
            }
            v = 0;
        }
        if (v == 5 || v == 6 || (v == 0 && ConvWinograd.winogradPays(w, s, out, backwardData))) {
            int wv = v != 0 ? v : (long) out.h() * out.w() >= ConvWinograd.WINOGRAD4_MIN_POSITIONS ? 6 : 5;
            // the products' inner dimension and rows: input and output channels of this pass, per group
            int inner = in.c() / s.groups();
            int rows = out.c() / s.groups();
            if (ConvWinograd.winogradFits(w, s, backwardData)
                    && winograd.winogradBuffersFit(wv, in.n(), inner, rows, out)
                    && (v != 0 || ConvWinograd.winogradTrafficPays(wv, in.n(), inner, rows, out))) {
                return wv;
            }
            v = 4;
        }
        if (v == 0 && smallMap(w, s, out, backwardData)) {
            return 3;
        }
        if (v == 0 || v == 4) {
            return ConvImplicit.implicitFits(w, s, backwardData) ? 4 : 3;
        }
        return v;
    }

    /**
     * Whether a pass runs v3 rather than v4 by default: maps of fewer than
     * {@link ConvWinograd#WINOGRAD_MIN_POSITIONS} outputs with a kernel wider than 1, where v4's grid computes
     * kw - 1 extra columns per row of a narrow map and rounds a short run of positions up to its
     * tile, and the lowered matrix (all groups at once) stays in cache. Measured here, v3 against
     * v4: AlexNet conv3 forward 2.08 / 2.42 ms, conv4 1.79 / 1.90, conv5 even. Backward-data only
     * with at least {@link #SMALL_MAP_MIN_INNER} output channels per group (its GEMM's inner
     * dimension; conv3: 2.07 / 2.49 ms; conv4 even, conv5's 128 1.53 / 1.32).
     */
    static boolean smallMap(Shape w, ConvSpec s, Shape out, boolean backwardData) {
        return w.w() > 1 && (long) out.h() * out.w() < ConvWinograd.WINOGRAD_MIN_POSITIONS
                && (!backwardData || w.n() / s.groups() >= SMALL_MAP_MIN_INNER);
    }

    /** Output channels per group from which backward-data on a {@link #smallMap} runs v3. */
    static final int SMALL_MAP_MIN_INNER = 256;

    /** Whether v7 takes a backward-data: a 3x3 kernel at stride 1, padding at most 2. */
    static boolean fewFits(Shape w, ConvSpec s) {
        return w.h() == 3 && w.w() == 3 && s.strideH() == 1 && s.strideW() == 1 && s.padH() <= 2 && s.padW() <= 2;
    }

    /**
     * Input channels per group up to which backward-data runs v7 (one block of its channels: conv.cl's
     * FM). VGG16's conv1_1, 3 channels: 4.9 ms on v4 (the padded copy of 64 planes of dy, a
     * register tile of 6 rows half empty).
     */
    static final int FEW_CHANNELS = 3;

    /** Output rows of a v7 work-item (conv.cl's FR). */
    static final int FEW_ROWS = 3;

    /** The integer geometry every kernel of conv.cl takes, in its order. */
    private static Object[] geometry(Shape x, Shape w, Shape y, ConvSpec s) {
        return new Object[] {x.n(), x.c(), x.h(), x.w(), w.n(), w.h(), w.w(), y.h(), y.w(),
            s.strideH(), s.strideW(), s.padH(), s.padW(), s.groups()};
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] r = new Object[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * Output positions from which a pointwise layer runs v8 rather than v4 by default. Measured here
     * (bench/results/opencl.md), v8 against v4: SqueezeNet's 55 x 55 - 13 x 13 layers 1.3-2.6x
     * faster both ways, GoogLeNet's 56 x 56 - 14 x 14 ones 1.1-2.1x; GoogLeNet's 7 x 7 ones
     * (inception_5b/1x1, 832 -> 384) 0.47 against 0.38 ms.
     */
    static final int POINTWISE_MIN_POSITIONS = 8 * 8;

    /** Whether v8 takes the shape: {@link #pointwise} in one group. */
    static boolean pointwiseFits(Shape w, ConvSpec s) {
        return pointwise(w, s) && s.groups() == 1;
    }

    /**
     * Register tiles of rows per v8 work-item (a host-side tuning knob, {@code
     * -Dconvscope.opencl.pointwiseTiles}; 0: {@link #pointwiseTiles(int, int, long)} chooses).
     */
    static volatile int pointwiseTilesForced = Integer.getInteger("convscope.opencl.pointwiseTiles", 0);

    /**
     * Register tiles (of {@code tm} rows) per v8 work-item for a product of {@code rows} rows over
     * {@code blocks} blocks of positions (all items): as many as leave at least
     * {@link #POINTWISE_ITEMS_PER_UNIT} work-items per compute unit, so that a block of X read
     * from its planes serves several tiles while it is in cache (on SqueezeNet's and GoogLeNet's
     * layers here, whose blocks fit the L2 cache anyway, 1-8 tiles ran within 5% of each other).
     */
    int pointwiseTiles(int rows, int tm, long blocks) {
        if (pointwiseTilesForced > 0) {
            return pointwiseTilesForced;
        }
        int rowTiles = (rows + tm - 1) / tm;
        long wanted = (long) POINTWISE_ITEMS_PER_UNIT * ctx.computeUnits();
        long tiles = Math.max(1, rowTiles * blocks / wanted);
        return (int) Math.min(rowTiles, tiles);
    }

    /** Work-items per compute unit v8 leaves at least (where the product is large enough). */
    static final int POINTWISE_ITEMS_PER_UNIT = 16;

    /**
     * v8: for each of {@code items} items, y[n] (m x p) = A (m x k) * x[n] (k x p) (+ bias, then
     * ReLU when {@code relu}), A(r, c) = a[r*aRs + c*aCs]; x's and y's items {@code xItem} and
     * {@code yItem} floats apart from {@code xOff} and {@code yOff}; x holds {@code xLen} floats.
     */
    void pointwise(int m, int k, int p, int items, ClBuffer a, int aRs, int aCs, ClBuffer x, long xOff, long xItem,
                   long xLen, ClBuffer bias, boolean relu, ClBuffer y, long yOff, long yItem) {
        GemmKernels.Tile tile = gemm.panelTile();
        cl_kernel kern = k(tile.options(), "kernel_conv_pointwise_f32");
        long blocks = (p + tile.cols() - 1) / tile.cols();
        int tiles = pointwiseTiles(m, tile.rows(), blocks * items);
        int local = ctx.localSize(kern, GemmKernels.V2_LOCAL);
        ctx.launch(kern, new long[] {blocks, (m + tiles * tile.rows() - 1) / (tiles * tile.rows()), items},
                new long[] {Math.min(local, blocks), 1, 1}, m, k, p, tiles, a, aRs, aCs, x, xOff, xItem, xLen,
                bias == null ? a : bias, bias == null ? 0 : 1, relu ? 1 : 0, y, yOff, yItem);
    }

    /** A 1x1 kernel with stride 1 and no padding: the input already is the im2col matrix. */
    static boolean pointwise(Shape w, ConvSpec s) {
        return w.h() == 1 && w.w() == 1 && s.strideH() == 1 && s.strideW() == 1 && s.padH() == 0 && s.padW() == 0;
    }

    void forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        Shape xs = x.shape();
        Shape ws = w.shape();
        Shape ys = y.shape();
        int variant = variant(xs, ws, spec, ys, false);
        if (variant == 8) {
            int hw = xs.h() * xs.w();
            pointwise(ws.n(), xs.c(), hw, xs.n(), ctx.buffer(w), xs.c(), 1, ctx.buffer(x), 0, (long) xs.c() * hw, xs.size(),
                    bias == null ? null : ctx.buffer(bias), false, ctx.buffer(y), 0, (long) ys.c() * hw);
            return;
        }
        if (variant >= 5 && variant <= 6) {
            int g = spec.groups();
            winograd.run(variant == 5 ? 2 : 4, ctx.buffer(x), xs.n(), g, xs.c() / g, xs.h(), xs.w(), spec.padH(),
                    spec.padW(), ws.n() / g, ys.h(), ys.w(), w, false, bias == null ? null : ctx.buffer(bias),
                    ctx.buffer(y));
            return;
        }
        if (variant == 4) {
            implicit.forward(x, w, bias, spec, y);
            return;
        }
        if (variant == 1) {
            ctx.launch1d(k("kernel_conv_v1_forward_f32"), ys.size(), concat(geometry(xs, ws, ys, spec),
                    ctx.buffer(x), ctx.buffer(w), bias == null ? ctx.buffer(w) : ctx.buffer(bias), bias == null ? 0 : 1,
                    ctx.buffer(y)));
            return;
        }
        lowering.forward(x, w, bias, spec, y, variant);
    }

    void backwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        Shape xs = dx.shape();
        Shape ws = w.shape();
        Shape ys = dy.shape();
        int variant = variant(ys, ws, spec, xs, true);
        if (variant == 8) {
            // dx[n] (C x HW) = W^T (C x K) * dy[n] (K x HW), W^T kept with W (v3's copy): read in
            // place, down W's columns, SqueezeNet's conv_final (1000 x 512) ran 1.86 against 1.34 ms
            int hw = xs.h() * xs.w();
            pointwise(xs.c(), ws.n(), hw, xs.n(), lowering.transposed(w), ws.n(), 1, ctx.buffer(dy), 0, (long) ys.c() * hw,
                    ys.size(), null, false, ctx.buffer(dx), 0, (long) xs.c() * hw);
            return;
        }
        if (variant == 7) {
            int g = spec.groups();
            int cg = xs.c() / g;
            int blocks = (cg + FEW_CHANNELS - 1) / FEW_CHANNELS;
            ctx.launch(k("kernel_conv_few_backward_data_f32"), new long[] {(xs.w() + 7) / 8,
                (xs.h() + FEW_ROWS - 1) / FEW_ROWS, (long) xs.n() * g * blocks}, null, cg, ws.n() / g, xs.h(),
                    xs.w(), ys.h(), ys.w(), spec.padH(), spec.padW(), g, ctx.buffer(dy), ctx.buffer(w), ctx.buffer(dx));
            return;
        }
        if (variant == 5 || variant == 6) {
            // the stride-1 convolution of dy padded by 2 - p; the weight transform reads W
            // transposed within each group and turned, in place
            int g = spec.groups();
            winograd.run(variant == 5 ? 2 : 4, ctx.buffer(dy), ys.n(), g, ws.n() / g, ys.h(), ys.w(),
                    2 - spec.padH(), 2 - spec.padW(), xs.c() / g, xs.h(), xs.w(), w, true, null, ctx.buffer(dx));
            return;
        }
        if (variant == 4) {
            implicit.backwardData(dy, w, spec, dx);
            return;
        }
        if (variant == 1) {
            ctx.launch1d(k("kernel_conv_v1_backward_data_f32"), xs.size(), concat(geometry(xs, ws, ys, spec),
                    ctx.buffer(dy), ctx.buffer(w), ctx.buffer(dx)));
            return;
        }
        lowering.backwardData(dy, w, spec, dx, variant);
    }

    void backwardWeights(Tensor x, Tensor dy, ConvSpec spec, Tensor dw, boolean accumulate) {
        Shape xs = x.shape();
        Shape ws = dw.shape();
        Shape ys = dy.shape();
        int forced = ctx.forcedVariant(FAMILY);
        if (spec.strideH() == 1 && spec.strideW() == 1
                && (forced == 4
                    || (forced == 0 && (long) ys.h() * ys.w() >= ConvImplicit.IMPLICIT_WEIGHTS_MIN_POSITIONS))
                && implicit.implicitWeightsFit(xs, ws, ys, spec)) {
            implicit.backwardWeights(x, dy, spec, dw, accumulate);
            return;
        }
        // v5-v8 have no backward-weights of their own (nor v4 at larger strides): v3's
        int variant = forced == 0 || forced >= 3 ? 3 : forced;
        if (variant == 1) {
            ctx.launch1d(k("kernel_conv_v1_backward_weights_f32"), ws.size(), concat(geometry(xs, ws, ys, spec),
                    ctx.buffer(x), ctx.buffer(dy), ctx.buffer(dw), accumulate ? 1 : 0));
            return;
        }
        lowering.backwardWeights(x, dy, spec, dw, accumulate, variant);
    }

    /** The Gram matrices of x's items (v4 backward-weights' kernel or a GEMM: {@link ConvImplicit#gram}). */
    void gram(ClBuffer x, Shape s, ClBuffer g) {
        implicit.gram(x, s, g);
    }
}
