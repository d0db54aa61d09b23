// Element-wise ops of the Device interface. A work-item takes a run of VEC consecutive elements
// as one vector (vloadVEC/vstoreVEC), so that runtimes which execute work-items as scalar loops
// (PoCL on a CPU among them) still use the SIMD units; the last, partial run of a buffer goes
// element by element. The launcher starts ceil(n / VEC) work-items and passes -DVEC.
// Every kernel reads element i before writing element i, so an output may alias an input.
// Each op is written once, as a macro OP(T, ...) that is valid for T = float and T = floatVEC.

#ifndef VEC
#define VEC 16
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define floatV CAT(float, VEC)
#define LOADV CAT(vload, VEC)
#define STOREV CAT(vstore, VEC)

// y = OP(T, x)
#define UNARY_KERNEL(name, OP)                                                      \
    __kernel void name(const int n, __global const float *x, __global float *y) {   \
        const int i = get_global_id(0) * VEC;                                       \
        if (i + VEC <= n) {                                                         \
            STOREV(OP(floatV, LOADV(0, x + i)), 0, y + i);                          \
        } else {                                                                    \
            for (int j = i; j < n; j++) {                                           \
                y[j] = OP(float, x[j]);                                             \
            }                                                                       \
        }                                                                           \
    }

// y = OP(T, a, b)
#define BINARY_KERNEL(name, OP)                                                               \
    __kernel void name(const int n, __global const float *a, __global const float *b,         \
                       __global float *y) {                                                   \
        const int i = get_global_id(0) * VEC;                                                 \
        if (i + VEC <= n) {                                                                   \
            STOREV(OP(floatV, LOADV(0, a + i), LOADV(0, b + i)), 0, y + i);                   \
        } else {                                                                              \
            for (int j = i; j < n; j++) {                                                     \
                y[j] = OP(float, a[j], b[j]);                                                 \
            }                                                                                 \
        }                                                                                     \
    }

// y = OP(T, s, x, y) for a scalar s (y is read too: axpy)
#define SCALAR_KERNEL(name, OP)                                                                     \
    __kernel void name(const int n, const float s, __global const float *x, __global float *y) {    \
        const int i = get_global_id(0) * VEC;                                                       \
        if (i + VEC <= n) {                                                                         \
            STOREV(OP(floatV, s, LOADV(0, x + i), LOADV(0, y + i)), 0, y + i);                      \
        } else {                                                                                    \
            for (int j = i; j < n; j++) {                                                           \
                y[j] = OP(float, s, x[j], y[j]);                                                    \
            }                                                                                       \
        }                                                                                           \
    }

// max(v, 0) written as a select, so that NaN gives 0 as in the reference (v > 0 ? v : 0)
// NaN passes through (IEEE-honest, as the CPU reference): a NaN must not become a plausible 0
#define RELU(T, v) select((T)(0.0f), (v), ((v) > (T)(0.0f)) || isnan(v))
#define SIGMOID(T, v) ((T)(1.0f) / ((T)(1.0f) + exp(-(v))))
#define TANH(T, v) tanh(v)
#define SIGMOID_BACKWARD(T, y, dy) ((dy) * (y) * ((T)(1.0f) - (y)))
#define TANH_BACKWARD(T, y, dy) ((dy) * ((T)(1.0f) - (y) * (y)))
#define ADD(T, a, b) ((a) + (b))
#define SUB(T, a, b) ((a) - (b))
#define MUL(T, a, b) ((a) * (b))
#define SCALE(T, s, x, y) ((T)(s) * (x))
#define ADD_SCALAR(T, s, x, y) ((x) + (T)(s))
#define AXPY(T, s, x, y) ((y) + (T)(s) * (x))

