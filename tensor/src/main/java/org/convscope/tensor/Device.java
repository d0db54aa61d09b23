package org.convscope.tensor;

import java.util.List;

/**
 * Where tensors live and every op that the nets and the visualizations run.
 *
 * <p>Conventions for every op:
 * <ul>
 * <li>Tensors are float32, contiguous, NCHW at rank 4; every tensor argument belongs to this device.
 *     The exception is a {@link Tensor#channelSlice}, which only the ops listed at
 *     {@link #supportsChannelSlices()} accept (on a device that says so); every other op refuses it.</li>
 * <li>Outputs are passed in, already allocated with the right shape, and are overwritten
 *     (or accumulated into, where an op says so). Inputs are never modified. Element-wise
 *     ops allow an output to be the same tensor as an input (in place); other ops do not.</li>
 * <li>Shapes and parameters are checked before any work, by {@link OpChecks}: a bad call throws
 *     {@link IllegalArgumentException} naming the op and the offending shapes, and changes nothing.</li>
 * </ul>
 *
 * <p>{@code CpuDevice} is the reference; every other device must agree with it to a relative
 * error of 1e-4 on any valid shape.
 */
public interface Device extends AutoCloseable {

    /** A short name for logs and manifests: {@code cpu}, {@code opencl:<device name>}. */
    String name();

    // ---------------------------------------------------------------- memory

    /** A new zero-filled float tensor. */
    Tensor allocate(Shape shape);

    /** A new zero-filled int tensor. */
    IntTensor allocateInt(Shape shape);

    /** Copies {@code src} (row-major, exactly {@code t.size()} values) into {@code t}. */
    void write(Tensor t, float[] src);

    /** Copies the values of {@code t} to a new host array. */
    float[] read(Tensor t);

    /**
     * A tensor holding {@code data} (row-major, {@code dims}) from a caller that gives the array
     * up: a device whose tensors live in Java arrays keeps the array itself instead of a copy (the
     * CPU device does), so the caller must not use it afterwards. Other devices allocate and write.
     */
    default Tensor adopt(float[] data, int... dims) {
        return Tensor.of(this, data, dims);
    }

    /** Copies {@code src} into the int tensor {@code t}. */
    void write(IntTensor t, int[] src);

    /** Copies the values of the int tensor {@code t} to a new host array. */
    int[] read(IntTensor t);

