package org.convscope.kernels;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Convolution variants v5 (Winograd F(2x2, 3x3)) and v6 (F(4x4, 3x3)) of {@code conv.cl}, forward
 * and backward-data of 3x3 layers at stride 1: the input padded and transformed tile by tile, one
 * batched panel GEMM of {@link GemmKernels} per transform position, the output transform adding the
 * bias. The weights' transform is kept with the weight tensor ({@link OpenClContext#derived}).
 * {@link ConvKernels} chooses the variant ({@link #winogradPays}).
 */
final class ConvWinograd extends Launcher {
    private final GemmKernels gemm;

    ConvWinograd(OpenClContext ctx, GemmKernels gemm) {
        super(ctx, ConvKernels.FILE, "");
        this.gemm = gemm;
    }

    /** Whether v5 takes the shape: a 3x3 kernel at stride 1 that v4 takes. */
    static boolean winogradFits(Shape w, ConvSpec s, boolean backwardData) {
        return w.h() == 3 && w.w() == 3 && s.strideH() == 1 && s.strideW() == 1 && ConvImplicit.implicitFits(w, s, backwardData);
    }

    /**
     * Whether v5 is the better choice (measured here, bench/results/opencl.md): on maps of at least
     * {@link #WINOGRAD_MIN_POSITIONS} outputs with at least {@link #WINOGRAD_MIN_CHANNELS} input and
     * output channels (per group: the products' inner dimension and rows). VGG16's conv1_2-conv5_3
     * run 10-45% faster than on v4; AlexNet's 13 x 13 maps lose (conv3 forward 3.6 against 2.8 ms,
     * backward-data even); VGG16's conv1_1 (3 input channels) writes 16 products per output and
     * computes almost nothing: 3-4x slower both ways.
     */
    static boolean winogradPays(Shape w, ConvSpec s, Shape out, boolean backwardData) {
        int kg = w.n() / s.groups();
        return winogradFits(w, s, backwardData) && (long) out.h() * out.w() >= WINOGRAD_MIN_POSITIONS
                && Math.min(kg, w.c()) >= WINOGRAD_MIN_CHANNELS;
    }

    /** Output positions from which v5 is chosen over v4 (a host-side tuning knob: 14 x 14). */
    static final int WINOGRAD_MIN_POSITIONS = 14 * 14;

    /**
     * Output positions from which F(4x4, 3x3) (v6) is chosen over F(2x2, 3x3) (v5): 27 x 27.
     * Measured here: VGG16 conv1_2 21.5 against 25.0 ms, conv2_2 17.8 / 22.1, conv3_2 13.2 / 18.1,
     * conv4_2 15.5 / 16.1; SqueezeNet's 27 x 27 layers (fire5-fire8: 32-64 -> 128-256 channels)
     * 0.48-0.93 against 0.57-1.13 ms at batch 1, 4.2-12.6 against 5.9-19.9 at batch 16; on conv5_2's
     * 14 x 14 v6 loses (8.9 / 6.6: its 4x4 blocks leave a quarter of the last row and column empty
     * and its weight transform is 2.25x v5's).
     */
    static final int WINOGRAD4_MIN_POSITIONS = 27 * 27;

    /**
     * Input and output channels (per group) from which v5 is chosen over v4. With 16 (SqueezeNet's
     * fire2 and fire3, 16 -> 64 channels on 55 x 55) v4 ran faster both ways: forward 0.46 against
     * v6's 0.59 ms at batch 1, 5.0 / 7.5 at batch 16; backward-data 0.60 / 0.88 and 6.5 / 17.0.
     */
    static final int WINOGRAD_MIN_CHANNELS = 32;

    /**
     * Input or output channels (per group) under which Winograd's own traffic decides: each
     * product and transformed input serves few multiply-adds, and once they leave the caches
     * ({@link #WINOGRAD_FEW_CHANNELS_MAX_BYTES}) v4 is faster.
     */
    static final int WINOGRAD_FEW_CHANNELS = 64;

    /**
     * The largest Winograd buffer (transformed input or products) of a pass with fewer than
     * {@link #WINOGRAD_FEW_CHANNELS} channels on either side that still runs Winograd. Measured here,
     * v6 against v4: SqueezeNet's fire4 (32 -> 128 on 55 x 55) at batch 16 (58 MB of products)
     * forward 24.1 / 16.4 ms, backward-data 37.9 / 30.7; at batch 1 (3.6 MB) 1.16 / 1.15 and 1.57 /
     * 1.97; fire6 (48 -> 192 on 27 x 27, batch 16, 22 MB) 7.6 / 9.3.
     */
    static final long WINOGRAD_FEW_CHANNELS_MAX_BYTES = 32L << 20;

    /**
     * Whether Winograd (v5 or v6) pays for its buffers' traffic on n items: always with
     * {@link #WINOGRAD_FEW_CHANNELS} channels and more on both sides, else while its transformed
     * input and products stay within {@link #WINOGRAD_FEW_CHANNELS_MAX_BYTES}.
     */
    static boolean winogradTrafficPays(int variant, int n, int inner, int rows, Shape out) {
        if (Math.min(inner, rows) >= WINOGRAD_FEW_CHANNELS) {
            return true;
        }
        WinogradTiles t = new WinogradTiles(variant == 5 ? 2 : 4, n, out.h(), out.w());
        return Math.max(t.inputBytes(inner), t.productBytes(rows)) <= WINOGRAD_FEW_CHANNELS_MAX_BYTES;
    }

    /**
     * v5 (r = 2) and v6 (r = 4): {@code out} (n x groups*m x ho x wo) = the stride-1 3x3 convolution
     * of {@code src} (n x groups*cin x h x wd) padded with zeros by (pt, pl), weights {@code w}
     * (groups*m x cin x 3 x 3; when {@code transposed}, the forward weights of groups*cin x m x 3 x 3,
     * read transposed within each group with every filter turned by 180 degrees: backward-data), by
     * Winograd F(r x r, 3x3): tiles of r x r outputs, th x tw of them per item, numbered row by row
     * (the transforms take 8 tiles of a row per work-item, reading the padded rows as if tw were
     * rounded up to 8), (r + 2)^2 products per tile and channel pair.
     */
    void run(int r, ClBuffer src, int n, int groups, int cin, int h, int wd, int pt, int pl, int m,
             int ho, int wo, Tensor w, boolean transposed, ClBuffer bias, ClBuffer out) {
        WinogradTiles t = new WinogradTiles(r, n, ho, wo);
        int count = t.products();
        String family = r == 2 ? "kernel_winograd_" : "kernel_winograd4_";
        int th = t.th();
        int tw = t.tw();
        int hq = r * th + 2;
        // a row of 8 patches is read as two float16 (r = 2) or three (r = 4)
        int wq = r * ((tw + 7) / 8 * 8) + (r == 2 ? 2 : 16);
        int plane = ConvImplicit.planeStride(hq, wq);
        int ctot = groups * cin;
        int planes = n * ctot;
        // the last patch row reads 2 floats past its plane's width: slack after the last plane
        ClBuffer padded = ctx.scratch("conv padded input", 4L * ((long) planes * plane + 64));
        ctx.launch(k("kernel_pad_f32"), new long[] {(wq + 7) / 8, hq, planes}, null, h, wd, pt, pl, hq, wq, plane, src,
                padded);
        int tiles = (int) t.tiles();
        int np = (int) t.panels();
        ClBuffer u = winogradWeights(r, w, groups, m, cin, transposed);
        ClBuffer v = ctx.scratch("conv winograd input", t.inputBytes(cin));
        ClBuffer prod = ctx.scratch("conv winograd products", t.productBytes(m));
        for (int gi = 0; gi < groups; gi++) {
            if (r == 2 && tw % 8 == 0) {
                ctx.launch(k("kernel_winograd_input_panel_f32"), new long[] {cin, np}, null, cin, ctot, gi * cin, wq,
                        plane, th, tw, np, tiles, padded, v);
            } else {
                ctx.launch(k(family + "input_f32"), new long[] {(tw + 7) / 8, th, (long) n * cin}, null, cin,
                        ctot, gi * cin, wq, plane, th, tw, np, padded, v);
            }
            // M_xi (m x tiles) = U_xi (m x cin) * V_xi (cin x tiles), for every xi in one launch
            gemm.runPanels(count, m, tiles, cin, 1f, u, gi * count * m * cin, cin, 1, m * cin, v, np * 32 * cin, 0f, prod, 0, tiles,
                    m * tiles);
            ctx.launch(k(family + "output_f32"), new long[] {(tw + 7) / 8, th, (long) n * m}, null, m, groups * m,
                    gi * m, ho, wo, th, tw, tiles, prod, bias == null ? prod : bias, bias == null ? 0 : 1, out);
        }
    }

    /**
     * The Winograd-transformed weights of v5 (r = 2) or v6 (r = 4) for every group, (r + 2)^2 x m x
     * cin floats per group, kept with {@code w} between calls. Forward: row mo, inner c of group gi
     * at w[(gi*m + mo)*cin + c]; transposed (backward-data): at w[(gi*cin + c)*m + mo], turned.
     */
    private ClBuffer winogradWeights(int r, Tensor w, int groups, int m, int cin, boolean transposed) {
        int count = (r + 2) * (r + 2);
        String kernel = (r == 2 ? "kernel_winograd_" : "kernel_winograd4_") + "weights_f32";
        return ctx.derived(w, "winograd F(" + r + "x" + r + ") " + (transposed ? "transposed " : "") + w.shape()
                + " groups " + groups, 4L * count * m * cin * groups, "conv winograd weights",
                u -> ctx.launch(k(kernel), new long[] {(cin + 7) / 8, m, groups}, null, m, cin, ctx.buffer(w),
                        m * cin * 9, transposed ? 9 : cin * 9, transposed ? m * 9 : 9, transposed ? 1 : 0, u));
    }

    /**
     * The tiles of Winograd F(r x r, 3x3) on n items of ho x wo outputs: th x tw per item, tiles in
     * all, and the sizes of the transformed input (in gemm v4's 32-column panels) and products.
     */
    private record WinogradTiles(int r, int n, int ho, int wo) {
        int th() {
            return (ho + r - 1) / r;
        }

        int tw() {
            return (wo + r - 1) / r;
        }

        long tiles() {
            return (long) n * th() * tw();
        }

        long panels() {
            return (tiles() + 31) / 32;
        }

        int products() {
            return (r + 2) * (r + 2);
        }

        long inputBytes(int cin) {
            return 4L * products() * panels() * 32 * cin;
        }

        /** With 8 floats of slack: the output transform's last lanes read past the last row of tiles. */
        long productBytes(int m) {
            return 4L * (products() * m * tiles() + 8);
        }
    }

    /**
     * Whether v5's (v6's) transformed input and products fit the device's largest allocation (and
     * int indexing: the kernels' batch strides are ints); a large batch that does not runs v4
     * instead of failing.
     */
    boolean winogradBuffersFit(int variant, int n, int cin, int m, Shape out) {
        WinogradTiles t = new WinogradTiles(variant == 5 ? 2 : 4, n, out.h(), out.w());
        long largest = Math.max(t.inputBytes(cin), t.productBytes(m));
        return largest <= ctx.maxAllocationBytes() && largest / 4 <= Integer.MAX_VALUE;
    }
}