UNARY_KERNEL(kernel_relu_f32, RELU)
UNARY_KERNEL(kernel_sigmoid_f32, SIGMOID)
UNARY_KERNEL(kernel_tanh_f32, TANH)
BINARY_KERNEL(kernel_sigmoid_backward_f32, SIGMOID_BACKWARD)
BINARY_KERNEL(kernel_tanh_backward_f32, TANH_BACKWARD)
BINARY_KERNEL(kernel_add_f32, ADD)
BINARY_KERNEL(kernel_sub_f32, SUB)
BINARY_KERNEL(kernel_mul_f32, MUL)
SCALAR_KERNEL(kernel_scale_f32, SCALE)
SCALAR_KERNEL(kernel_add_scalar_f32, ADD_SCALAR)
SCALAR_KERNEL(kernel_axpy_f32, AXPY)

// mode: 0 STANDARD dx = dy*[x>0]; 1 DECONVNET dx = max(dy,0); 2 GUIDED dx = max(dy,0)*[x>0];
// a NaN in x or dy gives NaN (x + dy) in every mode, as the CPU reference
#define RELU_BACKWARD(T, mode, x, g)                                             \
    select(RELU_BACKWARD_FINITE(T, mode, x, g), (x) + (g), isnan(x) || isnan(g))
#define RELU_BACKWARD_FINITE(T, mode, x, g)                                      \
    ((mode) == 0   ? select((T)(0.0f), (g), (x) > (T)(0.0f))                     \
     : (mode) == 1 ? RELU(T, g)                                                  \
                   : select((T)(0.0f), RELU(T, g), (x) > (T)(0.0f)))

__kernel void kernel_relu_backward_f32(const int n, const int mode, __global const float *x,
                                       __global const float *dy, __global float *dx) {
    const int i = get_global_id(0) * VEC;
    if (i + VEC <= n) {
        STOREV(RELU_BACKWARD(floatV, mode, LOADV(0, x + i), LOADV(0, dy + i)), 0, dx + i);
    } else {
        for (int j = i; j < n; j++) {
            dx[j] = RELU_BACKWARD(float, mode, x[j], dy[j]);
        }
    }
}

// min(max(x, lo), hi) written out so that a NaN input stays NaN, as in the reference
#define CLAMP(T, lo, hi, v) CLAMP_HI(T, hi, select((v), (T)(lo), (v) < (T)(lo)))
#define CLAMP_HI(T, hi, a) select((a), (T)(hi), (a) > (T)(hi))

__kernel void kernel_clamp_f32(const int n, const float lo, const float hi, __global const float *x,
                               __global float *y) {
    const int i = get_global_id(0) * VEC;
    if (i + VEC <= n) {
        STOREV(CLAMP(floatV, lo, hi, LOADV(0, x + i)), 0, y + i);
    } else {
        for (int j = i; j < n; j++) {
            y[j] = CLAMP(float, lo, hi, x[j]);
        }
    }
}

__kernel void kernel_fill_f32(const int n, const float value, __global float *y) {
    const int i = get_global_id(0) * VEC;
    if (i + VEC <= n) {
        STOREV((floatV)(value), 0, y + i);
    } else {
        for (int j = i; j < n; j++) {
            y[j] = value;
        }
    }
}

__kernel void kernel_copy_f32(const int n, __global const float *src, const int srcOff,
                              __global float *dst, const int dstOff) {
    const int i = get_global_id(0) * VEC;
    if (i + VEC <= n) {
        STOREV(LOADV(0, src + srcOff + i), 0, dst + dstOff + i);
    } else {
        for (int j = i; j < n; j++) {
            dst[dstOff + j] = src[srcOff + j];
        }
    }
}

