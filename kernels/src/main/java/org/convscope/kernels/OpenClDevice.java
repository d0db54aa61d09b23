package org.convscope.kernels;

import java.util.List;
import java.util.Map;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Device;
import org.convscope.tensor.DeviceUnavailableException;
import org.convscope.tensor.IntTensor;
import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.OpChecks;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * The OpenCL device: tensors in {@code ClBuffer} buffers, one in-order command queue, and a
 * hand-written kernel for every op of {@link Device}.
 *
 * <p>Each op family has its {@code .cl} file and a launcher class beside it
 * ({@link ConvKernels}, {@link GemmKernels}, {@link PoolKernels}, {@link LrnKernels},
 * {@link SoftmaxKernels}, {@link ElementwiseKernels}, {@link ReduceKernels}, {@link ImageKernels},
 * {@link PixelKernels}, {@link RandomKernels}).
 * The OpenCL objects (context, queue, programs, buffers, the derived-weights cache, the launch
 * plumbing) belong to an {@code OpenClContext} that every launcher gets when it is built; this
 * class checks every call's arguments with {@link OpChecks} before anything is enqueued and hands
 * the op to its launcher. Ops are enqueued asynchronously; reads ({@link #read}, the reductions,
 * the loss) wait for them.
 *
 * <p>Ops with several kernel variants (numbered, v1 the plain one) run the best one for each shape
 * unless {@link #useVariant} forces one; the tests run every variant.
 *
 * <p>Ops that use the device's scratch buffers (convolutions, GEMM, Gram, LRN backward) hold the
 * device's lock while they enqueue, so several threads may share one device.
 *
 * <p>The kernels are OpenCL C 1.2, sized from the device's queried limits: nothing assumes a
 * particular runtime, and the same code runs on a GPU.
 */
public final class OpenClDevice implements Device {
    /** System property: a substring of the OpenCL device name to prefer (otherwise a GPU, else any). */
    public static final String DEVICE_PROPERTY = "convscope.opencl.device";

    /**
     * System property: MiB of device memory for buffers derived from weights and kept between calls
     * (flipped, transposed or Winograd-transformed weights); by default a quarter of the device's
     * memory, 0 turns the cache off.
     */
    public static final String DERIVED_CACHE_PROPERTY = "convscope.opencl.weightCacheMiB";

    private final OpenClContext ctx;

    final ElementwiseKernels elementwise;
    final ReduceKernels reduce;
    final GemmKernels gemm;
    final ConvKernels conv;
    final PoolKernels pool;
    final LrnKernels lrn;
    final SoftmaxKernels softmax;
    final ImageKernels image;
    final PixelKernels pixels;
    final RandomKernels random;

    private OpenClDevice(OpenClContext ctx) {
        this.ctx = ctx;
        this.elementwise = new ElementwiseKernels(ctx);
        this.reduce = new ReduceKernels(ctx);
        this.gemm = new GemmKernels(ctx);
        this.conv = new ConvKernels(ctx, gemm, elementwise);
        this.pool = new PoolKernels(ctx, elementwise);
        this.lrn = new LrnKernels(ctx);
        this.softmax = new SoftmaxKernels(ctx);
        this.image = new ImageKernels(ctx, elementwise);
        this.pixels = new PixelKernels(ctx, reduce);
        this.random = new RandomKernels(ctx);
    }

    /**
     * Opens the first GPU (or the device whose name contains {@code -Dconvscope.opencl.device}),
     * else the first OpenCL device of any kind, and builds its kernels.
     *
     * @throws DeviceUnavailableException when there is no OpenCL runtime, no platform, no device,
     *                                    or a kernel file that the device's compiler rejects (the
     *                                    message carries the file name and the build log)
     */
    public static OpenClDevice open() throws DeviceUnavailableException {
        OpenClDevice device = new OpenClDevice(OpenClContext.open());
        try {
            device.buildAll();
        } catch (KernelBuildException e) {
            device.close();
            throw new DeviceUnavailableException("OpenCL device " + device.ctx.deviceName()
                    + " cannot build its kernels: " + e.getMessage(), e);
        }
        return device;
    }

    /**
     * Builds every program the ops use, so that a kernel this device's compiler rejects shows at
     * {@link #open()} (and {@link org.convscope.tensor.Devices} falls back to the CPU) rather than in
     * the middle of a computation. Runtimes cache compiled programs, so this is slow only once.
     */
    private void buildAll() {
        for (Launcher launcher : List.of(elementwise, reduce, pool, lrn, softmax, image, pixels, random, conv, gemm)) {
            launcher.build();
        }
    }

    /** The OpenCL objects this device's launchers share (tests reach the plumbing through it). */
    OpenClContext context() {
        return ctx;
    }

    @Override
    public String name() {
        return "opencl:" + ctx.deviceName();
    }

    /** Buffers allocated on the device and not yet released: tensors, scratch, derived weights (for leak checks). */
    public long liveBuffers() {
        return ctx.liveBuffers();
    }

    /** Bytes of the {@link #liveBuffers()}. */
    public long liveBytes() {
        return ctx.liveBytes();
    }

    /** The device's global memory (CL_DEVICE_GLOBAL_MEM_SIZE), in bytes. */
    @Override
    public long memoryBytes() {
        return ctx.memoryBytes();
    }

    /** The device's largest single buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE), in bytes. */
    public long maxAllocationBytes() {
        return ctx.maxAllocationBytes();
    }

    // ---------------------------------------------------------------- variants

    /** The op families with numbered kernel variants, each with one line per variant (v1 first). */
    public static Map<String, List<String>> variants() {
        return OpenClContext.variants();
    }

    /**
     * Forces variant {@code v} (1-based) of an op family for every later call, or 0 to let the
     * device choose per shape (the default).
     */
    public void useVariant(String family, int v) {
        ctx.useVariant(family, v);
    }

    /** The buffer behind a tensor of this device (the launch decides whether it is read or written). */
    private ClBuffer buf(Tensor t) {
        return ctx.buffer(t);
    }

    private ClBuffer buf(IntTensor t) {
        return ctx.buffer(t);
    }

    /**
     * An op of elementwise.cl on channel slices ({@code kernel_<op>_slices_f32}): the scalars, then
     * each tensor as a slice (a whole tensor: one item of its size).
     */
    private void slices(String kernel, List<Object> scalars, Tensor... ts) {
        ElementwiseKernels.Slice[] slices = new ElementwiseKernels.Slice[ts.length];
        for (int i = 0; i < ts.length; i++) {
            slices[i] = new ElementwiseKernels.Slice(buf(ts[i]), ts[i].offset(), ts[i].itemStride());
        }
        elementwise.slices(kernel, ts[0].shape().dim(0), ts[0].itemSize(), scalars, slices);
    }

    /** Whether some argument is a channel slice (the op then runs its {@code _slices} kernel). */
    private static boolean anySlice(Tensor... ts) {
        return java.util.Arrays.stream(ts).anyMatch(Tensor::isChannelSlice);
    }

    @Override
    public boolean supportsChannelSlices() {
        return true;
    }

    /** An op of elementwise.cl, {@code y = f(x)}, after the element-wise checks. */
    private void unary(String op, String kernel, Tensor x, Tensor y) {
        OpChecks.sameDevice(op, this, x, y);
        OpChecks.elementwise(op, x, y);
        elementwise.unary(kernel, buf(x), buf(y), x.size());
    }

    /** An op of elementwise.cl, {@code y = f(a, b)}, after the element-wise checks. */
    private void binary(String op, String kernel, Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDevice(op, this, a, b, y);
        OpChecks.elementwise(op, a, b, y);
        elementwise.binary(kernel, buf(a), buf(b), buf(y), a.size());
    }

    /** An op of elementwise.cl, {@code y = f(s, x)} for a scalar s, after the element-wise checks. */
    private void withScalar(String op, String kernel, float s, Tensor x, Tensor y) {
        OpChecks.sameDevice(op, this, x, y);
        OpChecks.elementwise(op, x, y);
        elementwise.withScalar(kernel, s, buf(x), buf(y), x.size());
    }

    /** A sum over the elements of x (what: a {@link ReduceKernels} kind). */
    private double sum(String op, int what, Tensor x) {
        OpChecks.sameDevice(op, this, x);
        return reduce.sum(what, buf(x), null, x.size());
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor allocate(Shape shape) {
        return new Tensor(this, shape, ctx.createBuffer(4L * shape.size(), "a float tensor of shape " + shape));
    }

    @Override
    public IntTensor allocateInt(Shape shape) {
        return new IntTensor(this, shape, ctx.createBuffer(4L * shape.size(), "an int tensor of shape " + shape));
    }

    @Override
    public void write(Tensor t, float[] src) {
        OpChecks.sameDeviceSlicesAllowed("write", this, t);
        if (src.length != t.size()) {
            throw new IllegalArgumentException("write: " + src.length + " values for " + t);
        }
        if (t.isChannelSlice()) {
            ctx.writeFloats(buf(t), t.offset(), t.itemSize(), t.itemStride(), src);
        } else {
            ctx.writeFloats(buf(t), src);
        }
    }

    @Override
    public float[] read(Tensor t) {
        OpChecks.sameDeviceSlicesAllowed("read", this, t);
        return t.isChannelSlice() ? ctx.readFloats(buf(t), t.offset(), t.itemSize(), t.itemStride(), t.shape().dim(0))
                : ctx.readFloats(buf(t), t.size());
    }

    @Override
    public void write(IntTensor t, int[] src) {
        checkIntDevice("write", t);
        if (src.length != t.size()) {
            throw new IllegalArgumentException("write: " + src.length + " values for " + t);
        }
        ctx.writeInts(buf(t), src);
    }

    @Override
    public int[] read(IntTensor t) {
        checkIntDevice("read", t);
        return ctx.readInts(buf(t), t.size());
    }

    @Override
    public void synchronize() {
        ctx.synchronize();
    }

    @Override
    public void close() {
        ctx.close();
    }

    // ---------------------------------------------------------------- convolution

    @Override
    public synchronized void conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        OpChecks.sameDevice("conv2d", this, x, w, bias, y);
        OpChecks.conv2d(x, w, bias, spec, y);
        conv.forward(x, w, bias, spec, y);
    }

    @Override
    public synchronized void conv2dBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        OpChecks.sameDevice("conv2dBackwardData", this, dy, w, dx);
        OpChecks.conv2dBackwardData(dy, w, spec, dx);
        conv.backwardData(dy, w, spec, dx);
    }

    @Override
    public synchronized void conv2dBackwardWeights(Tensor x, Tensor dy, ConvSpec spec, Tensor dw, boolean accumulate) {
        OpChecks.sameDevice("conv2dBackwardWeights", this, x, dy, dw);
        OpChecks.conv2dBackwardWeights(x, dy, spec, dw);
        conv.backwardWeights(x, dy, spec, dw, accumulate);
    }

    @Override
    public void conv2dBackwardBias(Tensor dy, Tensor db, boolean accumulate) {
        OpChecks.sameDevice("conv2dBackwardBias", this, dy, db);
        OpChecks.conv2dBackwardBias(dy, db);
        Shape s = dy.shape();
        reduce.channelSum(buf(dy), s.n(), s.c(), s.h() * s.w(), buf(db), accumulate);
    }

    @Override
    public void addChannelBias(Tensor y, Tensor b) {
        OpChecks.sameDevice("addChannelBias", this, y, b);
        OpChecks.addChannelBias(y, b);
        Shape s = y.shape();
        elementwise.channelBias(buf(y), y.size(), s.dim(1), y.size() / (s.dim(0) * s.dim(1)), buf(b), true);
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void relu(Tensor x, Tensor y) {
        if (anySlice(x, y)) {
            OpChecks.sameDeviceSlicesAllowed("relu", this, x, y);
            OpChecks.elementwise("relu", x, y);
            slices("kernel_relu_slices_f32", List.of(), x, y);
        } else {
            unary("relu", "kernel_relu_f32", x, y);
        }
    }

    @Override
    public void reluBackward(Tensor x, Tensor dy, ReluMode mode, Tensor dx) {
        OpChecks.sameDeviceSlicesAllowed("reluBackward", this, x, dy, dx);
        OpChecks.elementwise("reluBackward", x, dy, dx);
        if (anySlice(x, dy, dx)) {
            slices("kernel_relu_backward_slices_f32", List.of(mode.ordinal()), x, dy, dx);
        } else {
            elementwise.reluBackward(buf(x), buf(dy), mode, buf(dx), x.size());
        }
    }

    @Override
    public void sigmoid(Tensor x, Tensor y) {
        unary("sigmoid", "kernel_sigmoid_f32", x, y);
    }

    @Override
    public void sigmoidBackward(Tensor y, Tensor dy, Tensor dx) {
        binary("sigmoidBackward", "kernel_sigmoid_backward_f32", y, dy, dx);
    }

    @Override
    public void tanh(Tensor x, Tensor y) {
        unary("tanh", "kernel_tanh_f32", x, y);
    }

    @Override
    public void tanhBackward(Tensor y, Tensor dy, Tensor dx) {
        binary("tanhBackward", "kernel_tanh_backward_f32", y, dy, dx);
    }

    // ---------------------------------------------------------------- pooling

    @Override
    public void maxPool(Tensor x, PoolSpec spec, Tensor y, IntTensor switches) {
        OpChecks.sameDevice("maxPool", this, x, y);
        checkIntDevice("maxPool", switches);
        OpChecks.maxPool(x, spec, y, switches);
        pool.max(buf(x), x.shape(), spec, buf(y), buf(switches), y.shape());
    }

    @Override
    public void maxUnpool(Tensor dy, IntTensor switches, PoolSpec spec, Tensor dx) {
        OpChecks.sameDevice("maxUnpool", this, dy, dx);
        checkIntDevice("maxUnpool", switches);
        OpChecks.maxUnpool(dy, switches, spec, dx);
        pool.unpool(buf(dy), buf(switches), dy.shape(), spec, buf(dx), dx.shape());
    }

    @Override
    public void avgPool(Tensor x, PoolSpec spec, Tensor y) {
        OpChecks.sameDevice("avgPool", this, x, y);
        OpChecks.avgPool("avgPool", x, spec, y);
        pool.avg(buf(x), x.shape(), spec, buf(y), y.shape());
    }

    @Override
    public void avgPoolBackward(Tensor dy, PoolSpec spec, Tensor dx) {
        OpChecks.sameDevice("avgPoolBackward", this, dy, dx);
        OpChecks.avgPool("avgPoolBackward", dx, spec, dy);
        pool.avgBackward(buf(dy), dy.shape(), spec, buf(dx), dx.shape());
    }

    private void checkIntDevice(String op, IntTensor t) {
        if (t.device() != this) {
            throw new IllegalArgumentException(op + ": " + t + " is not on device " + name()
                    + "; move it with Tensor.to(device)");
        }
    }

    // ---------------------------------------------------------------- normalization

    @Override
    public void lrn(Tensor x, LrnSpec spec, Tensor y) {
        OpChecks.sameDevice("lrn", this, x, y);
        OpChecks.lrn(x, y);
        lrn.forward(buf(x), x.shape(), spec, buf(y));
    }

    @Override
    public synchronized void lrnBackward(Tensor x, Tensor y, Tensor dy, LrnSpec spec, Tensor dx) {
        OpChecks.sameDevice("lrnBackward", this, x, y, dy, dx);
        OpChecks.lrnBackward(x, y, dy, dx);
        lrn.backward(buf(x), buf(y), buf(dy), x.shape(), spec, buf(dx));
    }

    // ---------------------------------------------------------------- matrices

    @Override
    public synchronized void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        OpChecks.sameDevice("gemm", this, a, b, c);
        OpChecks.gemm(transA, transB, m, n, k, a, b, c);
        gemm.gemm(transA, transB, m, n, k, alpha, buf(a), 0, buf(b), 0, beta, buf(c), 0);
    }

    @Override
    public synchronized void gram(Tensor x, Tensor g) {
        OpChecks.sameDevice("gram", this, x, g);
        OpChecks.gram(x, g);
        conv.gram(buf(x), x.shape(), buf(g));
    }

    @Override
    public synchronized void gramBackward(Tensor x, Tensor dg, Tensor dx) {
        OpChecks.sameDevice("gramBackward", this, x, dg, dx);
        OpChecks.gramBackward(x, dg, dx);
        gemm.gramBackward(buf(x), x.shape(), buf(dg), buf(dx));
    }

    // ---------------------------------------------------------------- softmax and loss

    @Override
    public void softmax(Tensor x, Tensor y) {
        OpChecks.sameDevice("softmax", this, x, y);
        OpChecks.softmax(x, y);
        Shape s = x.shape();
        softmax.softmax(buf(x), s.dim(0), s.dim(1), s.size() / (s.dim(0) * s.dim(1)), buf(y));
    }

    @Override
    public float softmaxCrossEntropy(Tensor logits, int[] labels, Tensor dx) {
        OpChecks.sameDevice("softmaxCrossEntropy", this, logits, dx);
        OpChecks.softmaxCrossEntropy(logits, labels, dx);
        Shape s = logits.shape();
        return softmax.crossEntropy(buf(logits), s.dim(0), s.dim(1), labels, dx == null ? null : buf(dx));
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void add(Tensor a, Tensor b, Tensor y) {
        if (anySlice(a, b, y)) {
            OpChecks.sameDeviceSlicesAllowed("add", this, a, b, y);
            OpChecks.elementwise("add", a, b, y);
            slices("kernel_add_slices_f32", List.of(), a, b, y);
        } else {
            binary("add", "kernel_add_f32", a, b, y);
        }
    }

    @Override
    public void sub(Tensor a, Tensor b, Tensor y) {
        binary("sub", "kernel_sub_f32", a, b, y);
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor y) {
        binary("mul", "kernel_mul_f32", a, b, y);
    }

    @Override
    public void scale(Tensor x, float alpha, Tensor y) {
        withScalar("scale", "kernel_scale_f32", alpha, x, y);
    }

    @Override
    public void addScalar(Tensor x, float s, Tensor y) {
        withScalar("addScalar", "kernel_add_scalar_f32", s, x, y);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        withScalar("axpy", "kernel_axpy_f32", alpha, x, y);
    }

    @Override
    public void clamp(Tensor x, float lo, float hi, Tensor y) {
        OpChecks.sameDevice("clamp", this, x, y);
        OpChecks.elementwise("clamp", x, y);
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " is above upper bound " + hi);
        }
        elementwise.clamp(buf(x), lo, hi, buf(y), x.size());
    }

    @Override
    public void fill(Tensor y, float value) {
        OpChecks.sameDeviceSlicesAllowed("fill", this, y);
        if (y.isChannelSlice()) {
            slices("kernel_fill_slices_f32", List.of(value), y);
        } else {
            elementwise.fill(buf(y), value, y.size());
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        OpChecks.sameDeviceSlicesAllowed("copy", this, src, dst);
        OpChecks.copy(src, dst);
        if (anySlice(src, dst)) {
            slices("kernel_copy_slices_f32", List.of(), src, dst);
        } else {
            elementwise.copy(buf(src), 0, buf(dst), 0, src.size());
        }
    }

    @Override
    public void abs(Tensor x, Tensor y) {
        unary("abs", "kernel_abs_f32", x, y);
    }

    @Override
    public void sign(Tensor x, Tensor y) {
        unary("sign", "kernel_sign_f32", x, y);
    }

    @Override
    public void absPow(Tensor x, float p, Tensor y) {
        OpChecks.sameDevice("absPow", this, x, y);
        OpChecks.absPow("absPow", x, p, y, false);
        elementwise.withScalar("kernel_abs_pow_f32", p, buf(x), buf(y), x.size());
    }

    @Override
    public void absPowGradient(Tensor x, float p, Tensor y) {
        OpChecks.sameDevice("absPowGradient", this, x, y);
        OpChecks.absPow("absPowGradient", x, p, y, true);
        elementwise.withScalar("kernel_abs_pow_gradient_f32", p, buf(x), buf(y), x.size());
    }

    @Override
    public void adamUpdate(Tensor x, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                           int t) {
        OpChecks.sameDevice("adamUpdate", this, x, g, m, v);
        OpChecks.adamUpdate(x, g, m, v, lr, beta1, beta2, eps, t);
        float c1 = (float) (1 - Math.pow(beta1, t));
        float c2 = (float) (1 - Math.pow(beta2, t));
        elementwise.adamUpdate(buf(x), buf(g), buf(m), buf(v), lr, beta1, beta2, eps, c1, c2, x.size());
    }

    // ---------------------------------------------------------------- random fills

    @Override
    public void randomUniform(Tensor y, long seed, float lo, float hi) {
        OpChecks.sameDevice("randomUniform", this, y);
        OpChecks.randomUniform(lo, hi);
        random.uniform(buf(y), y.size(), seed, lo, hi);
    }

    @Override
    public void randomNormal(Tensor y, long seed, float mean, float std) {
        OpChecks.sameDevice("randomNormal", this, y);
        OpChecks.randomNormal(mean, std);
        random.normal(buf(y), y.size(), seed, mean, std);
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public float sum(Tensor x) {
        return (float) sum("sum", ReduceKernels.SUM, x);
    }

    @Override
    public float sumAbs(Tensor x) {
        return (float) sum("sumAbs", ReduceKernels.SUM_ABS, x);
    }

    @Override
    public float dot(Tensor a, Tensor b) {
        OpChecks.sameDevice("dot", this, a, b);
        OpChecks.sameSize("dot", "a", a, "b", b);
        return (float) reduce.sum(ReduceKernels.DOT, buf(a), buf(b), a.size());
    }

    @Override
    public float l2Norm(Tensor x) {
        return (float) Math.sqrt(sum("l2Norm", ReduceKernels.SUM_SQUARES, x));
    }

    @Override
    public float max(Tensor x) {
        OpChecks.sameDevice("max", this, x);
        return reduce.argmax(buf(x), x.size()).value();
    }

    @Override
    public int argmax(Tensor x) {
        OpChecks.sameDevice("argmax", this, x);
        return reduce.argmax(buf(x), x.size()).index();
    }

    @Override
    public void oneHotArgmax(Tensor x, Tensor y) {
        OpChecks.sameDevice("oneHotArgmax", this, x, y);
        OpChecks.oneHotArgmax(x, y);
        reduce.oneHotArgmax(buf(x), x.shape().dim(0), x.shape().dim(1), buf(y));
    }

    @Override
    public int countBelow(Tensor x, float threshold) {
        OpChecks.sameDevice("countBelow", this, x);
        return reduce.countBelow(buf(x), threshold, x.size());
    }

    // ---------------------------------------------------------------- channels

    @Override
    public void concatChannels(List<Tensor> xs, Tensor y) {
        OpChecks.sameDevice("concatChannels", this, xs.toArray(new Tensor[0]));
        OpChecks.sameDevice("concatChannels", this, y);
        OpChecks.concatChannels(xs, y);
        image.channels(xs, y, false);
    }

    @Override
    public void splitChannels(Tensor x, List<Tensor> ys) {
        OpChecks.sameDevice("splitChannels", this, ys.toArray(new Tensor[0]));
        OpChecks.sameDevice("splitChannels", this, x);
        OpChecks.splitChannels(x, ys);
        image.channels(ys, x, true);
    }

    // ---------------------------------------------------------------- per-pixel maps and regularizers

    @Override
    public void channelNorm(Tensor x, Tensor y) {
        OpChecks.sameDevice("channelNorm", this, x, y);
        OpChecks.channelNorm(x, y);
        pixels.channelReduce(buf(x), null, x.shape(), buf(y));
    }

    @Override
    public void channelDot(Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDevice("channelDot", this, a, b, y);
        OpChecks.channelDot(a, b, y);
        pixels.channelReduce(buf(a), buf(b), a.shape(), buf(y));
    }

    @Override
    public void zeroWhereBelow(Tensor x, Tensor map, float threshold, Tensor y) {
        OpChecks.sameDevice("zeroWhereBelow", this, x, map, y);
        OpChecks.zeroWhereBelow(x, map, y);
        pixels.zeroWhereBelow(buf(x), x.shape(), buf(map), threshold, buf(y));
    }

    @Override
    public float totalVariation(Tensor x, float beta, Tensor grad) {
        OpChecks.sameDevice("totalVariation", this, x, grad);
        OpChecks.totalVariation(x, beta, grad);
        return (float) pixels.totalVariation(buf(x), x.shape(), beta, grad == null ? null : buf(grad));
    }

    // ---------------------------------------------------------------- image ops

    @Override
    public void gaussianBlur(Tensor x, float sigma, Tensor y) {
        OpChecks.sameDevice("gaussianBlur", this, x, y);
        OpChecks.imageOp("gaussianBlur", x, y, true);
        image.gaussianBlur(buf(x), x.shape(), sigma, buf(y));
    }

    @Override
    public void circularShift(Tensor x, int dy, int dx, Tensor y) {
        OpChecks.sameDevice("circularShift", this, x, y);
        OpChecks.imageOp("circularShift", x, y, true);
        image.circularShift(buf(x), x.shape(), dy, dx, buf(y));
    }

    @Override
    public void resizeBilinear(Tensor x, Tensor y) {
        OpChecks.sameDevice("resizeBilinear", this, x, y);
        OpChecks.imageOp("resizeBilinear", x, y, false);
        image.resizeBilinear(buf(x), x.shape(), buf(y), y.shape());
    }

    @Override
    public void cropPad(Tensor x, int top, int left, float fill, Tensor y) {
        OpChecks.sameDevice("cropPad", this, x, y);
        OpChecks.imageOp("cropPad", x, y, false);
        image.cropPad(buf(x), x.shape(), top, left, fill, buf(y), y.shape());
    }

    @Override
    public String toString() {
        return name();
    }
}