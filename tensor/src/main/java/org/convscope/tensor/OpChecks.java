package org.convscope.tensor;

import java.util.List;

/**
 * Argument checks shared by every {@link Device}, so that each op refuses a bad call with the
 * same message on every device, before any work is done. Each check throws
 * {@link IllegalArgumentException} whose message starts with the op's name and gives the shapes.
 */
public final class OpChecks {
    private OpChecks() {
    }

    static IllegalArgumentException fail(String op, String message) {
        return new IllegalArgumentException(op + ": " + message);
    }

    /**
     * Every tensor is on {@code device} and none is a {@link Tensor#channelSlice}: the check every op
     * starts with, except the few that read and write slices ({@link #sameDeviceSlicesAllowed}).
     */
    public static void sameDevice(String op, Device device, Tensor... ts) {
        sameDeviceSlicesAllowed(op, device, ts);
        for (Tensor t : ts) {
            if (t != null && t.isChannelSlice()) {
                throw fail(op, "a " + t.shape() + " channel slice (" + t.sliceChannels() + ") was given; " + op
                        + " takes contiguous tensors only: copy the slice into a tensor of its own first (Tensor.to(device))");
            }
        }
    }

    /**
     * Every tensor is on {@code device}; channel slices are allowed, and only where the device reads
     * and writes them ({@link Device#supportsChannelSlices()}): the ops that list them call this.
     */
    public static void sameDeviceSlicesAllowed(String op, Device device, Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && t.device() != device) {
                throw fail(op, t + " is not on device " + device.name() + "; move it with Tensor.to(device)");
            }
            if (t != null && t.isChannelSlice() && !device.supportsChannelSlices()) {
                throw fail(op, "a " + t.shape() + " channel slice (" + t.sliceChannels() + ") was given, which device "
                        + device.name() + " does not read or write; copy it into a tensor of its own first");
            }
        }
    }

    /**
     * {@code copy}: same sizes, and the same shapes where either side is a channel slice (a slice is
     * not a run of consecutive elements, so it cannot be copied under another shape).
     */
    public static void copy(Tensor src, Tensor dst) {
        sameSize("copy", "source", src, "destination", dst);
        if ((src.isChannelSlice() || dst.isChannelSlice()) && !src.shape().equals(dst.shape())) {
            throw fail("copy", "source " + src.shape() + " and destination " + dst.shape() + " differ in shape; a"
                    + " channel slice is copied only to or from a tensor of its own shape");
        }
    }

    public static void rank4(String op, String name, Tensor t) {
        if (t.rank() != 4) {
            throw fail(op, name + " must be N x C x H x W, got " + t.shape());
        }
    }

    public static void sameShape(String op, String a, Tensor ta, String b, Tensor tb) {
        if (!ta.shape().equals(tb.shape())) {
            throw fail(op, a + " is " + ta.shape() + " but " + b + " is " + tb.shape());
        }
    }

    public static void sameSize(String op, String a, Tensor ta, String b, Tensor tb) {
        if (ta.size() != tb.size()) {
            throw fail(op, a + " has " + ta.size() + " elements (" + ta.shape() + ") but " + b + " has "
                    + tb.size() + " (" + tb.shape() + ")");
        }
    }

    public static void expectShape(String op, String name, Tensor t, Shape expected) {
        if (!t.shape().equals(expected)) {
            throw fail(op, name + " is " + t.shape() + ", expected " + expected);
        }
    }

    private static void expectShape(String op, String name, IntTensor t, Shape expected) {
        if (!t.shape().equals(expected)) {
            throw fail(op, name + " is " + t.shape() + ", expected " + expected);
        }
    }

    /** Checks x, w and groups against each other and returns the output shape. */
    private static Shape convOut(String op, Shape x, Shape w, ConvSpec spec) {
        int g = spec.groups();
        if (w.n() % g != 0) {
            throw fail(op, "weights " + w + " have " + w.n() + " filters, not divisible by " + g + " groups");
        }
        if (x.c() != w.c() * g) {
            throw fail(op, "input has " + x.c() + " channels, weights expect " + w.c() + " per group x " + g
                    + " group" + (g == 1 ? "" : "s") + " (input " + x + ", weights " + w + ")");
        }
        int ho = spec.outH(x.h(), w.h());
        int wo = spec.outW(x.w(), w.w());
        if (ho < 1 || wo < 1) {
            throw fail(op, "kernel " + w.h() + "x" + w.w() + " with pad " + spec.padH() + "x" + spec.padW()
                    + " does not fit input " + x);
        }
        return Shape.of(x.n(), w.n(), ho, wo);
    }

    private static void bias(String op, Tensor b, int channels) {
        if (b != null && b.size() != channels) {
            throw fail(op, "bias has " + b.size() + " values (" + b.shape() + "), expected " + channels);
        }
    }

    public static void conv2d(Tensor x, Tensor w, Tensor b, ConvSpec spec, Tensor y) {
        String op = "conv2d";
        rank4(op, "input", x);
        rank4(op, "weights", w);
        rank4(op, "output", y);
        expectShape(op, "output", y, convOut(op, x.shape(), w.shape(), spec));
        bias(op, b, w.shape().n());
    }

    public static void conv2dBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        String op = "conv2dBackwardData";
        rank4(op, "output gradient", dy);
        rank4(op, "weights", w);
        rank4(op, "input gradient", dx);
        expectShape(op, "output gradient", dy, convOut(op, dx.shape(), w.shape(), spec));
    }

    public static void convTranspose2d(Tensor x, Tensor w, Tensor b, ConvSpec spec, Tensor y) {
        String op = "convTranspose2d";
        rank4(op, "input", x);
        rank4(op, "weights", w);
        rank4(op, "output", y);
        expectShape(op, "input", x, convOut(op, y.shape(), w.shape(), spec));
        bias(op, b, y.shape().c());
    }

    public static void conv2dBackwardWeights(Tensor x, Tensor dy, ConvSpec spec, Tensor dw) {
        String op = "conv2dBackwardWeights";
        rank4(op, "input", x);
        rank4(op, "output gradient", dy);
        rank4(op, "weight gradient", dw);
        expectShape(op, "output gradient", dy, convOut(op, x.shape(), dw.shape(), spec));
    }

    public static void conv2dBackwardBias(Tensor dy, Tensor db) {
        String op = "conv2dBackwardBias";
        rank4(op, "output gradient", dy);
        bias(op, db, dy.shape().c());
    }

    public static void addChannelBias(Tensor y, Tensor b) {
        String op = "addChannelBias";
        if (y.rank() != 2 && y.rank() != 4) {
            throw fail(op, "target must be N x C or N x C x H x W, got " + y.shape());
        }
        bias(op, b, y.shape().dim(1));
    }

    public static void elementwise(String op, Tensor x, Tensor y) {
        sameShape(op, "input", x, "output", y);
    }

    public static void elementwise(String op, Tensor a, Tensor b, Tensor y) {
        sameShape(op, "a", a, "b", b);
        sameShape(op, "a", a, "output", y);
    }

    public static void maxPool(Tensor x, PoolSpec spec, Tensor y, IntTensor switches) {
        String op = "maxPool";
        rank4(op, "input", x);
        Shape out = poolOut(op, x.shape(), spec);
        expectShape(op, "output", y, out);
        expectShape(op, "switches", switches, out);
    }

    public static void maxUnpool(Tensor dy, IntTensor switches, PoolSpec spec, Tensor dx) {
        String op = "maxUnpool";
        rank4(op, "input gradient", dx);
        Shape out = poolOut(op, dx.shape(), spec);
        expectShape(op, "output gradient", dy, out);
        expectShape(op, "switches", switches, out);
    }

    public static void avgPool(String op, Tensor x, PoolSpec spec, Tensor y) {
        rank4(op, "input", x);
        expectShape(op, "output", y, poolOut(op, x.shape(), spec));
    }

    private static Shape poolOut(String op, Shape x, PoolSpec spec) {
        if (spec.kernelH() > x.h() + 2 * spec.padH() || spec.kernelW() > x.w() + 2 * spec.padW()) {
            throw fail(op, "window " + spec.kernelH() + "x" + spec.kernelW() + " is larger than the padded input " + x);
        }
        return spec.outputShape(x);
    }

    public static void lrn(Tensor x, Tensor y) {
        rank4("lrn", "input", x);
        sameShape("lrn", "input", x, "output", y);
    }

    public static void lrnBackward(Tensor x, Tensor y, Tensor dy, Tensor dx) {
        String op = "lrnBackward";
        rank4(op, "input", x);
        sameShape(op, "input", x, "output", y);
        sameShape(op, "input", x, "output gradient", dy);
        sameShape(op, "input", x, "input gradient", dx);
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor b, Tensor c) {
        String op = "gemm";
        if (m < 1 || n < 1 || k < 1) {
            throw fail(op, "dimensions must be positive, got M=" + m + " N=" + n + " K=" + k);
        }
        if ((long) m * k > a.size()) {
            throw fail(op, "A must hold " + (transA ? k + "x" + m : m + "x" + k) + " = " + (long) m * k
                    + " values, has " + a.size() + " (" + a.shape() + ")");
        }
        if ((long) k * n > b.size()) {
            throw fail(op, "B must hold " + (transB ? n + "x" + k : k + "x" + n) + " = " + (long) k * n
                    + " values, has " + b.size() + " (" + b.shape() + ")");
        }
        if ((long) m * n > c.size()) {
            throw fail(op, "C must hold " + m + "x" + n + " = " + (long) m * n + " values, has " + c.size()
                    + " (" + c.shape() + ")");
        }
    }

    public static void gram(Tensor x, Tensor g) {
        rank4("gram", "input", x);
        Shape s = x.shape();
        expectShape("gram", "output", g, Shape.of(s.n(), s.c(), s.c()));
    }

    public static void gramBackward(Tensor x, Tensor dg, Tensor dx) {
        String op = "gramBackward";
        rank4(op, "input", x);
        Shape s = x.shape();
        expectShape(op, "gram gradient", dg, Shape.of(s.n(), s.c(), s.c()));
        sameShape(op, "input", x, "input gradient", dx);
    }

    public static void softmax(Tensor x, Tensor y) {
        if (x.rank() < 2) {
            throw fail("softmax", "input must be N x C or N x C x H x W, got " + x.shape());
        }
        sameShape("softmax", "input", x, "output", y);
    }

    public static void softmaxCrossEntropy(Tensor logits, int[] labels, Tensor dx) {
        String op = "softmaxCrossEntropy";
        Shape s = logits.shape();
        if (s.rank() < 2 || s.size() != s.dim(0) * s.dim(1)) {
            throw fail(op, "logits must be N x C (or N x C x 1 x 1), got " + s);
        }
        if (labels.length != s.dim(0)) {
            throw fail(op, labels.length + " labels for a batch of " + s.dim(0));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= s.dim(1)) {
                throw fail(op, "label " + labels[i] + " of item " + i + " is outside [0, " + s.dim(1) + ")");
            }
        }
        if (dx != null) {
            sameShape(op, "logits", logits, "gradient", dx);
        }
    }

    public static void concatChannels(List<Tensor> xs, Tensor y) {
        String op = "concatChannels";
        channelParts(op, xs, y);
    }

    public static void splitChannels(Tensor x, List<Tensor> ys) {
        channelParts("splitChannels", ys, x);
    }

    private static void channelParts(String op, List<Tensor> parts, Tensor whole) {
        if (parts.isEmpty()) {
            throw fail(op, "needs at least one part");
        }
        Shape w = whole.shape();
        if (w.rank() != 2 && w.rank() != 4) {
            throw fail(op, "tensors must be N x C or N x C x H x W, got " + w);
        }
        int channels = 0;
        for (Tensor p : parts) {
            Shape s = p.shape();
            boolean ok = s.rank() == w.rank() && s.dim(0) == w.dim(0)
                    && (s.rank() == 2 || (s.dim(2) == w.dim(2) && s.dim(3) == w.dim(3)));
            if (!ok) {
                throw fail(op, "part " + s + " does not match " + w + " except in channels");
            }
            channels += s.dim(1);
        }
        if (channels != w.dim(1)) {
            throw fail(op, "parts have " + channels + " channels in all, the whole " + w + " has " + w.dim(1));
        }
    }

    public static void imageOp(String op, Tensor x, Tensor y, boolean sameSize) {
        rank4(op, "input", x);
        rank4(op, "output", y);
        Shape a = x.shape();
        Shape b = y.shape();
        if (a.n() != b.n() || a.c() != b.c() || (sameSize && (a.h() != b.h() || a.w() != b.w()))) {
            throw fail(op, "input is " + a + " but output is " + b);
        }
        if (x == y) {
            throw fail(op, "output must not be the input (" + a + ")");
        }
    }

    /** An exponent of {@link Device#absPow} ({@code > 0}) or of its gradient ({@code >= 1}). */
    public static void absPow(String op, Tensor x, float p, Tensor y, boolean gradient) {
        elementwise(op, x, y);
        if (gradient ? !(p >= 1 && p < Float.POSITIVE_INFINITY) : !(p > 0 && p < Float.POSITIVE_INFINITY)) {
            throw fail(op, "exponent p must be " + (gradient ? ">= 1 (|x|^p is not differentiable at 0 below 1)"
                    : "> 0") + " and finite, got " + p);
        }
    }

    public static void adamUpdate(Tensor x, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2,
                                  float eps, int t) {
        String op = "adamUpdate";
        sameShape(op, "x", x, "gradient", g);
        sameShape(op, "x", x, "first moment", m);
        sameShape(op, "x", x, "second moment", v);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !Float.isFinite(lr)) {
            throw fail(op, "needs betas in [0,1), eps > 0 and a finite lr; got beta1 " + beta1 + ", beta2 " + beta2
                    + ", eps " + eps + ", lr " + lr);
        }
        if (t < 1) {
            throw fail(op, "the step number t counts from 1, got " + t);
        }
    }

    public static void randomUniform(float lo, float hi) {
        if (!(lo <= hi) || !Float.isFinite(lo) || !Float.isFinite(hi)) {
            throw fail("randomUniform", "needs finite lo <= hi, got [" + lo + ", " + hi + ")");
        }
    }

    public static void randomNormal(float mean, float std) {
        if (!(std >= 0) || !Float.isFinite(mean) || !Float.isFinite(std)) {
            throw fail("randomNormal", "needs a finite mean and a finite std >= 0, got mean " + mean + ", std " + std);
        }
    }

    public static void oneHotArgmax(Tensor x, Tensor y) {
        if (x.rank() != 2) {
            throw fail("oneHotArgmax", "input must be R x Q, got " + x.shape());
        }
        sameShape("oneHotArgmax", "input", x, "output", y);
        if (x == y) {
            throw fail("oneHotArgmax", "output must not be the input (" + x.shape() + ")");
        }
    }

    /** The per-pixel map of an N x C x H x W image: N x 1 x H x W. */
    private static Shape pixelMap(Shape s) {
        return Shape.of(s.n(), 1, s.h(), s.w());
    }

    public static void channelNorm(Tensor x, Tensor y) {
        rank4("channelNorm", "input", x);
        expectShape("channelNorm", "output", y, pixelMap(x.shape()));
    }

    public static void channelDot(Tensor a, Tensor b, Tensor y) {
        rank4("channelDot", "a", a);
        sameShape("channelDot", "a", a, "b", b);
        expectShape("channelDot", "output", y, pixelMap(a.shape()));
    }

    public static void zeroWhereBelow(Tensor x, Tensor map, Tensor y) {
        rank4("zeroWhereBelow", "input", x);
        expectShape("zeroWhereBelow", "map", map, pixelMap(x.shape()));
        sameShape("zeroWhereBelow", "input", x, "output", y);
    }

    public static void totalVariation(Tensor x, float beta, Tensor grad) {
        String op = "totalVariation";
        rank4(op, "input", x);
        if (!(beta > 0 && beta < Float.POSITIVE_INFINITY)) {
            throw fail(op, "exponent beta must be > 0 and finite, got " + beta);
        }
        if (grad != null) {
            sameShape(op, "input", x, "gradient", grad);
            if (grad == x) {
                throw fail(op, "gradient must not be the input (" + x.shape() + ")");
            }
        }
    }
}
