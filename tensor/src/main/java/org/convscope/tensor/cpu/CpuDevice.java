package org.convscope.tensor.cpu;

import java.util.List;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Device;
import org.convscope.tensor.IntTensor;
import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.OpChecks;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Storage;
import org.convscope.tensor.Tensor;

/**
 * The CPU device: plain Java, the correctness reference for every op.
 *
 * <p>Each op family lives in its own class ({@link CpuConv}, {@link CpuPool}, {@link CpuLrn},
 * {@link CpuGemm}, {@link CpuSoftmax}, {@link CpuImage}, {@link CpuPixels}, {@link CpuElementwise},
 * {@link CpuRandom}); this class checks
 * the arguments with {@link OpChecks} and hands the raw arrays over. The heavy ops (convolution,
 * GEMM) have a plain-loop reference and a fast multithreaded form checked against it.
 */
public final class CpuDevice implements Device {
    private static final CpuDevice SHARED = new CpuDevice();

    /** The one CPU device of the process (it holds no resources, so sharing costs nothing). */
    public static CpuDevice shared() {
        return SHARED;
    }

    private CpuDevice() {
    }

    /**
     * A float tensor's values on the CPU, to read or write in place (reshaped views resolved). A
     * channel slice has no array of its own: ops that take slices use {@link #root} with the slice's
     * offsets, every other op has refused it already ({@code OpChecks.sameDevice}).
     */
    public static float[] data(Tensor t) {
        if (t.isChannelSlice()) {
            throw new IllegalArgumentException(t + " is a channel slice: its values are not one array");
        }
        return root(t);
    }

    /** The array that holds a tensor's values, a channel slice's included (read it at the slice's offsets). */
    private static float[] root(Tensor t) {
        Storage s = t.storage();
        if (s instanceof Tensor.SharedStorage v) {
            s = v.root();
        } else if (s instanceof Tensor.ChannelSlice v) {
            s = v.target();
        }
        if (s instanceof FloatStorage f) {
            return f.data;
        }
        throw new IllegalArgumentException(t + " is not a CPU tensor");
    }

    /** An int tensor's values on the CPU. */
    public static int[] data(IntTensor t) {
        if (t.storage() instanceof IntStorage s) {
            return s.data;
        }
        throw new IllegalArgumentException(t + " is not a CPU tensor");
    }