// The channel-bias kernels run on a 3-D range (run of VEC positions in the plane, channel,
// item), so that no work-item divides to find its channel (integer division is slow on every
// device); a plane's last run may be partial.
#define CHANNEL_BIAS_KERNEL(name, OP)                                                               \
    __kernel void name(const int channels, const int plane, __global float *y,                      \
                       __global const float *b) {                                                   \
        const int p = get_global_id(0) * VEC;                                                       \
        const int c = get_global_id(1);                                                             \
        const int n = get_global_id(2);                                                             \
        if (p >= plane || c >= channels) {                                                          \
            return;                                                                                 \
        }                                                                                           \
        __global float *yp = y + ((long) n * channels + c) * plane;                                 \
        const float bc = b[c];                                                                      \
        if (p + VEC <= plane) {                                                                     \
            STOREV(OP(floatV, LOADV(0, yp + p), bc), 0, yp + p);                                    \
        } else {                                                                                    \
            for (int j = p; j < plane; j++) {                                                       \
                yp[j] = OP(float, yp[j], bc);                                                       \
            }                                                                                       \
        }                                                                                           \
    }

#define PLUS_BIAS(T, y, bc) ((y) + (T)(bc))
#define BIAS(T, y, bc) ((T)(bc))

// y[n, c, p] += b[c] for a tensor of items x channels x plane
CHANNEL_BIAS_KERNEL(kernel_add_channel_bias_f32, PLUS_BIAS)
// y[n, c, p] = b[c]: the start of a convolution output that a GEMM then adds to
CHANNEL_BIAS_KERNEL(kernel_set_channel_bias_f32, BIAS)

// 1 above zero, -1 below, and a zero (of either sign) or a NaN unchanged, as Java's Math.signum
#define SIGN(T, v) select(select((v), (T)(-1.0f), (v) < (T)(0.0f)), (T)(1.0f), (v) > (T)(0.0f))
// the same with 0 for a zero or a NaN
#define SIGN0(T, v) select(select((T)(0.0f), (T)(-1.0f), (v) < (T)(0.0f)), (T)(1.0f), (v) > (T)(0.0f))
#define ABS(T, v) fabs(v)
// |x|^p, and d|x|^p/dx = p |x|^(p-1) sign(x) for p >= 1 (0 at x = 0)
// |x|^p as exp2(p log2 |x|) (0 at x = 0 for p > 0): pow is a slow general routine on some runtimes
// (4M elements took 29 ms on PoCL); the error stays within a few units of the last place times
// |p log2 |x||. The gradient's power is 1 where p = 1 (also at infinities).
#define ABS_POW(T, p, x, y) exp2((T)(p) * log2(fabs(x)))
#define ABS_POW_GRADIENT(T, p, x, y) \
    ((T)(p) * ((p) == 1.0f ? (T)(1.0f) : exp2((T)((p) - 1.0f) * log2(fabs(x)))) * SIGN0(T, x))

UNARY_KERNEL(kernel_abs_f32, ABS)
UNARY_KERNEL(kernel_sign_f32, SIGN)
SCALAR_KERNEL(kernel_abs_pow_f32, ABS_POW)
SCALAR_KERNEL(kernel_abs_pow_gradient_f32, ABS_POW_GRADIENT)

// One Adam step on each element, in place; c1 = 1 - beta1^t and c2 = 1 - beta2^t come from the host.
#define ADAM(T, lr, beta1, beta2, eps, c1, c2, x, g, m, v)                                          \
    {                                                                                               \
        const T gi = g;                                                                             \
        const T mi = (T)(beta1) * (m) + (T)(1.0f - (beta1)) * gi;                                   \
        const T vi = (T)(beta2) * (v) + (T)(1.0f - (beta2)) * gi * gi;                              \
        m = mi;                                                                                     \
        v = vi;                                                                                     \
        x = (x) - (T)(lr) * (mi / (T)(c1)) / (sqrt(vi / (T)(c2)) + (T)(eps));                       \
    }

