package org.convscope.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Device;
import org.convscope.tensor.IntTensor;
import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.Approx;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Every op of the Device interface on the CPU reference and on the OpenCL device, on random
 * shapes, compared at relative error 1e-4 ({@link Approx}); the random fills, counts and
 * percentiles must agree exactly. Ops with kernel variants run every variant;
 * {@link #everyVariantWasRun} checks afterwards that none was left out, and {@link #everyOpWasRun}
 * that every op of the interface ({@value #OP_COUNT} of them) was compared.
 *
 * <p>Without an OpenCL device every property is skipped with a message ({@link ClTestDevice}); a
 * CPU reference op that is missing fails the property, since parity cannot then be claimed.
 */
@AddLifecycleHook(ClTestDevice.SkipWithoutOpenCl.class)
class OpenClParityTest {
    private static final CpuDevice CPU = CpuDevice.shared();
    /** {@code family/op/vN} of every variant a property ran. */
    private static final Set<String> RAN = new TreeSet<>();
    /** The ops a property compared (the first word of each description). */
    private static final Set<String> OPS = new TreeSet<>();
    /** The ops of {@link Device}: adding one means adding its parity check and counting it here. */
    static final int OP_COUNT = 58;
    /** Device methods that are not ops: memory, naming, life cycle. */
    private static final Set<String> NOT_OPS = Set.of("name", "memoryBytes", "allocate", "allocateInt", "write", "read",
            "adopt", "synchronize", "close", "supportsChannelSlices");

    private static void covered(String what) {
        int space = what.indexOf(' ');
        String op = space < 0 ? what : what.substring(0, space);
        if (NOT_OPS.contains(op)) {
            return; // read and write on slices ({@link #slices}) are not ops of the count
        }
        synchronized (OPS) {
            OPS.add(op);
        }
    }

    private static OpenClDevice cl() {
        return ClTestDevice.get();
    }

    private static Tensor rnd(Device d, long seed, int... dims) {
        return Tensor.uniform(d, seed, -1f, 1f, dims);
    }

    /** The op's outputs on the CPU; a missing reference fails loudly (parity cannot be claimed). */
    private static float[] reference(Function<Device, float[]> op) {
        try {
            return op.apply(CPU);
        } catch (UnsupportedOperationException e) {
            throw new AssertionError("the CPU reference is missing, parity cannot be checked: " + e.getMessage(), e);
        }
    }

    /** Exact-ish parity for element-wise results: {@code |a - e| <= 1e-5 + 1e-4 |e|}. */
    private static void parity(String what, Function<Device, float[]> op) {
        covered(what);
        OpenClDevice cl = cl();
        float[] expected = reference(op);
        Approx.assertClose(what + " on " + cl.name(), expected, op.apply(cl));
    }

    /** Parity for sums of many terms: relative 1e-4 of the largest expected magnitude as the floor. */
    private static void parityScaled(String what, Function<Device, float[]> op) {
        covered(what);
        OpenClDevice cl = cl();
        float[] expected = reference(op);
        Approx.assertCloseScaled(what + " on " + cl.name(), expected, op.apply(cl), Approx.RTOL);
    }

    /** The variants that run gemm v4's register tile: each runs once per tile of {@link GemmKernels#TILES}. */
    private static final Set<String> TILED = Set.of(GemmKernels.FAMILY + "/v4", ConvKernels.FAMILY + "/v3",
            ConvKernels.FAMILY + "/v4", ConvKernels.FAMILY + "/v5", ConvKernels.FAMILY + "/v6",
            ConvKernels.FAMILY + "/v8");

    /**
     * Runs {@code body} once per variant of {@code family} (the tiled ones once per tile, whatever
     * this device would choose), restoring automatic choice afterwards.
     */
    private static void eachVariant(String family, String op, java.util.function.IntConsumer body) {
        OpenClDevice cl = cl();
        int count = OpenClDevice.variants().get(family).size();
        try {
            for (int v = 1; v <= count; v++) {
                cl.useVariant(family, v);
                if (TILED.contains(family + "/v" + v)) {
                    for (GemmKernels.Tile tile : GemmKernels.TILES) {
                        GemmKernels.forcedTile = tile;
                        body.accept(v);
                    }
                    GemmKernels.forcedTile = null;
                } else {
                    body.accept(v);
                }
                synchronized (RAN) {
                    RAN.add(family + "/" + op + "/v" + v);
                }
            }
        } finally {
            cl.useVariant(family, 0);
            GemmKernels.forcedTile = null;
        }
        body.accept(0); // and the automatic choice
    }

    @AfterContainer
    static void everyVariantWasRun() {
        if (RAN.isEmpty()) {
            return; // skipped (no OpenCL or no CPU reference)
        }
        Set<String> expected = new TreeSet<>();
        for (var e : OpenClDevice.variants().entrySet()) {
            List<String> ops = e.getKey().equals(ConvKernels.FAMILY)
                    ? List.of("forward", "backwardData", "backwardWeights") : List.of("gemm", "gram");
            for (String op : ops) {
                for (int v = 1; v <= e.getValue().size(); v++) {
                    expected.add(e.getKey() + "/" + op + "/v" + v);
                }
            }
        }
        assertEquals(expected, RAN, "kernel variants run by the parity properties");
    }

    @AfterContainer
    static void everyOpWasRun() {
        if (OPS.isEmpty()) {
            return; // skipped
        }
        Set<String> ops = new TreeSet<>();
        for (java.lang.reflect.Method m : Device.class.getMethods()) {
            if (!NOT_OPS.contains(m.getName()) && !java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                ops.add(m.getName());
            }
        }
        assertEquals(OP_COUNT, ops.size(), "ops of the Device interface: " + ops
                + " (a new op needs a parity property here, then this count raised)");
        assertEquals(ops, OPS, "ops compared by the parity properties");
    }

    // ---------------------------------------------------------------- convolution

    @Property(tries = 60)
    void conv(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 3) int groups,
              @ForAll @IntRange(min = 1, max = 4) int cg, @ForAll @IntRange(min = 1, max = 3) int kg,
              @ForAll @IntRange(min = 1, max = 11) int h, @ForAll @IntRange(min = 1, max = 11) int w,
              @ForAll @IntRange(min = 1, max = 5) int kh, @ForAll @IntRange(min = 1, max = 5) int kw,
              @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
              @ForAll boolean bias, @ForAll boolean accumulate, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        ConvSpec spec = new ConvSpec(stride, stride == 3 ? 1 : stride, pad, pad == 2 ? 1 : pad, groups);
        int c = cg * groups;
        int k = kg * groups;
        int ho = spec.outH(h, kh);
        int wo = spec.outW(w, kw);
        Assume.that(ho >= 1 && wo >= 1);
        String what = "x " + n + "x" + c + "x" + h + "x" + w + " w " + k + "x" + cg + "x" + kh + "x" + kw + " " + spec;
        eachVariant(ConvKernels.FAMILY, "forward", v -> parityScaled("conv2d v" + v + " " + what, d -> {
            Tensor y = d.allocate(Shape.of(n, k, ho, wo));
            d.conv2d(rnd(d, seed, n, c, h, w), rnd(d, seed + 1, k, cg, kh, kw), bias ? rnd(d, seed + 2, k) : null,
                    spec, y);
            return y.toArray();
        }));
        eachVariant(ConvKernels.FAMILY, "backwardData", v -> parityScaled("conv2dBackwardData v" + v + " " + what,
                d -> {
                    Tensor dx = d.allocate(Shape.of(n, c, h, w));
                    d.conv2dBackwardData(rnd(d, seed + 3, n, k, ho, wo), rnd(d, seed + 1, k, cg, kh, kw), spec, dx);
                    return dx.toArray();
                }));
        eachVariant(ConvKernels.FAMILY, "backwardWeights", v -> parityScaled("conv2dBackwardWeights v" + v
                + " accumulate=" + accumulate + " " + what, d -> {
                    Tensor dw = rnd(d, seed + 4, k, cg, kh, kw);
                    d.conv2dBackwardWeights(rnd(d, seed, n, c, h, w), rnd(d, seed + 3, n, k, ho, wo), spec, dw,
                            accumulate);
                    return dw.toArray();
                }));
        parityScaled("conv2dBackwardBias " + what, d -> {
            Tensor db = rnd(d, seed + 5, k);
            d.conv2dBackwardBias(rnd(d, seed + 3, n, k, ho, wo), db, accumulate);
            return db.toArray();
        });
        parityScaled("convTranspose2d " + what, d -> {
            Tensor y = d.allocate(Shape.of(n, c, h, w));
            d.convTranspose2d(rnd(d, seed + 3, n, k, ho, wo), rnd(d, seed + 1, k, cg, kh, kw),
                    bias ? rnd(d, seed + 2, c) : null, spec, y);
            return y.toArray();
        });
    }

    @Property(tries = 30)
    void convInChunks(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 2) int groups,
                      @ForAll @IntRange(min = 5, max = 14) int h, @ForAll @IntRange(min = 1, max = 4) int kernel,
                      @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                      @ForAll @IntRange(min = 1, max = 30) int chunk, @ForAll @IntRange(min = 0, max = 99) int seed) {
        // v3 lowers large layers a chunk of output rows at a time, v4's backward-weights sums
        // chunks of grid positions: force small chunks here (v4's rounded to 8, 16 or 24)
        ConvSpec spec = ConvSpec.of(stride, pad, groups);
        int ho = spec.outH(h, kernel);
        Assume.that(ho >= 1);
        int c = 2 * groups;
        int k = 3 * groups;
        String what = "chunk " + chunk + " x 1x" + c + "x" + h + "x" + (h + 1) + " kernel " + kernel + " " + spec;
        int saved = ConvLowering.chunkColumns;
        int savedGrid = ConvImplicit.implicitWeightsChunk;
        ConvLowering.chunkColumns = chunk;
        ConvImplicit.implicitWeightsChunk = chunk;
        try {
            Shape xs = Shape.of(n, c, h, h + 1);
            Shape ws = Shape.of(k, 2, kernel, kernel);
            Shape ys = spec.outputShape(xs, ws);
            eachVariant(ConvKernels.FAMILY, "forward", v -> parityScaled("conv2d v" + v + " " + what, d -> {
                Tensor y = d.allocate(ys);
                d.conv2d(rnd(d, seed, xs.dims()), rnd(d, seed + 1, ws.dims()), rnd(d, seed + 2, k), spec, y);
                return y.toArray();
            }));
            eachVariant(ConvKernels.FAMILY, "backwardData", v -> parityScaled("conv2dBackwardData v" + v + " " + what,
                    d -> {
                        Tensor dx = rnd(d, seed + 5, xs.dims()); // overwritten, old values must not leak
                        d.conv2dBackwardData(rnd(d, seed + 3, ys.dims()), rnd(d, seed + 1, ws.dims()), spec, dx);
                        return dx.toArray();
                    }));
            eachVariant(ConvKernels.FAMILY, "backwardWeights", v -> parityScaled("conv2dBackwardWeights v" + v + " "
                    + what, d -> {
                        Tensor dw = rnd(d, seed + 4, ws.dims());
                        d.conv2dBackwardWeights(rnd(d, seed, xs.dims()), rnd(d, seed + 3, ys.dims()), spec, dw, true);
                        return dw.toArray();
                    }));
        } finally {
            ConvLowering.chunkColumns = saved;
            ConvImplicit.implicitWeightsChunk = savedGrid;
        }
    }

    /**
     * Forward (with a bias when asked) and backward-data of one shape on every variant; y and dx
     * start with random values, which must not leak into the results.
     */
    private static void convBothWays(String what, Shape xs, Shape ws, ConvSpec spec, boolean bias, long seed) {
        Shape ys = spec.outputShape(xs, ws);
        eachVariant(ConvKernels.FAMILY, "forward", v -> parityScaled("conv2d v" + v + " " + what, d -> {
            Tensor y = rnd(d, seed + 6, ys.dims());
            d.conv2d(rnd(d, seed, xs.dims()), rnd(d, seed + 1, ws.dims()), bias ? rnd(d, seed + 2, ws.n()) : null,
                    spec, y);
            return y.toArray();
        }));
        eachVariant(ConvKernels.FAMILY, "backwardData", v -> parityScaled("conv2dBackwardData v" + v + " " + what,
                d -> {
                    Tensor dx = rnd(d, seed + 5, xs.dims());
                    d.conv2dBackwardData(rnd(d, seed + 3, ys.dims()), rnd(d, seed + 1, ws.dims()), spec, dx);
                    return dx.toArray();
                }));
    }

    @Example
    void convAlexNetConv2Shape() {
        // a real layer shape (groups 2, 5x5, pad 2) at reduced channel counts, through the tiled paths
        convBothWays("alexnet conv2-like", Shape.of(1, 16, 27, 27), Shape.of(40, 8, 5, 5), ConvSpec.of(1, 2, 2), true, 1);
    }

    @Example
    void convAlexNetConv1Shape() {
        // 11x11 at stride 4 (backward-data on v4 through 16 phase planes per channel, 3x3 taps) at reduced sizes
        convBothWays("alexnet conv1-like", Shape.of(2, 3, 39, 43), Shape.of(10, 3, 11, 11), ConvSpec.of(4, 0), true, 1);
    }

    @Example
    void convWinogradWholePanels() {
        // rows of 16 and 8 tiles (31 and 16 columns): v5's input transform a panel per work-item,
        // blocks of the same panel from two items and two tile rows
        convBothWays("x 2x12x32x31 w 10x6x3x3", Shape.of(2, 12, 32, 31), Shape.of(10, 6, 3, 3), ConvSpec.of(1, 1, 2),
                true, 7);
        convBothWays("x 1x8x9x16 w 8x8x3x3", Shape.of(1, 8, 9, 16), Shape.of(8, 8, 3, 3), ConvSpec.of(1, 1), false, 8);
    }

    @Property(tries = 10)
    void convThreeByThree(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 2) int groups,
                          @ForAll @IntRange(min = 1, max = 12) int cg, @ForAll @IntRange(min = 1, max = 12) int kg,
                          @ForAll @IntRange(min = 1, max = 40) int h, @ForAll @IntRange(min = 1, max = 40) int w,
                          @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll boolean bias,
                          @ForAll @IntRange(min = 0, max = 99) int seed) {
        // the shapes Winograd (v5) takes: 3x3 at stride 1, odd and even map sizes (partial tiles),
        // rows of fewer and more than 8 tiles, every padding backward-data allows
        threeByThree(n, groups, cg, kg, h, w, pad, bias, seed);
    }

    @Property(tries = 10)
    void convFewChannels(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 2) int groups,
                         @ForAll @IntRange(min = 1, max = 7) int cg, @ForAll @IntRange(min = 1, max = 20) int kg,
                         @ForAll @IntRange(min = 1, max = 30) int h, @ForAll @IntRange(min = 1, max = 40) int w,
                         @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll @IntRange(min = 0, max = 99) int seed) {
        // v7's shapes: 3x3 at stride 1 into few input channels (one block of them and more), rows of
        // fewer and more than 8 columns and not a multiple of its 3-row blocks, every padding
        threeByThree(n, groups, cg, kg, h, w, pad, false, seed);
    }

    /** Both passes of a 3x3 stride-1 layer (n items, groups of cg -> kg channels, h x w maps) on every variant. */
    private static void threeByThree(int n, int groups, int cg, int kg, int h, int w, int pad, boolean bias, long seed) {
        Assume.that(h + 2 * pad >= 3 && w + 2 * pad >= 3);
        ConvSpec spec = ConvSpec.of(1, pad, groups);
        Shape xs = Shape.of(n, cg * groups, h, w);
        Shape ws = Shape.of(kg * groups, cg, 3, 3);
        convBothWays("x " + xs + " w " + ws + " " + spec, xs, ws, spec, bias, seed);
    }

    @Property(tries = 8)
    void convManyChannels(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 2) int groups,
                          @ForAll @IntRange(min = 7, max = 20) int cg, @ForAll @IntRange(min = 7, max = 20) int kg,
                          @ForAll @IntRange(min = 3, max = 40) int h, @ForAll @IntRange(min = 3, max = 40) int w,
                          @ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll @IntRange(min = 0, max = 99) int seed) {
        // channel counts that take several register tiles of rows and leave a partial one, on maps
        // whose rows do and do not fill the tiles' blocks of positions (VGG-like: stride 1, "same" padding)
        ConvSpec spec = ConvSpec.of(1, kernel / 2, groups);
        Shape xs = Shape.of(n, cg * groups, h, w);
        Shape ws = Shape.of(kg * groups, cg, kernel, kernel);
        convBothWays("x " + xs + " w " + ws + " " + spec, xs, ws, spec, true, seed);
    }

    @Property(tries = 10)
    void convPointwise(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 40) int c,
                       @ForAll @IntRange(min = 1, max = 40) int k, @ForAll @IntRange(min = 1, max = 23) int h,
                       @ForAll @IntRange(min = 1, max = 23) int w, @ForAll @IntRange(min = 0, max = 3) int tiles,
                       @ForAll boolean bias, @ForAll @IntRange(min = 0, max = 99) int seed) {
        // v8's shapes (1x1, stride 1, no padding): odd and even position counts (a partial last
        // block of positions), channel counts that leave a partial register tile of rows, several
        // items, and work-items of 1-3 register tiles (0: the device's choice)
        int saved = ConvKernels.pointwiseTilesForced;
        ConvKernels.pointwiseTilesForced = tiles;
        try {
            Shape xs = Shape.of(n, c, h, w);
            Shape ws = Shape.of(k, c, 1, 1);
            convBothWays("x " + xs + " w " + ws + " tiles " + tiles, xs, ws, ConvSpec.of(1, 0), bias, seed);
        } finally {
            ConvKernels.pointwiseTilesForced = saved;
        }
    }

    @Property(tries = 10)
    void convStridedLargeKernel(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 2) int groups,
                                @ForAll @IntRange(min = 1, max = 4) int cg, @ForAll @IntRange(min = 1, max = 13) int kg,
                                @ForAll @IntRange(min = 12, max = 48) int h, @ForAll @IntRange(min = 12, max = 48) int w,
                                @ForAll @IntRange(min = 2, max = 11) int kernel, @ForAll @IntRange(min = 2, max = 4) int stride,
                                @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll @IntRange(min = 0, max = 99) int seed) {
        // a network's first layer (SqueezeNet's and GoogLeNet's 7x7 at stride 2, AlexNet's 11x11 at
        // 4): v4's forward pass on the input's phase planes, rows long enough for their vector loads
        Assume.that(h + 2 * pad >= kernel && w + 2 * pad >= kernel);
        ConvSpec spec = ConvSpec.of(stride, pad, groups);
        Shape xs = Shape.of(n, cg * groups, h, w);
        Shape ws = Shape.of(kg * groups, cg, kernel, kernel);
        convBothWays("x " + xs + " w " + ws + " " + spec, xs, ws, spec, true, seed);
    }

    @Property(tries = 12)
    void convWideRows(@ForAll @IntRange(min = 8, max = 70) int w, @ForAll @IntRange(min = 1, max = 5) int kernel,
                      @ForAll @IntRange(min = 1, max = 4) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                      @ForAll @IntRange(min = 0, max = 99) int seed) {
        // rows long enough for the lowering's float8 blocks and the wide panels, with padding at both ends
        int width = w * stride;
        ConvSpec spec = ConvSpec.of(stride, pad);
        convBothWays("w " + width + " kernel " + kernel + " stride " + stride + " pad " + pad, Shape.of(1, 3, 5, width),
                Shape.of(6, 3, kernel, kernel), spec, true, seed);
    }

    @Property(tries = 20)
    void addChannelBias(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 5) int c,
                        @ForAll @IntRange(min = 0, max = 6) int hw, @ForAll @IntRange(min = 0, max = 99) int seed) {
        int[] dims = hw == 0 ? new int[] {n, c} : new int[] {n, c, hw, hw + 1};
        parity("addChannelBias " + Shape.of(dims), d -> {
            Tensor y = rnd(d, seed, dims);
            d.addChannelBias(y, rnd(d, seed + 1, c));
            return y.toArray();
        });
    }

    // ---------------------------------------------------------------- activations

    @Property(tries = 15)
    void activations(@ForAll @IntRange(min = 1, max = 3000) int size, @ForAll @IntRange(min = 0, max = 99) int seed) {
        parity("relu", d -> unary(d, seed, size, d::relu));
        parity("sigmoid", d -> unary(d, seed, size, d::sigmoid));
        parity("tanh", d -> unary(d, seed, size, d::tanh));
        for (ReluMode mode : ReluMode.values()) {
            parity("reluBackward " + mode, d -> {
                Tensor dx = d.allocate(Shape.of(size));
                d.reluBackward(rnd(d, seed, size), rnd(d, seed + 1, size), mode, dx);
                return dx.toArray();
            });
        }
        parity("sigmoidBackward", d -> binary(d, seed, size, d::sigmoidBackward));
        parity("tanhBackward", d -> binary(d, seed, size, d::tanhBackward));
        parity("relu in place", d -> {
            Tensor x = rnd(d, seed, size);
            d.relu(x, x);
            return x.toArray();
        });
    }

    private interface Op2 {
        void apply(Tensor a, Tensor b);
    }

    private interface Op3 {
        void apply(Tensor a, Tensor b, Tensor c);
    }

    private static float[] unary(Device d, long seed, int size, Op2 op) {
        Tensor y = d.allocate(Shape.of(size));
        op.apply(Tensor.uniform(d, seed, -4f, 4f, size), y);
        return y.toArray();
    }

    private static float[] binary(Device d, long seed, int size, Op3 op) {
        Tensor y = d.allocate(Shape.of(size));
        op.apply(rnd(d, seed, size), rnd(d, seed + 1, size), y);
        return y.toArray();
    }

    // ---------------------------------------------------------------- pooling

    @Property(tries = 60)
    void pooling(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 3) int c,
                 @ForAll @IntRange(min = 1, max = 12) int h, @ForAll @IntRange(min = 1, max = 45) int w,
                 @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
                 @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll boolean ties,
                 @ForAll @IntRange(min = 0, max = 99) int seed) {
        // rows up to 45 wide: max pooling's blocks of 8 outputs (stride 1 and 2) inside the row and
        // at both of its ends
        Assume.that(pad < k && k <= h + 2 * pad && k <= w + 2 * pad);
        pool(n, c, h, w, new PoolSpec(k, k, stride, stride, pad, pad), ties, seed);
    }

    @Property(tries = 20)
    void poolingSameSize(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 3) int c,
                         @ForAll @IntRange(min = 1, max = 30) int h, @ForAll @IntRange(min = 1, max = 30) int w,
                         @ForAll @IntRange(min = 0, max = 2) int half, @ForAll boolean ties,
                         @ForAll @IntRange(min = 0, max = 99) int seed) {
        // stride 1 keeping the map's size (GoogLeNet's 3x3 pools padded by 1): blocks of 16 outputs
        // that cross row ends, maps narrower than a block, planes that end inside one
        int k = 2 * half + 1;
        Assume.that(k <= h + 2 * half && k <= w + 2 * half);
        pool(n, c, h, w, new PoolSpec(k, k, 1, 1, half, half), ties, seed);
    }

    /** Max pooling (values and switches), unpooling, average pooling and its backward on CPU and OpenCL. */
    private static void pool(int n, int c, int h, int w, PoolSpec spec, boolean ties, int seed) {
        Shape xs = Shape.of(n, c, h, w);
        Shape ys = spec.outputShape(xs);
        String what = xs + " " + spec;
        // ties: values on a coarse grid, so that windows hold equal maxima
        Function<Device, Tensor> input = d -> ties ? rounded(d, seed, xs) : rnd(d, seed, n, c, h, w);
        parity("maxPool values " + what, d -> {
            Tensor y = d.allocate(ys);
            d.maxPool(input.apply(d), spec, y, d.allocateInt(ys));
            return y.toArray();
        });
        OpenClDevice cl = cl();
        IntTensor sc = CPU.allocateInt(ys);
        CPU.maxPool(input.apply(CPU), spec, CPU.allocate(ys), sc);
        IntTensor so = cl.allocateInt(ys);
        cl.maxPool(input.apply(cl), spec, cl.allocate(ys), so);
        assertArrayEquals(sc.toArray(), so.toArray(), "maxPool switches " + what);
        parity("maxUnpool " + what, d -> {
            IntTensor s = d.allocateInt(ys);
            d.maxPool(input.apply(d), spec, d.allocate(ys), s);
            Tensor dx = d.allocate(xs);
            d.fill(dx, 7f); // stale values: every element of dx must be written
            d.maxUnpool(rnd(d, seed + 1, ys.dims()), s, spec, dx);
            return dx.toArray();
        });
        parity("avgPool " + what, d -> {
            Tensor y = d.allocate(ys);
            d.avgPool(rnd(d, seed, n, c, h, w), spec, y);
            return y.toArray();
        });
        parity("avgPoolBackward " + what, d -> {
            Tensor dx = d.allocate(xs);
            d.avgPoolBackward(rnd(d, seed + 1, ys.dims()), spec, dx);
            return dx.toArray();
        });
    }

    private static Tensor rounded(Device d, long seed, Shape s) {
        float[] v = rnd(CPU, seed, s.dims()).toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(v[i] * 2);
        }
        return Tensor.of(d, v, s.dims());
    }

    // ---------------------------------------------------------------- LRN

    @Property(tries = 40)
    void lrn(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 8) int c,
             @ForAll @IntRange(min = 1, max = 7) int h, @ForAll @IntRange(min = 1, max = 7) int w,
             @ForAll @IntRange(min = 0, max = 2) int half, @ForAll boolean across, @ForAll boolean alexNetBeta,
             @ForAll @IntRange(min = 0, max = 99) int seed) {
        int size = 2 * half + 1;
        float beta = alexNetBeta ? 0.75f : 0.6f; // 0.75 has its own fast path in lrn.cl
        LrnSpec spec = across ? LrnSpec.across(size, 0.5f, beta, 1.5f) : LrnSpec.within(size, 0.7f, beta);
        Shape s = Shape.of(n, c, h, w);
        parity("lrn " + s + " " + spec, d -> {
            Tensor y = d.allocate(s);
            d.lrn(Tensor.uniform(d, seed, -2f, 2f, s.dims()), spec, y);
            return y.toArray();
        });
        parityScaled("lrnBackward " + s + " " + spec, d -> {
            Tensor x = Tensor.uniform(d, seed, -2f, 2f, s.dims());
            Tensor y = d.allocate(s);
            d.lrn(x, spec, y);
            Tensor dx = d.allocate(s);
            d.lrnBackward(x, y, rnd(d, seed + 1, s.dims()), spec, dx);
            return dx.toArray();
        });
    }

    // ---------------------------------------------------------------- matrices

    @Property(tries = 60)
    void gemm(@ForAll boolean transA, @ForAll boolean transB, @ForAll @IntRange(min = 1, max = 40) int m,
              @ForAll @IntRange(min = 1, max = 80) int n, @ForAll @IntRange(min = 1, max = 60) int k,
              @ForAll @IntRange(min = 0, max = 2) int betaCase, @ForAll @IntRange(min = 0, max = 99) int seed) {
        float beta = betaCase == 0 ? 0f : betaCase == 1 ? 1f : -0.5f;
        String what = "gemm transA=" + transA + " transB=" + transB + " M=" + m + " N=" + n + " K=" + k + " beta=" + beta;
        eachVariant(GemmKernels.FAMILY, "gemm", v -> parityScaled(what + " v" + v, d -> {
            Tensor c = rnd(d, seed + 2, m, n);
            if (beta == 0f) {
                d.fill(c, Float.NaN); // beta 0 must ignore C
            }
            d.gemm(transA, transB, m, n, k, 0.75f, rnd(d, seed, m * k), rnd(d, seed + 1, k * n), beta, c);
            return c.toArray();
        }));
    }

    @Example
    void gemmLargeTiles() {
        // several full 6 x 32 tiles in both directions and partial ones; full 256-column runs
        int[][] mnk = {{50, 100, 70}, {3, 600, 50}};
        for (int[] s : mnk) {
            for (boolean tb : new boolean[] {false, true}) {
                String what = "gemm " + s[0] + "x" + s[1] + "x" + s[2] + " transB=" + tb;
                eachVariant(GemmKernels.FAMILY, "gemm", v -> parityScaled(what + " v" + v, d -> {
                    Tensor c = d.allocate(Shape.of(s[0], s[1]));
                    d.gemm(false, tb, s[0], s[1], s[2], 1f, rnd(d, 1, s[0] * s[2]), rnd(d, 2, s[2] * s[1]), 0f, c);
                    return c.toArray();
                }));
            }
        }
    }

    @Property(tries = 15)
    void gram(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 20) int c,
              @ForAll @IntRange(min = 1, max = 9) int h, @ForAll @IntRange(min = 1, max = 9) int w,
              @ForAll @IntRange(min = 0, max = 99) int seed) {
        Shape s = Shape.of(n, c, h, w);
        eachVariant(GemmKernels.FAMILY, "gram", v -> {
            parityScaled("gram " + s + " v" + v, d -> {
                Tensor g = d.allocate(Shape.of(n, c, c));
                d.gram(rnd(d, seed, s.dims()), g);
                return g.toArray();
            });
            parityScaled("gramBackward " + s + " v" + v, d -> {
                Tensor dx = d.allocate(s);
                d.gramBackward(rnd(d, seed, s.dims()), rnd(d, seed + 1, n, c, c), dx);
                return dx.toArray();
            });
        });
    }

    @Property(tries = 15)
    void gramAsDotProducts(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 20) int c,
                           @ForAll @IntRange(min = 1, max = 12) int h, @ForAll @IntRange(min = 1, max = 12) int w,
                           @ForAll @IntRange(min = 1, max = 40) int chunk, @ForAll @IntRange(min = 0, max = 99) int seed) {
        // the dot-product form (ConvImplicit.gram) on every shape, in chunks of 8-40 positions
        Shape s = Shape.of(n, c, h, w);
        int savedRatio = ConvImplicit.gramDotMinRatio;
        int savedChunk = ConvImplicit.implicitWeightsChunk;
        ConvImplicit.gramDotMinRatio = 0;
        ConvImplicit.implicitWeightsChunk = chunk;
        try {
            parityScaled("gram as dot products " + s + " chunk " + chunk, d -> {
                Tensor g = rnd(d, seed + 2, n, c, c); // overwritten
                d.gram(rnd(d, seed, s.dims()), g);
                return g.toArray();
            });
        } finally {
            ConvImplicit.gramDotMinRatio = savedRatio;
            ConvImplicit.implicitWeightsChunk = savedChunk;
        }
    }

    // ---------------------------------------------------------------- softmax and loss

    @Property(tries = 20)
    void softmax(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 30) int c,
                 @ForAll @IntRange(min = 0, max = 4) int hw, @ForAll @IntRange(min = 0, max = 99) int seed) {
        int[] dims = hw == 0 ? new int[] {n, c} : new int[] {n, c, hw, hw + 1};
        parity("softmax " + Shape.of(dims), d -> {
            Tensor y = d.allocate(Shape.of(dims));
            d.softmax(Tensor.uniform(d, seed, -20f, 20f, dims), y);
            return y.toArray();
        });
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (seed + 7 * i) % c;
        }
        parity("softmaxCrossEntropy N=" + n + " C=" + c, d -> {
            Tensor dx = d.allocate(Shape.of(n, c));
            float loss = d.softmaxCrossEntropy(Tensor.uniform(d, seed, -5f, 5f, n, c), labels, dx);
            float lossOnly = d.softmaxCrossEntropy(Tensor.uniform(d, seed, -5f, 5f, n, c), labels, null);
            float[] g = dx.toArray();
            float[] out = java.util.Arrays.copyOf(g, g.length + 2);
            out[g.length] = loss;
            out[g.length + 1] = lossOnly;
            return out;
        });
    }

    // ---------------------------------------------------------------- element-wise and reductions

    @Property(tries = 15)
    void elementwise(@ForAll @IntRange(min = 1, max = 5000) int size, @ForAll @IntRange(min = 0, max = 99) int seed) {
        parity("add", d -> binary(d, seed, size, d::add));
        parity("sub", d -> binary(d, seed, size, d::sub));
        parity("mul", d -> binary(d, seed, size, d::mul));
        parity("scale", d -> unary(d, seed, size, (x, y) -> d.scale(x, -1.5f, y)));
        parity("addScalar", d -> unary(d, seed, size, (x, y) -> d.addScalar(x, 0.25f, y)));
        parity("clamp", d -> unary(d, seed, size, (x, y) -> d.clamp(x, -0.5f, 2f, y)));
        parity("axpy", d -> {
            Tensor y = rnd(d, seed + 1, size);
            d.axpy(0.3f, rnd(d, seed, size), y);
            return y.toArray();
        });
        parity("fill", d -> {
            Tensor y = d.allocate(Shape.of(size));
            d.fill(y, 3.5f);
            return y.toArray();
        });
        parity("copy (reshaped)", d -> {
            Tensor y = d.allocate(Shape.of(1, size));
            d.copy(rnd(d, seed, size), y);
            return y.toArray();
        });
        parity("add in place", d -> {
            Tensor a = rnd(d, seed, size);
            d.add(a, rnd(d, seed + 1, size), a);
            return a.toArray();
        });
    }

    @Property(tries = 15)
    void powersSignAndAdam(@ForAll @IntRange(min = 1, max = 5000) int size, @ForAll @IntRange(min = 0, max = 99) int seed) {
        parity("abs", d -> unary(d, seed, size, d::abs));
        parity("sign", d -> {
            Tensor x = rounded(d, seed, Shape.of(size)); // zeros included
            d.sign(x, x);
            return x.toArray();
        });
        for (float p : new float[] {0.5f, 1f, 1.5f, 6f}) {
            parity("absPow p=" + p, d -> unary(d, seed, size, (x, y) -> d.absPow(x, p, y)));
            if (p >= 1) {
                parity("absPowGradient p=" + p, d -> unary(d, seed, size, (x, y) -> d.absPowGradient(x, p, y)));
            }
        }
        parity("adamUpdate (x, m, v after 3 steps)", d -> {
            Tensor x = rnd(d, seed, size);
            Tensor m = d.allocate(Shape.of(size));
            Tensor v = d.allocate(Shape.of(size));
            for (int t = 1; t <= 3; t++) {
                d.adamUpdate(x, Tensor.uniform(d, seed + t, -4f, 4f, size), m, v, 0.05f, 0.9f, 0.999f, 1e-8f, t);
            }
            float[] out = new float[3 * size];
            System.arraycopy(x.toArray(), 0, out, 0, size);
            System.arraycopy(m.toArray(), 0, out, size, size);
            System.arraycopy(v.toArray(), 0, out, 2 * size, size);
            return out;
        });
    }

    @Property(tries = 15)
    void randomFillsAreTheSameBytes(@ForAll @IntRange(min = 1, max = 20_000) int size, @ForAll long seed) {
        OpenClDevice cl = cl();
        for (String op : new String[] {"randomUniform", "randomNormal"}) {
            float[][] got = new float[2][];
            Device[] both = {CPU, cl};
            for (int i = 0; i < 2; i++) {
                Tensor y = both[i].allocate(Shape.of(size));
                if (op.equals("randomUniform")) {
                    both[i].randomUniform(y, seed, -3f, 5f);
                } else {
                    both[i].randomNormal(y, seed, 0.5f, 2f);
                }
                got[i] = y.toArray();
            }
            assertArrayEquals(got[0], got[1], op + " of " + size + " with seed " + seed + " on " + cl.name());
            covered(op);
        }
    }

    @Property(tries = 30)
    void pixelMapsAndTotalVariation(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 5) int c,
                                    @ForAll @IntRange(min = 1, max = 17) int h, @ForAll @IntRange(min = 1, max = 17) int w,
                                    @ForAll @IntRange(min = 0, max = 2) int which, @ForAll @IntRange(min = 0, max = 99) int seed) {
        Shape s = Shape.of(n, c, h, w);
        Shape map = Shape.of(n, 1, h, w);
        parity("channelNorm " + s, d -> {
            Tensor y = d.allocate(map);
            d.channelNorm(rnd(d, seed, s.dims()), y);
            return y.toArray();
        });
        parityScaled("channelDot " + s, d -> {
            Tensor y = d.allocate(map);
            d.channelDot(rnd(d, seed, s.dims()), rnd(d, seed + 1, s.dims()), y);
            return y.toArray();
        });
        parity("zeroWhereBelow " + s, d -> {
            Tensor x = rnd(d, seed, s.dims());
            d.zeroWhereBelow(x, rnd(d, seed + 1, map.dims()), 0.2f, x);
            return x.toArray();
        });
        float beta = new float[] {1f, 1.5f, 2f}[which];
        parityScaled("totalVariation gradient beta=" + beta + " " + s, d -> {
            Tensor g = rnd(d, seed + 2, s.dims()); // overwritten
            d.totalVariation(rnd(d, seed, s.dims()), beta, g);
            return g.toArray();
        });
        parity("totalVariation value beta=" + beta + " " + s, d -> new float[] {
            d.totalVariation(rnd(d, seed, s.dims()), beta, null), d.totalVariation(rounded(d, seed, s), beta, null)});
    }

    @Example
    void reluPassesNaNOnBothWaysAsTheReference() {
        // NaN, infinities and signed zeros in the 16-wide vector body and in the tail of each kernel
        int n = 16 * 5 + 7;
        float[] x = new float[n];
        float[] dy = new float[n];
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, -1f, 2f};
        for (int i = 0; i < n; i++) {
            x[i] = specials[i % specials.length];
            dy[i] = specials[(i / specials.length) % specials.length];
        }
        for (Device d : new Device[] {CPU, cl()}) {
            Tensor t = Tensor.of(d, x.clone(), n);
            d.relu(t, t);
            float[] y = t.toArray();
            for (int i = 0; i < n; i++) {
                float want = Float.isNaN(x[i]) ? Float.NaN : x[i] > 0 ? x[i] : 0f;
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]), d.name() + " relu(" + x[i] + ")");
            }
            for (ReluMode mode : ReluMode.values()) {
                Tensor dx = d.allocate(Shape.of(n));
                d.reluBackward(Tensor.of(d, x.clone(), n), Tensor.of(d, dy.clone(), n), mode, dx);
                float[] got = dx.toArray();
                for (int i = 0; i < n; i++) {
                    boolean nan = Float.isNaN(x[i]) || Float.isNaN(dy[i]);
                    assertEquals(nan, Float.isNaN(got[i]), d.name() + " " + mode + " x " + x[i] + " dy " + dy[i]);
                }
                assertArrayEquals(cpuBackward(x, dy, mode), got, d.name() + " " + mode);
            }
        }
    }

    private static float[] cpuBackward(float[] x, float[] dy, ReluMode mode) {
        Tensor dx = CPU.allocate(Shape.of(x.length));
        CPU.reluBackward(Tensor.of(CPU, x.clone(), x.length), Tensor.of(CPU, dy.clone(), x.length), mode, dx);
        return dx.toArray();
    }

    @Example
    void argmaxOfRepeatedLargestAndNaN() {
        // long enough for each work-item to read several runs of 8: the largest value recurs in the
        // same lane of the same work-item (runs 2048 apart with 256 work-items) and elsewhere, NaNs
        // before and after it; the first of the largest wins, NaN never does
        int n = 300_000;
        float[] v = new float[n];
        for (int at : new int[] {6, 6 + 2048, 6 + 4096, 9_000, 299_999}) {
            v[at] = 3f;
        }
        v[0] = Float.NaN;
        v[100_000] = Float.NaN;
        v[5] = 2.5f;
        for (float[] data : new float[][] {v, new float[n]}) {
            float[] copy = data.clone();
            assertEquals(CPU.argmax(Tensor.of(CPU, copy, n)), cl().argmax(Tensor.of(cl(), copy, n)), "argmax");
            assertEquals(CPU.max(Tensor.of(CPU, copy, n)), cl().max(Tensor.of(cl(), copy, n)), "max");
        }
    }

    @Property(tries = 15)
    void reductions(@ForAll @IntRange(min = 1, max = 300_000) int size, @ForAll boolean ties,
                    @ForAll @IntRange(min = 0, max = 99) int seed) {
        Function<Device, Tensor> x = d -> ties ? rounded(d, seed, Shape.of(size)) : rnd(d, seed, size);
        OpenClDevice cl = cl();
        float[] ref = reference(d -> new float[] {d.sum(x.apply(d)), d.sumAbs(x.apply(d)),
            d.dot(x.apply(d), rnd(d, seed + 1, size)), d.l2Norm(x.apply(d)), d.max(x.apply(d))});
        float[] got = {cl.sum(x.apply(cl)), cl.sumAbs(x.apply(cl)), cl.dot(x.apply(cl), rnd(cl, seed + 1, size)),
            cl.l2Norm(x.apply(cl)), cl.max(x.apply(cl))};
        // sums of terms of both signs: the floor is relative to the sum of magnitudes
        double scale = ref[1] + 1;
        String[] names = {"sum", "sumAbs", "dot", "l2Norm", "max"};
        for (int i = 0; i < ref.length; i++) {
            Approx.assertClose(names[i] + " of " + size, new float[] {ref[i]}, new float[] {got[i]},
                    1e-5 * scale, Approx.RTOL);
            covered(names[i]);
        }
        assertEquals(CPU.argmax(x.apply(CPU)), cl.argmax(x.apply(cl)), "argmax of " + size + " ties=" + ties);
        covered("argmax");
        // counts and percentiles are exact: the same elements, the same comparisons
        float[] xs = x.apply(CPU).toArray();
        for (float threshold : new float[] {xs[0], xs[size / 2], 0f, -2f, 2f, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertEquals(CPU.countBelow(x.apply(CPU), threshold), cl.countBelow(x.apply(cl), threshold),
                    "countBelow " + threshold + " of " + size);
        }
        covered("countBelow");
        for (int k : new int[] {0, size - 1, size / 3}) {
            assertEquals(CPU.kthSmallest(x.apply(CPU), k), cl.kthSmallest(x.apply(cl), k),
                    "kthSmallest " + k + " of " + size);
        }
        covered("kthSmallest");
        int q = 1 + seed % 9;
        int rows = Math.max(1, Math.min(size / q, 500));
        parity("oneHotArgmax " + rows + "x" + q + " ties=" + ties, d -> {
            Tensor m = ties ? rounded(d, seed, Shape.of(rows, q)) : rnd(d, seed, rows, q);
            Tensor y = d.allocate(Shape.of(rows, q));
            d.oneHotArgmax(m, y);
            return y.toArray();
        });
    }

    // ---------------------------------------------------------------- channels and image ops

    /** The ops that take channel slices ({@link Device#supportsChannelSlices()}); {@link #everySliceOpWasRun}. */
    private static final Set<String> SLICE_OPS = Set.of("read", "write", "copy", "fill", "add", "relu", "reluBackward");
    /** The ops that {@link #slices} ran with at least one argument a channel slice. */
    private static final Set<String> SLICED = new TreeSet<>();

    @AfterContainer
    static void everySliceOpWasRun() {
        if (!OPS.isEmpty()) {
            assertEquals(new TreeSet<>(SLICE_OPS), SLICED, "ops compared on channel slices");
        }
    }

    /**
     * The ops that take channel slices, with each of three arguments a slice of channels [1, 1 + c) of a
     * wider tensor or a tensor of its own ({@code which}'s bits): the written tensor is compared whole,
     * so a kernel that writes outside its slice fails too. Batch 1 to 3 (strided items), rank 2 and 4.
     */
    @Property(tries = 40)
    void slices(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 5) int c,
                @ForAll @IntRange(min = 0, max = 6) int hw, @ForAll @IntRange(min = 1, max = 7) int which,
                @ForAll @IntRange(min = 0, max = 999) int seed) {
        int[] dims = hw == 0 ? new int[] {n, c} : new int[] {n, c, hw, hw + 3};
        int first = Integer.numberOfTrailingZeros(which);
        String what = " slices " + java.util.Arrays.toString(dims) + " which=" + which;
        class Args {
            final Tensor[] whole = new Tensor[3];
            final Tensor[] t = new Tensor[3];

            Args(Device d) {
                for (int i = 0; i < 3; i++) {
                    int[] wide = dims.clone();
                    wide[1] += (which >> i & 1) * 3;
                    whole[i] = rnd(d, seed + i, wide);
                    t[i] = (which >> i & 1) == 1 ? whole[i].channelSlice(1, c) : whole[i];
                }
            }
        }
        sliceParity("relu" + what, which, 0b011, d -> {
            Args a = new Args(d);
            d.relu(a.t[0], a.t[1]);
            d.relu(a.t[2], a.t[2]);
            return concat(a.whole[1].toArray(), a.whole[2].toArray());
        });
        for (ReluMode m : ReluMode.values()) {
            sliceParity("reluBackward " + m + what, which, 0b111, d -> {
                Args a = new Args(d);
                d.reluBackward(a.t[0], a.t[1], m, a.t[2]);
                return a.whole[2].toArray();
            });
        }
        sliceParity("add" + what, which, 0b111, d -> {
            Args a = new Args(d);
            d.add(a.t[0], a.t[1], a.t[2]);
            return a.whole[2].toArray();
        });
        sliceParity("copy" + what, which, 0b011, d -> {
            Args a = new Args(d);
            d.copy(a.t[0], a.t[1]);
            return a.whole[1].toArray();
        });
        sliceParity("fill" + what, which, 1 << first, d -> {
            Args a = new Args(d);
            d.fill(a.t[first], -2f);
            return a.whole[first].toArray();
        });
        sliceParity("read" + what, which, 1 << first, d -> new Args(d).t[first].toArray());
        sliceParity("write" + what, which, 1 << first, d -> {
            Args a = new Args(d);
            d.write(a.t[first], rnd(CPU, seed + 7, dims).toArray());
            return a.whole[first].toArray();
        });
    }

    /** {@link #parity} of an op whose arguments {@code uses} (bits), counted as sliced when one is a slice. */
    private static void sliceParity(String what, int which, int uses, Function<Device, float[]> op) {
        parity(what, op);
        if ((which & uses) != 0) {
            synchronized (SLICED) {
                SLICED.add(what.substring(0, what.indexOf(' ')));
            }
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Property(tries = 15)
    void concatAndSplit(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 4) int parts,
                        @ForAll @IntRange(min = 0, max = 5) int hw, @ForAll @IntRange(min = 0, max = 99) int seed) {
        int[] cs = new int[parts];
        int total = 0;
        for (int i = 0; i < parts; i++) {
            cs[i] = 1 + (seed + i) % 3;
            total += cs[i];
        }
        int all = total;
        Function<Integer, int[]> dims = c -> hw == 0 ? new int[] {n, c} : new int[] {n, c, hw, hw + 2};
        parity("concatChannels " + java.util.Arrays.toString(cs), d -> {
            List<Tensor> xs = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                xs.add(rnd(d, seed + i, dims.apply(cs[i])));
            }
            Tensor y = d.allocate(Shape.of(dims.apply(all)));
            d.concatChannels(xs, y);
            return y.toArray();
        });
        parity("splitChannels " + java.util.Arrays.toString(cs), d -> {
            List<Tensor> ys = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                ys.add(d.allocate(Shape.of(dims.apply(cs[i]))));
            }
            d.splitChannels(rnd(d, seed, dims.apply(all)), ys);
            float[] out = new float[0];
            for (Tensor y : ys) {
                float[] v = y.toArray();
                float[] joined = java.util.Arrays.copyOf(out, out.length + v.length);
                System.arraycopy(v, 0, joined, out.length, v.length);
                out = joined;
            }
            return out;
        });
    }

    @Property(tries = 20)
    void imageOps(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 3) int c,
                  @ForAll @IntRange(min = 1, max = 20) int h, @ForAll @IntRange(min = 1, max = 20) int w,
                  @ForAll @IntRange(min = 1, max = 30) int ho, @ForAll @IntRange(min = 1, max = 30) int wo,
                  @ForAll @IntRange(min = -25, max = 25) int dy, @ForAll @IntRange(min = -25, max = 25) int dx,
                  @ForAll @IntRange(min = 0, max = 30) int sigmaTenths, @ForAll @IntRange(min = 0, max = 99) int seed) {
        Shape s = Shape.of(n, c, h, w);
        float sigma = sigmaTenths / 10f;
        parityScaled("gaussianBlur " + s + " sigma " + sigma, d -> {
            Tensor y = d.allocate(s);
            d.gaussianBlur(rnd(d, seed, s.dims()), sigma, y);
            return y.toArray();
        });
        parity("circularShift " + s + " by " + dy + "," + dx, d -> {
            Tensor y = d.allocate(s);
            d.circularShift(rnd(d, seed, s.dims()), dy, dx, y);
            return y.toArray();
        });
        parity("resizeBilinear " + s + " to " + ho + "x" + wo, d -> {
            Tensor y = d.allocate(Shape.of(n, c, ho, wo));
            d.resizeBilinear(rnd(d, seed, s.dims()), y);
            return y.toArray();
        });
        parity("cropPad " + s + " to " + ho + "x" + wo + " at " + dy + "," + dx, d -> {
            Tensor y = d.allocate(Shape.of(n, c, ho, wo));
            d.cropPad(rnd(d, seed, s.dims()), dy, dx, -7f, y);
            return y.toArray();
        });
    }
}