    /** Wraps an existing array as a tensor without copying (the array becomes the tensor's storage). */
    public Tensor wrap(float[] data, int... dims) {
        Shape shape = Shape.of(dims);
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("wrap: " + data.length + " values for shape " + shape);
        }
        return new Tensor(this, shape, new FloatStorage(data));
    }

    /** Keeps {@code data} as the tensor's storage ({@link #wrap}). */
    @Override
    public Tensor adopt(float[] data, int... dims) {
        return wrap(data, dims);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public boolean supportsChannelSlices() {
        return true;
    }

    /** A loop over {@code n} elements of several arrays, each from its own offset. */
    private interface Run {
        void run(float[][] arrays, int[] offsets, int n);
    }

    /**
     * Runs {@code body} over tensors of one shape: once over every element when none is a channel
     * slice, else once per item (index 0) at each tensor's offset of that item.
     */
    private static void perItem(Run body, Tensor... ts) {
        float[][] arrays = new float[ts.length][];
        int[] offsets = new int[ts.length];
        boolean slices = false;
        for (int k = 0; k < ts.length; k++) {
            arrays[k] = root(ts[k]);
            slices |= ts[k].isChannelSlice();
        }
        if (!slices) {
            body.run(arrays, offsets, ts[0].size());
            return;
        }
        for (int n = 0; n < ts[0].shape().dim(0); n++) {
            for (int k = 0; k < ts.length; k++) {
                offsets[k] = ts[k].offset() + n * ts[k].itemStride();
            }
            body.run(arrays, offsets, ts[0].itemSize());
        }
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor allocate(Shape shape) {
        return new Tensor(this, shape, new FloatStorage(new float[shape.size()]));
    }

    @Override
    public IntTensor allocateInt(Shape shape) {
        return new IntTensor(this, shape, new IntStorage(new int[shape.size()]));
    }

    @Override
    public void write(Tensor t, float[] src) {
        OpChecks.sameDeviceSlicesAllowed("write", this, t);
        if (src.length != t.size()) {
            throw new IllegalArgumentException("write: " + src.length + " values for " + t);
        }
        int len = t.itemSize();
        for (int n = 0; n < t.shape().dim(0); n++) {
            System.arraycopy(src, n * len, root(t), t.offset() + n * t.itemStride(), len);
        }
    }

    @Override
    public float[] read(Tensor t) {
        if (!t.isChannelSlice()) {
            return data(t).clone();
        }
        OpChecks.sameDeviceSlicesAllowed("read", this, t);
        float[] out = new float[t.size()];
        int len = t.itemSize();
        for (int n = 0; n < t.shape().dim(0); n++) {
            System.arraycopy(root(t), t.offset() + n * t.itemStride(), out, n * len, len);
        }
        return out;
    }

    @Override
    public void write(IntTensor t, int[] src) {
        int[] d = data(t);
        if (src.length != d.length) {
            throw new IllegalArgumentException("write: " + src.length + " values for " + t);
        }
        System.arraycopy(src, 0, d, 0, d.length);
    }

    @Override
    public int[] read(IntTensor t) {
        return data(t).clone();
    }

    // ---------------------------------------------------------------- convolution

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        OpChecks.sameDevice("conv2d", this, x, w, bias, y);
        OpChecks.conv2d(x, w, bias, spec, y);
        CpuConv.forward(data(x), x.shape(), data(w), w.shape(), bias == null ? null : data(bias), spec,
                data(y), y.shape());
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        OpChecks.sameDevice("conv2dBackwardData", this, dy, w, dx);
        OpChecks.conv2dBackwardData(dy, w, spec, dx);
        CpuConv.backwardData(data(dy), dy.shape(), data(w), w.shape(), spec, data(dx), dx.shape());
    }

    @Override
    public void conv2dBackwardWeights(Tensor x, Tensor dy, ConvSpec spec, Tensor dw, boolean accumulate) {
        OpChecks.sameDevice("conv2dBackwardWeights", this, x, dy, dw);
        OpChecks.conv2dBackwardWeights(x, dy, spec, dw);
        CpuConv.backwardWeights(data(x), x.shape(), data(dy), dy.shape(), spec, data(dw), dw.shape(), accumulate);
    }

    @Override
    public void conv2dBackwardBias(Tensor dy, Tensor db, boolean accumulate) {
        OpChecks.sameDevice("conv2dBackwardBias", this, dy, db);
        OpChecks.conv2dBackwardBias(dy, db);
        CpuConv.backwardBias(data(dy), dy.shape(), data(db), accumulate);
    }

    @Override
    public void addChannelBias(Tensor y, Tensor b) {
        OpChecks.sameDevice("addChannelBias", this, y, b);
        OpChecks.addChannelBias(y, b);
        CpuElementwise.addChannelBias(data(y), y.shape(), data(b));
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void relu(Tensor x, Tensor y) {
        OpChecks.sameDeviceSlicesAllowed("relu", this, x, y);
        OpChecks.elementwise("relu", x, y);
        perItem((a, o, n) -> CpuElementwise.relu(a[0], o[0], a[1], o[1], n), x, y);
    }

    @Override
    public void reluBackward(Tensor x, Tensor dy, ReluMode mode, Tensor dx) {
        OpChecks.sameDeviceSlicesAllowed("reluBackward", this, x, dy, dx);
        OpChecks.elementwise("reluBackward", x, dy, dx);
        perItem((a, o, n) -> CpuElementwise.reluBackward(a[0], o[0], a[1], o[1], mode, a[2], o[2], n), x, dy, dx);
    }

    @Override
    public void sigmoid(Tensor x, Tensor y) {
        OpChecks.sameDevice("sigmoid", this, x, y);
        OpChecks.elementwise("sigmoid", x, y);
        CpuElementwise.sigmoid(data(x), data(y));
    }

    @Override
    public void sigmoidBackward(Tensor y, Tensor dy, Tensor dx) {
        OpChecks.sameDevice("sigmoidBackward", this, y, dy, dx);
        OpChecks.elementwise("sigmoidBackward", y, dy, dx);
        CpuElementwise.sigmoidBackward(data(y), data(dy), data(dx));
    }

    @Override
    public void tanh(Tensor x, Tensor y) {
        OpChecks.sameDevice("tanh", this, x, y);
        OpChecks.elementwise("tanh", x, y);
        CpuElementwise.tanh(data(x), data(y));
    }

    @Override
    public void tanhBackward(Tensor y, Tensor dy, Tensor dx) {
        OpChecks.sameDevice("tanhBackward", this, y, dy, dx);
        OpChecks.elementwise("tanhBackward", y, dy, dx);
        CpuElementwise.tanhBackward(data(y), data(dy), data(dx));
    }

    // ---------------------------------------------------------------- pooling

    @Override
    public void maxPool(Tensor x, PoolSpec spec, Tensor y, IntTensor switches) {
        OpChecks.sameDevice("maxPool", this, x, y);
        OpChecks.maxPool(x, spec, y, switches);
        CpuPool.max(data(x), x.shape(), spec, data(y), data(switches), y.shape());
    }

    @Override
    public void maxUnpool(Tensor dy, IntTensor switches, PoolSpec spec, Tensor dx) {
        OpChecks.sameDevice("maxUnpool", this, dy, dx);
        OpChecks.maxUnpool(dy, switches, spec, dx);
        CpuPool.unpool(data(dy), data(switches), dy.shape(), spec, data(dx), dx.shape());
    }

    @Override
    public void avgPool(Tensor x, PoolSpec spec, Tensor y) {
        OpChecks.sameDevice("avgPool", this, x, y);
        OpChecks.avgPool("avgPool", x, spec, y);
        CpuPool.avg(data(x), x.shape(), spec, data(y), y.shape());
    }

    @Override
    public void avgPoolBackward(Tensor dy, PoolSpec spec, Tensor dx) {
        OpChecks.sameDevice("avgPoolBackward", this, dy, dx);
        OpChecks.avgPool("avgPoolBackward", dx, spec, dy);
        CpuPool.avgBackward(data(dy), dy.shape(), spec, data(dx), dx.shape());
    }

    // ---------------------------------------------------------------- normalization

    @Override
    public void lrn(Tensor x, LrnSpec spec, Tensor y) {
        OpChecks.sameDevice("lrn", this, x, y);
        OpChecks.lrn(x, y);
        CpuLrn.forward(data(x), x.shape(), spec, data(y));
    }

    @Override
    public void lrnBackward(Tensor x, Tensor y, Tensor dy, LrnSpec spec, Tensor dx) {
        OpChecks.sameDevice("lrnBackward", this, x, y, dy, dx);
        OpChecks.lrnBackward(x, y, dy, dx);
        CpuLrn.backward(data(x), data(y), data(dy), x.shape(), spec, data(dx));
    }

    // ---------------------------------------------------------------- matrices

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        OpChecks.sameDevice("gemm", this, a, b, c);
        OpChecks.gemm(transA, transB, m, n, k, a, b, c);
        CpuGemm.gemm(transA, transB, m, n, k, alpha, data(a), 0, data(b), 0, beta, data(c), 0);
    }

    @Override
    public void gram(Tensor x, Tensor g) {
        OpChecks.sameDevice("gram", this, x, g);
        OpChecks.gram(x, g);
        CpuGemm.gram(data(x), x.shape(), data(g));
    }

    @Override
    public void gramBackward(Tensor x, Tensor dg, Tensor dx) {
        OpChecks.sameDevice("gramBackward", this, x, dg, dx);
        OpChecks.gramBackward(x, dg, dx);
        CpuGemm.gramBackward(data(x), x.shape(), data(dg), data(dx));
    }

    // ---------------------------------------------------------------- softmax and loss

    @Override
    public void softmax(Tensor x, Tensor y) {
        OpChecks.sameDevice("softmax", this, x, y);
        OpChecks.softmax(x, y);
        CpuSoftmax.softmax(data(x), x.shape(), data(y));
    }

    @Override
    public float softmaxCrossEntropy(Tensor logits, int[] labels, Tensor dx) {
        OpChecks.sameDevice("softmaxCrossEntropy", this, logits, dx);
        OpChecks.softmaxCrossEntropy(logits, labels, dx);
        return CpuSoftmax.crossEntropy(data(logits), logits.shape().dim(0), logits.shape().dim(1), labels,
                dx == null ? null : data(dx));
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void add(Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDeviceSlicesAllowed("add", this, a, b, y);
        OpChecks.elementwise("add", a, b, y);
        perItem((r, o, n) -> CpuElementwise.add(r[0], o[0], r[1], o[1], r[2], o[2], n), a, b, y);
    }

    @Override
    public void sub(Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDevice("sub", this, a, b, y);
        OpChecks.elementwise("sub", a, b, y);
        CpuElementwise.sub(data(a), data(b), data(y));
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDevice("mul", this, a, b, y);
        OpChecks.elementwise("mul", a, b, y);
        CpuElementwise.mul(data(a), data(b), data(y));
    }

    @Override
    public void scale(Tensor x, float alpha, Tensor y) {
        OpChecks.sameDevice("scale", this, x, y);
        OpChecks.elementwise("scale", x, y);
        CpuElementwise.scale(data(x), alpha, data(y));
    }

    @Override
    public void addScalar(Tensor x, float s, Tensor y) {
        OpChecks.sameDevice("addScalar", this, x, y);
        OpChecks.elementwise("addScalar", x, y);
        CpuElementwise.addScalar(data(x), s, data(y));
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        OpChecks.sameDevice("axpy", this, x, y);
        OpChecks.elementwise("axpy", x, y);
        CpuElementwise.axpy(alpha, data(x), data(y));
    }

    @Override
    public void clamp(Tensor x, float lo, float hi, Tensor y) {
        OpChecks.sameDevice("clamp", this, x, y);
        OpChecks.elementwise("clamp", x, y);
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " is above upper bound " + hi);
        }
        CpuElementwise.clamp(data(x), lo, hi, data(y));
    }

    @Override
    public void fill(Tensor y, float value) {
        OpChecks.sameDeviceSlicesAllowed("fill", this, y);
        perItem((a, o, n) -> java.util.Arrays.fill(a[0], o[0], o[0] + n, value), y);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        OpChecks.sameDeviceSlicesAllowed("copy", this, src, dst);
        OpChecks.copy(src, dst);
        perItem((a, o, n) -> System.arraycopy(a[0], o[0], a[1], o[1], n), src, dst);
    }

    @Override
    public void abs(Tensor x, Tensor y) {
        OpChecks.sameDevice("abs", this, x, y);
        OpChecks.elementwise("abs", x, y);
        CpuElementwise.abs(data(x), data(y));
    }

    @Override
    public void sign(Tensor x, Tensor y) {
        OpChecks.sameDevice("sign", this, x, y);
        OpChecks.elementwise("sign", x, y);
        CpuElementwise.sign(data(x), data(y));
    }

    @Override
    public void absPow(Tensor x, float p, Tensor y) {
        OpChecks.sameDevice("absPow", this, x, y);
        OpChecks.absPow("absPow", x, p, y, false);
        CpuElementwise.absPow(data(x), p, data(y));
    }

    @Override
    public void absPowGradient(Tensor x, float p, Tensor y) {
        OpChecks.sameDevice("absPowGradient", this, x, y);
        OpChecks.absPow("absPowGradient", x, p, y, true);
        CpuElementwise.absPowGradient(data(x), p, data(y));
    }

    @Override
    public void adamUpdate(Tensor x, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                           int t) {
        OpChecks.sameDevice("adamUpdate", this, x, g, m, v);
        OpChecks.adamUpdate(x, g, m, v, lr, beta1, beta2, eps, t);
        CpuElementwise.adamUpdate(data(x), data(g), data(m), data(v), lr, beta1, beta2, eps, t);
    }

    // ---------------------------------------------------------------- random fills

    @Override
    public void randomUniform(Tensor y, long seed, float lo, float hi) {
        OpChecks.sameDevice("randomUniform", this, y);
        OpChecks.randomUniform(lo, hi);
        CpuRandom.uniform(data(y), seed, lo, hi);
    }

    @Override
    public void randomNormal(Tensor y, long seed, float mean, float std) {
        OpChecks.sameDevice("randomNormal", this, y);
        OpChecks.randomNormal(mean, std);
        CpuRandom.normal(data(y), seed, mean, std);
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public float sum(Tensor x) {
        OpChecks.sameDevice("sum", this, x);
        return CpuElementwise.sum(data(x));
    }

    @Override
    public float sumAbs(Tensor x) {
        OpChecks.sameDevice("sumAbs", this, x);
        return CpuElementwise.sumAbs(data(x));
    }

    @Override
    public float dot(Tensor a, Tensor b) {
        OpChecks.sameDevice("dot", this, a, b);
        OpChecks.sameSize("dot", "a", a, "b", b);
        return CpuElementwise.dot(data(a), data(b));
    }

    @Override
    public float l2Norm(Tensor x) {
        OpChecks.sameDevice("l2Norm", this, x);
        return CpuElementwise.l2Norm(data(x));
    }

    @Override
    public float max(Tensor x) {
        OpChecks.sameDevice("max", this, x);
        return data(x)[CpuElementwise.argmax(data(x))];
    }

    @Override
    public int argmax(Tensor x) {
        OpChecks.sameDevice("argmax", this, x);
        return CpuElementwise.argmax(data(x));
    }

    @Override
    public void oneHotArgmax(Tensor x, Tensor y) {
        OpChecks.sameDevice("oneHotArgmax", this, x, y);
        OpChecks.oneHotArgmax(x, y);
        CpuElementwise.oneHotArgmax(data(x), x.shape().dim(1), data(y));
    }

    @Override
    public int countBelow(Tensor x, float threshold) {
        OpChecks.sameDevice("countBelow", this, x);
        return CpuElementwise.countBelow(data(x), threshold);
    }

    // ---------------------------------------------------------------- channels

    @Override
    public void concatChannels(List<Tensor> xs, Tensor y) {
        OpChecks.sameDevice("concatChannels", this, xs.toArray(new Tensor[0]));
        OpChecks.sameDevice("concatChannels", this, y);
        OpChecks.concatChannels(xs, y);
        CpuImage.concatChannels(xs.stream().map(CpuDevice::data).toList(),
                xs.stream().map(t -> t.shape().dim(1)).toList(), data(y), y.shape());
    }

    @Override
    public void splitChannels(Tensor x, List<Tensor> ys) {
        OpChecks.sameDevice("splitChannels", this, ys.toArray(new Tensor[0]));
        OpChecks.sameDevice("splitChannels", this, x);
        OpChecks.splitChannels(x, ys);
        CpuImage.splitChannels(data(x), x.shape(), ys.stream().map(CpuDevice::data).toList(),
                ys.stream().map(t -> t.shape().dim(1)).toList());
    }

    // ---------------------------------------------------------------- per-pixel maps and regularizers

    @Override
    public void channelNorm(Tensor x, Tensor y) {
        OpChecks.sameDevice("channelNorm", this, x, y);
        OpChecks.channelNorm(x, y);
        CpuPixels.channelNorm(data(x), x.shape(), data(y));
    }

    @Override
    public void channelDot(Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDevice("channelDot", this, a, b, y);
        OpChecks.channelDot(a, b, y);
        CpuPixels.channelDot(data(a), data(b), a.shape(), data(y));
    }

    @Override
    public void zeroWhereBelow(Tensor x, Tensor map, float threshold, Tensor y) {
        OpChecks.sameDevice("zeroWhereBelow", this, x, map, y);
        OpChecks.zeroWhereBelow(x, map, y);
        CpuPixels.zeroWhereBelow(data(x), x.shape(), data(map), threshold, data(y));
    }

    @Override
    public float totalVariation(Tensor x, float beta, Tensor grad) {
        OpChecks.sameDevice("totalVariation", this, x, grad);
        OpChecks.totalVariation(x, beta, grad);
        return CpuPixels.totalVariation(data(x), x.shape(), beta, grad == null ? null : data(grad));
    }

    // ---------------------------------------------------------------- image ops

    @Override
    public void gaussianBlur(Tensor x, float sigma, Tensor y) {
        OpChecks.sameDevice("gaussianBlur", this, x, y);
        OpChecks.imageOp("gaussianBlur", x, y, true);
        CpuImage.gaussianBlur(data(x), x.shape(), sigma, data(y));
    }

    @Override
    public void circularShift(Tensor x, int dy, int dx, Tensor y) {
        OpChecks.sameDevice("circularShift", this, x, y);
        OpChecks.imageOp("circularShift", x, y, true);
        CpuImage.circularShift(data(x), x.shape(), dy, dx, data(y));
    }

    @Override
    public void resizeBilinear(Tensor x, Tensor y) {
        OpChecks.sameDevice("resizeBilinear", this, x, y);
        OpChecks.imageOp("resizeBilinear", x, y, false);
        CpuImage.resizeBilinear(data(x), x.shape(), data(y), y.shape());
    }

    @Override
    public void cropPad(Tensor x, int top, int left, float fill, Tensor y) {
        OpChecks.sameDevice("cropPad", this, x, y);
        OpChecks.imageOp("cropPad", x, y, false);
        CpuImage.cropPad(data(x), x.shape(), top, left, fill, data(y), y.shape());
    }

    /** CPU memory: a float array. */
    static final class FloatStorage implements Storage {
        final float[] data;

        FloatStorage(float[] data) {
            this.data = data;
        }

        @Override
        public long bytes() {
            return 4L * data.length;
        }

        @Override
        public void close() {
            // the garbage collector reclaims the array
        }
    }

    /** CPU memory: an int array. */
    static final class IntStorage implements Storage {
        final int[] data;

        IntStorage(int[] data) {
            this.data = data;
        }

        @Override
        public long bytes() {
            return 4L * data.length;
        }

        @Override
        public void close() {
        }
    }
}