__kernel void kernel_adam_update_f32(const int n, const float lr, const float beta1, const float beta2,
                                     const float eps, const float c1, const float c2, __global float *x,
                                     __global const float *g, __global float *m, __global float *v) {
    const int i = get_global_id(0) * VEC;
    if (i + VEC <= n) {
        floatV xv = LOADV(0, x + i);
        floatV mv = LOADV(0, m + i);
        floatV vv = LOADV(0, v + i);
        ADAM(floatV, lr, beta1, beta2, eps, c1, c2, xv, LOADV(0, g + i), mv, vv);
        STOREV(xv, 0, x + i);
        STOREV(mv, 0, m + i);
        STOREV(vv, 0, v + i);
    } else {
        for (int j = i; j < n; j++) {
            ADAM(float, lr, beta1, beta2, eps, c1, c2, x[j], g[j], m[j], v[j]);
        }
    }
}

// The ops that take channel slices (Tensor.channelSlice), on a 2-D range: runs of VEC elements of
// one item (dimension 0) by item (dimension 1). Each argument p starts item n at element
// pOff + n * pStride of its buffer, so a slice of a Concat's output and a whole tensor mix freely.
#define ITEM(p, n) ((p) + p##Off + (n) * p##Stride)
#define SLICE_ARG(p) const int p##Off, const int p##Stride

// y = OP(T, x) on slices
#define UNARY_SLICES_KERNEL(name, OP)                                                           \
    __kernel void name(const int len, __global const float *x, SLICE_ARG(x), __global float *y,  \
                       SLICE_ARG(y)) {                                                           \
        const int i = get_global_id(0) * VEC;                                                   \
        const int n = get_global_id(1);                                                         \
        __global const float *xs = ITEM(x, n);                                                  \
        __global float *ys = ITEM(y, n);                                                        \
        if (i + VEC <= len) {                                                                   \
            STOREV(OP(floatV, LOADV(0, xs + i)), 0, ys + i);                                    \
        } else {                                                                                \
            for (int j = i; j < len; j++) {                                                     \
                ys[j] = OP(float, xs[j]);                                                       \
            }                                                                                   \
        }                                                                                       \
    }

#define COPY(T, v) (v)
UNARY_SLICES_KERNEL(kernel_relu_slices_f32, RELU)
UNARY_SLICES_KERNEL(kernel_copy_slices_f32, COPY)

__kernel void kernel_add_slices_f32(const int len, __global const float *a, SLICE_ARG(a),
                                    __global const float *b, SLICE_ARG(b), __global float *y, SLICE_ARG(y)) {
    const int i = get_global_id(0) * VEC;
    const int n = get_global_id(1);
    __global const float *as = ITEM(a, n);
    __global const float *bs = ITEM(b, n);
    __global float *ys = ITEM(y, n);
    if (i + VEC <= len) {
        STOREV(ADD(floatV, LOADV(0, as + i), LOADV(0, bs + i)), 0, ys + i);
    } else {
        for (int j = i; j < len; j++) {
            ys[j] = ADD(float, as[j], bs[j]);
        }
    }
}

__kernel void kernel_relu_backward_slices_f32(const int len, const int mode, __global const float *x, SLICE_ARG(x),
                                              __global const float *dy, SLICE_ARG(dy), __global float *dx,
                                              SLICE_ARG(dx)) {
    const int i = get_global_id(0) * VEC;
    const int n = get_global_id(1);
    __global const float *xs = ITEM(x, n);
    __global const float *dys = ITEM(dy, n);
    __global float *dxs = ITEM(dx, n);
    if (i + VEC <= len) {
        STOREV(RELU_BACKWARD(floatV, mode, LOADV(0, xs + i), LOADV(0, dys + i)), 0, dxs + i);
    } else {
        for (int j = i; j < len; j++) {
            dxs[j] = RELU_BACKWARD(float, mode, xs[j], dys[j]);
        }
    }
}

__kernel void kernel_fill_slices_f32(const int len, const float value, __global float *y, SLICE_ARG(y)) {
    const int i = get_global_id(0) * VEC;
    __global float *ys = ITEM(y, get_global_id(1));
    if (i + VEC <= len) {
        STOREV((floatV)(value), 0, ys + i);
    } else {
        for (int j = i; j < len; j++) {
            ys[j] = value;
        }
    }
}