    /**
     * The memory tensors on this device can use, in bytes: the Java heap's limit on the CPU, the
     * device's global memory on an accelerator. For estimates before starting a large job.
     */
    default long memoryBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Whether this device reads and writes {@link Tensor#channelSlice channel slices} in
     * {@link #read(Tensor)}, {@link #write(Tensor, float[])}, {@link #copy}, {@link #fill},
     * {@link #add}, {@link #relu} and {@link #reluBackward} (any argument may be a slice; the other
     * arguments keep their shapes). A net writes the parts of a Concat in place only on such a device.
     * Every other op refuses a slice on every device ({@link OpChecks#sameDevice}).
     */
    default boolean supportsChannelSlices() {
        return false;
    }

    /** Waits until every op enqueued so far has finished (a no-op on a synchronous device). */
    default void synchronize() {
    }

    /** Releases what the device holds (queues, programs). Tensors must not be used afterwards. */
    @Override
    default void close() {
    }

    // ---------------------------------------------------------------- convolution

    /**
     * 2-D convolution (cross-correlation, as in Caffe):
     * {@code y[n,k,i,j] = b[k] + sum_{c,u,v} w[k,c,u,v] * x[n, g*Cg + c, i*sh - ph + u, j*sw - pw + v]}
     * where g is k's group, {@code Cg = C/groups} and x is zero outside its bounds.
     *
     * @param x    input, N x C x H x W
     * @param w    weights, K x C/groups x kh x kw (K divisible by groups)
     * @param bias K values, or null for none
     * @param spec stride, pad, groups
     * @param y    output, N x K x Ho x Wo ({@link ConvSpec#outputShape}); overwritten
     */
    void conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y);

    /**
     * Gradient of {@link #conv2d} with respect to its input, which is the transposed convolution:
     * {@code dx[n, g*Cg + c, p, q] = sum_{k in g, u, v : p = i*sh - ph + u, q = j*sw - pw + v} w[k,c,u,v] * dy[n,k,i,j]}.
     *
     * @param dy   gradient of the output, N x K x Ho x Wo
     * @param w    weights, K x C/groups x kh x kw
     * @param spec stride, pad, groups of the forward convolution
     * @param dx   gradient of the input, N x C x H x W; overwritten
     */
    void conv2dBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx);

    /**
     * Gradient of {@link #conv2d} with respect to its weights:
     * {@code dw[k,c,u,v] (+)= sum_{n,i,j} dy[n,k,i,j] * x[n, g*Cg + c, i*sh - ph + u, j*sw - pw + v]}.
     *
     * @param x          input of the forward pass, N x C x H x W
     * @param dy         gradient of the output, N x K x Ho x Wo
     * @param spec       stride, pad, groups of the forward convolution
     * @param dw         K x C/groups x kh x kw; overwritten, or added to when {@code accumulate}
     * @param accumulate add to {@code dw} (Caffe's parameter-gradient convention) instead of overwriting
     */
    void conv2dBackwardWeights(Tensor x, Tensor dy, ConvSpec spec, Tensor dw, boolean accumulate);

    /**
     * Gradient of {@link #conv2d} with respect to its bias: {@code db[k] (+)= sum_{n,i,j} dy[n,k,i,j]}.
     *
     * @param dy         N x K x Ho x Wo
     * @param db         K values; overwritten, or added to when {@code accumulate}
     * @param accumulate add to {@code db} instead of overwriting
     */
    void conv2dBackwardBias(Tensor dy, Tensor db, boolean accumulate);

    /**
     * Transposed convolution ("deconvolution"): exactly {@link #conv2dBackwardData} with {@code x}
     * in the place of {@code dy}, plus a bias per output channel.
     *
     * @param x    N x K x H x W (K = the weights' first axis)
     * @param w    K x C/groups x kh x kw
     * @param bias C values added to every output position, or null
     * @param spec stride, pad, groups (of the convolution being transposed)
     * @param y    N x C x Ho x Wo, with {@code H == spec.outH(Ho, kh)}; overwritten
     */
    default void convTranspose2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        OpChecks.convTranspose2d(x, w, bias, spec, y);
        conv2dBackwardData(x, w, spec, y);
        if (bias != null) {
            addChannelBias(y, bias);
        }
    }

    /**
     * Adds a per-channel bias: {@code y[n,c,i,j] += b[c]}.
     *
     * @param y N x C x H x W (or N x C); modified in place
     * @param b C values
     */
    void addChannelBias(Tensor y, Tensor b);

    // ---------------------------------------------------------------- activations

    /**
     * ReLU: {@code y = max(x, 0)}, with NaN passed through ({@code y = NaN} where {@code x} is NaN,
     * as IEEE {@code maxNum} would not): a NaN reaching a net must end as a NaN result that the
     * caller can detect, never as a plausible 0. Same shapes; in place allowed.
     */
    void relu(Tensor x, Tensor y);

    /**
     * ReLU backward under a {@link ReluMode}: STANDARD {@code dx = dy*[x>0]}, DECONVNET
     * {@code dx = max(dy,0)}, GUIDED {@code dx = max(dy,0)*[x>0]}; where {@code x} or {@code dy}
     * is NaN, {@code dx} is NaN in every mode.
     *
     * @param x  the ReLU's input or output (their signs agree where it matters); same shape as dy
     * @param dy gradient arriving from above
     * @param dx overwritten; may be {@code dy} (in place)
     */
    void reluBackward(Tensor x, Tensor dy, ReluMode mode, Tensor dx);

    /** Logistic sigmoid: {@code y = 1 / (1 + exp(-x))}. In place allowed. */
    void sigmoid(Tensor x, Tensor y);

    /** Sigmoid backward from its output: {@code dx = dy * y * (1 - y)}. In place allowed. */
    void sigmoidBackward(Tensor y, Tensor dy, Tensor dx);

    /** Hyperbolic tangent: {@code y = tanh(x)}. In place allowed. */
    void tanh(Tensor x, Tensor y);

    /** Tanh backward from its output: {@code dx = dy * (1 - y^2)}. In place allowed. */
    void tanhBackward(Tensor y, Tensor dy, Tensor dx);

    // ---------------------------------------------------------------- pooling

    /**
     * Max pooling with switches: {@code y[n,c,i,j] = max over the window of x[n,c,.,.]} (padding never
     * wins), and {@code switches[n,c,i,j] = p*W + q}, the position in the input plane of the maximum
     * (the first one in row-major order on ties, as Caffe). The window of output row i is
     * {@code [i*sh - ph, i*sh - ph + kh)} clipped to the input, never empty ({@link PoolSpec}).
     *
     * @param x        N x C x H x W
     * @param y        N x C x Ho x Wo ({@link PoolSpec#outputShape}); overwritten
     * @param switches N x C x Ho x Wo; overwritten
     */
    void maxPool(Tensor x, PoolSpec spec, Tensor y, IntTensor switches);

    /**
     * Max pooling backward, which is unpooling: {@code dx} is zeroed, then each {@code dy[n,c,i,j]}
     * is added at {@code dx[n,c, switches[n,c,i,j]]} (overlapping windows add up). A switch outside
     * {@code [0, H*W)} is an {@link IllegalArgumentException} on the CPU reference.
     *
     * @param dy       N x C x Ho x Wo
     * @param switches N x C x Ho x Wo, from {@link #maxPool}
     * @param dx       N x C x H x W; overwritten
     */
    void maxUnpool(Tensor dy, IntTensor switches, PoolSpec spec, Tensor dx);

    /**
     * Average pooling, Caffe's rule: the window is clipped to the padded input
     * ({@code [i*sh - ph, min(i*sh - ph + kh, H + ph))}), its size counted there is the divisor,
     * then it is clipped to the input for the sum (padding counts as zeros).
     *
     * @param x N x C x H x W
     * @param y N x C x Ho x Wo; overwritten
     */
    void avgPool(Tensor x, PoolSpec spec, Tensor y);

    /**
     * Average pooling backward: each {@code dy[n,c,i,j] / divisor} is added to every input position of its window.
     *
     * @param dy N x C x Ho x Wo
     * @param dx N x C x H x W; overwritten
     */
    void avgPoolBackward(Tensor dy, PoolSpec spec, Tensor dx);

    // ---------------------------------------------------------------- normalization

    /**
     * Local response normalization with Caffe's formula ({@link LrnSpec}).
     *
     * @param x N x C x H x W
     * @param y same shape; overwritten
     */
    void lrn(Tensor x, LrnSpec spec, Tensor y);

    /**
     * LRN backward: the exact gradient of {@link #lrn} with respect to x.
     *
     * @param x  the forward input
     * @param y  the forward output
     * @param dy gradient of the output
     * @param dx overwritten
     */
    void lrnBackward(Tensor x, Tensor y, Tensor dy, LrnSpec spec, Tensor dx);

    // ---------------------------------------------------------------- matrices

    /**
     * General matrix multiply, row-major: {@code C = alpha * op(A) * op(B) + beta * C}, where
     * {@code op(A)} is M x K ({@code A} is stored K x M when {@code transA}), {@code op(B)} is K x N.
     * Tensors are read as flat row-major matrices; their sizes must be at least the matrices'.
     * {@code beta == 0} ignores C's old values (NaN included).
     *
     * @param c M x N; overwritten (scaled by beta and added to)
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /**
     * Gram matrix of each item's feature map: for x of N x C x H x W, with {@code F} the C x (H*W)
     * matrix of item n, {@code g[n] = F * F^T}, unnormalized.
     *
     * @param x N x C x H x W
     * @param g N x C x C; overwritten
     */
    void gram(Tensor x, Tensor g);

    /**
     * Gradient of {@link #gram}: {@code dx[n] = (dg[n] + dg[n]^T) * F[n]}.
     *
     * @param x  N x C x H x W
     * @param dg N x C x C
     * @param dx N x C x H x W; overwritten
     */
    void gramBackward(Tensor x, Tensor dg, Tensor dx);

    // ---------------------------------------------------------------- softmax and loss

    /**
     * Softmax over the channel axis (axis 1), for each n and each spatial position:
     * {@code y[n,c,...] = exp(x[n,c,...] - m) / sum_c' exp(x[n,c',...] - m)}, m the max over c.
     *
     * @param x N x C, or N x C x H x W
     * @param y same shape; overwritten
     */
    void softmax(Tensor x, Tensor y);

    /**
     * Softmax cross-entropy (Caffe's SoftmaxWithLoss) over N x C logits:
     * {@code loss = -(1/N) sum_n log softmax(x[n])[label[n]]}, and, when {@code dx} is not null,
     * {@code dx = (softmax(x) - onehot(label)) / N}. Each item's term is computed as
     * {@code logsumexp(x[n]) - x[n,label]}, exact where the probability underflows (Caffe instead
     * caps it at {@code -log(FLT_MIN) ~ 87.3}; the two agree below that).
     *
     * @param logits N x C (or N x C x 1 x 1)
     * @param labels N class indices in {@code [0, C)}
     * @param dx     same shape as logits, overwritten; or null for the loss alone
     * @return the mean loss
     */
    float softmaxCrossEntropy(Tensor logits, int[] labels, Tensor dx);

    // ---------------------------------------------------------------- element-wise (in place allowed)

    /** {@code y = a + b}, same shapes. */
    void add(Tensor a, Tensor b, Tensor y);

    /** {@code y = a - b}, same shapes. */
    void sub(Tensor a, Tensor b, Tensor y);

    /** {@code y = a * b} element-wise, same shapes. */
    void mul(Tensor a, Tensor b, Tensor y);

    /** {@code y = alpha * x}. */
    void scale(Tensor x, float alpha, Tensor y);

    /** {@code y = x + s} for a scalar s. */
    void addScalar(Tensor x, float s, Tensor y);

    /** {@code y += alpha * x} (BLAS axpy); y is modified. */
    void axpy(float alpha, Tensor x, Tensor y);

    /** {@code y = min(max(x, lo), hi)}. */
    void clamp(Tensor x, float lo, float hi, Tensor y);

    /** Sets every element of {@code y} to {@code value}. */
    void fill(Tensor y, float value);

    /** {@code dst = src}; sizes must agree (shapes may differ, as for a reshape). */
    void copy(Tensor src, Tensor dst);

    /** {@code y = |x|}. */
    void abs(Tensor x, Tensor y);

    /** {@code y = sign(x)}: 1 for x &gt; 0, -1 for x &lt; 0, x itself for a zero (either sign) or NaN. */
    void sign(Tensor x, Tensor y);

    /**
     * {@code y = |x|^p} for an exponent {@code p > 0} (the alpha-norm's terms: Mahendran and Vedaldi's
     * {@code sum |x|^alpha} is {@code sum(absPow(x, alpha))}).
     */
    void absPow(Tensor x, float p, Tensor y);

    /**
     * The derivative of {@link #absPow}: {@code y = p |x|^(p-1) sign(x)}, for {@code p >= 1} (0 at
     * {@code x = 0}, a subgradient where p = 1).
     */
    void absPowGradient(Tensor x, float p, Tensor y);

    /**
     * One step t (1-based) of Adam (Kingma and Ba 2015) on every element, in place:
     * <pre>
     *   m &lt;- b1 m + (1 - b1) g;   v &lt;- b2 v + (1 - b2) g^2
     *   x &lt;- x - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
     * </pre>
     * m and v are computed in float32, the step itself in double on the CPU reference.
     *
     * @param x the iterate; modified
     * @param g the gradient at x
     * @param m the first moment (zero before step 1); modified
     * @param v the second moment (zero before step 1); modified
     * @param t the step number, from 1
     */
    void adamUpdate(Tensor x, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, int t);

    // ---------------------------------------------------------------- random fills (counter-based)

    /**
     * Fills {@code y} with values uniform in {@code [lo, hi)}: {@code y[i] = lo + (hi - lo) * u_i} (float
     * arithmetic), where {@code u_i = (h(seed, i) >>> 40) / 2^24} and {@code h} is the SplitMix64 finalizer
     * of {@code seed + (i + 1) * 0x9E3779B97F4A7C15} (64-bit wrapping arithmetic). Each value depends only
     * on (seed, i), so every device writes the same bytes and nothing is uploaded.
     */
    void randomUniform(Tensor y, long seed, float lo, float hi);

    /**
     * Fills {@code y} with approximately normal values: {@code y[i] = mean + std * z_i} (float arithmetic)
     * where {@code z_i = (sum_{k<12} b_k - 6 * 2^24) / 2^24}, the Irwin-Hall sum of twelve 24-bit uniforms
     * {@code b_k = h(seed, 12 i + k) >>> 40} ({@link #randomUniform}'s hash), added as integers: mean 0,
     * variance 1, tails cut at +-6. Integer sums and one rounding make the bytes the same on every device,
     * which a transcendental (Box-Muller) transform would not.
     */
    void randomNormal(Tensor y, long seed, float mean, float std);

    // ---------------------------------------------------------------- reductions (host scalars)

    /** Sum of all elements (accumulated in double on the CPU reference). */
    float sum(Tensor x);

    /** Sum of absolute values. */
    float sumAbs(Tensor x);

    /** Dot product of two tensors of the same size. */
    float dot(Tensor a, Tensor b);

    /** Euclidean norm {@code sqrt(sum x^2)}. */
    float l2Norm(Tensor x);

    /** Largest element. */
    float max(Tensor x);

    /** Flat index of the largest element (the first one on ties). */
    int argmax(Tensor x);

    /**
     * The argmax of each row as a one-hot row: for x of R x Q, {@code y[r, q] = 1} where q is the
     * first index of row r's largest element ({@link #argmax}'s rule: NaN never wins over a number),
     * else 0. With {@link #gemm}, a selection of columns that never leaves the device (guided
     * DeepDream's nearest guide feature per position: {@code top = G * y^T}).
     *
     * @param x R x Q
     * @param y R x Q; overwritten (not x)
     */
    void oneHotArgmax(Tensor x, Tensor y);

    /** The number of elements strictly below {@code threshold} (NaN is never below anything). */
    int countBelow(Tensor x, float threshold);

    /**
     * The k-th smallest element (0-based), i.e. the nearest-rank-below percentile p of n values for
     * {@code k = floor(p/100 * (n - 1))}, as a sort would give it. Found on the device by bisection
     * over the float values in order (their bit patterns made monotone) with {@link #countBelow}:
     * the largest v with {@code countBelow(x, v) <= k}, which is an element of x. At most 33
     * reductions, each returning one scalar, so a percentile never brings the tensor to the host.
     * A zero comes back as +0; when the k-th smallest is +infinity or NaN (NaN sorts last) the
     * answer is +infinity.
     *
     * @throws IllegalArgumentException when k is outside {@code [0, size)}
     */
    default float kthSmallest(Tensor x, int k) {
        if (k < 0 || k >= x.size()) {
            throw new IllegalArgumentException("kthSmallest: k = " + k + " is outside [0, " + x.size() + ") for " + x);
        }
        if (countBelow(x, Float.POSITIVE_INFINITY) <= k) {
            return Float.POSITIVE_INFINITY;
        }
        // invariant: countBelow(value(lo)) <= k < countBelow(value(hi))
        long lo = orderedKey(Float.NEGATIVE_INFINITY);
        long hi = orderedKey(Float.POSITIVE_INFINITY);
        while (hi - lo > 1) {
            long mid = (lo + hi) >> 1;
            if (countBelow(x, orderedValue(mid)) <= k) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        float v = orderedValue(lo);
        return v == 0f ? 0f : v;
    }

    /** A float's bits as an int that orders like the float (negative floats: magnitude bits flipped). */
    private static long orderedKey(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** The inverse of {@link #orderedKey} (the flip is its own inverse). */
    private static float orderedValue(long key) {
        int k = (int) key;
        return Float.intBitsToFloat(k ^ ((k >> 31) & 0x7fffffff));
    }

    // ---------------------------------------------------------------- channels

    /**
     * Concatenation along the channel axis: {@code y[n] = [xs[0][n]; xs[1][n]; ...]}.
     *
     * @param xs tensors of N x Ci x H x W, same N, H, W (or N x Ci)
     * @param y  N x (sum Ci) x H x W; overwritten
     */
    void concatChannels(List<Tensor> xs, Tensor y);

    /** The inverse of {@link #concatChannels}: each {@code ys[i]} is overwritten with its channel range of x. */
    void splitChannels(Tensor x, List<Tensor> ys);

    // ---------------------------------------------------------------- per-pixel maps and image regularizers

    /**
     * The L2 norm of each pixel across channels: {@code y[n,0,i,j] = sqrt(sum_c x[n,c,i,j]^2)}
     * (accumulated in double on the CPU reference).
     *
     * @param x N x C x H x W
     * @param y N x 1 x H x W; overwritten
     */
    void channelNorm(Tensor x, Tensor y);

    /**
     * The dot product of two images at each pixel, across channels: {@code y[n,0,i,j] = sum_c a[n,c,i,j] b[n,c,i,j]}
     * (accumulated in double on the CPU reference); with b the gradient, Yosinski et al.'s contribution of each pixel.
     *
     * @param a N x C x H x W
     * @param b same shape
     * @param y N x 1 x H x W; overwritten
     */
    void channelDot(Tensor a, Tensor b, Tensor y);

    /**
     * Zeroes whole pixels where a per-pixel map is below a threshold:
     * {@code y[n,c,i,j] = map[n,0,i,j] < threshold ? 0 : x[n,c,i,j]} (a NaN in the map keeps the pixel).
     * In place allowed ({@code y == x}).
     *
     * @param x   N x C x H x W
     * @param map N x 1 x H x W
     * @param y   same shape as x; overwritten
     */
    void zeroWhereBelow(Tensor x, Tensor map, float threshold, Tensor y);

    /**
     * Total variation with exponent beta (Mahendran and Vedaldi 2015), summed over every item and channel:
     * <pre>
     *   R(x) = sum_{n,c, i &lt; H-1, j &lt; W-1} ( (x[n,c,i,j+1] - x[n,c,i,j])^2 + (x[n,c,i+1,j] - x[n,c,i,j])^2 )^(beta/2)
     * </pre>
     * and, when {@code grad} is not null, {@code grad = dR/dx}: with {@code dh, dv} those differences at
     * (i, j) and {@code s = beta (dh^2 + dv^2)^(beta/2 - 1)} (taken as 0 where both differences are 0, a
     * subgradient at the kink of beta &lt; 2), the term at (i, j) adds {@code s dh} to (i, j+1), {@code s dv}
     * to (i+1, j) and {@code -s (dh + dv)} to (i, j). Each gradient element is gathered from the at most three
     * terms that touch it (no atomics, the same order on every device).
     *
     * @param x    N x C x H x W
     * @param beta the exponent, &gt; 0 (2: the squared-gradient prior; 1: the isotropic TV norm)
     * @param grad same shape as x, overwritten; or null for the value alone
     * @return R(x) (accumulated in double on the CPU reference)
     */
    float totalVariation(Tensor x, float beta, Tensor grad);

    // ---------------------------------------------------------------- image ops (per channel of NCHW)

    /**
     * Gaussian blur of every channel, separable, kernel radius {@code ceil(3*sigma)}, weights
     * {@code exp(-d^2 / (2 sigma^2))} for {@code d in [-r, r]} normalized to sum 1, applied along rows
     * then along columns, edges clamped (replicated: an index outside the map reads the nearest
     * edge pixel). {@code sigma <= 0} copies.
     *
     * @param x N x C x H x W
     * @param y same shape; overwritten (not x)
     */
    void gaussianBlur(Tensor x, float sigma, Tensor y);

    /**
     * Circular shift (the jitter of the optimization methods):
     * {@code y[n,c,i,j] = x[n,c, (i - dy) mod H, (j - dx) mod W]}.
     *
     * @param y same shape; overwritten (not x)
     */
    void circularShift(Tensor x, int dy, int dx, Tensor y);

    /**
     * Bilinear resize of every channel to y's height and width, half-pixel centres
     * (source coordinate {@code (i + 0.5) * H/Ho - 0.5}, clamped to the edges; OpenCV's and
     * PyTorch's {@code align_corners=False}).
     *
     * @param x N x C x H x W
     * @param y N x C x Ho x Wo; overwritten
     */
    void resizeBilinear(Tensor x, Tensor y);

    /**
     * Crop and/or pad: {@code y[n,c,i,j] = x[n,c,i+top,j+left]} where that lies inside x, else
     * {@code fill}. Positive offsets crop, negative ones pad.
     *
     * @param x N x C x H x W
     * @param y N x C x Ho x Wo; overwritten
     */
    void cropPad(Tensor x, int top, int left, float fill, Tensor y);
}
