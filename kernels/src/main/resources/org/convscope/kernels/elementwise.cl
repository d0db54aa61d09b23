// Element-wise ops of the Device interface: one work-item per element.
// Every kernel reads element i before writing element i, so an output may alias an input.

__kernel void kernel_relu_f32(const int n, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        const float v = x[i];
        y[i] = v > 0.0f ? v : 0.0f;
    }
}

// mode: 0 STANDARD dx = dy*[x>0]; 1 DECONVNET dx = max(dy,0); 2 GUIDED dx = max(dy,0)*[x>0]
__kernel void kernel_relu_backward_f32(const int n, const int mode, __global const float *x,
                                       __global const float *dy, __global float *dx) {
    const int i = get_global_id(0);
    if (i < n) {
        const float g = dy[i];
        const int open = x[i] > 0.0f;
        float r;
        if (mode == 0) {
            r = open ? g : 0.0f;
        } else if (mode == 1) {
            r = g > 0.0f ? g : 0.0f;
        } else {
            r = (open && g > 0.0f) ? g : 0.0f;
        }
        dx[i] = r;
    }
}

__kernel void kernel_sigmoid_f32(const int n, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = 1.0f / (1.0f + exp(-x[i]));
    }
}

__kernel void kernel_sigmoid_backward_f32(const int n, __global const float *y, __global const float *dy,
                                          __global float *dx) {
    const int i = get_global_id(0);
    if (i < n) {
        const float s = y[i];
        dx[i] = dy[i] * s * (1.0f - s);
    }
}

__kernel void kernel_tanh_f32(const int n, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = tanh(x[i]);
    }
}

__kernel void kernel_tanh_backward_f32(const int n, __global const float *y, __global const float *dy,
                                       __global float *dx) {
    const int i = get_global_id(0);
    if (i < n) {
        const float t = y[i];
        dx[i] = dy[i] * (1.0f - t * t);
    }
}

__kernel void kernel_add_f32(const int n, __global const float *a, __global const float *b, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = a[i] + b[i];
    }
}

__kernel void kernel_sub_f32(const int n, __global const float *a, __global const float *b, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = a[i] - b[i];
    }
}

__kernel void kernel_mul_f32(const int n, __global const float *a, __global const float *b, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = a[i] * b[i];
    }
}

__kernel void kernel_scale_f32(const int n, const float alpha, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = alpha * x[i];
    }
}

__kernel void kernel_add_scalar_f32(const int n, const float s, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = x[i] + s;
    }
}

__kernel void kernel_axpy_f32(const int n, const float alpha, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] += alpha * x[i];
    }
}

__kernel void kernel_clamp_f32(const int n, const float lo, const float hi, __global const float *x,
                               __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        // min(max(x, lo), hi) written out so that a NaN input stays NaN, as in the reference
        const float v = x[i];
        const float a = v < lo ? lo : v;
        y[i] = a > hi ? hi : a;
    }
}

__kernel void kernel_fill_f32(const int n, const float value, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = value;
    }
}

__kernel void kernel_copy_f32(const int n, __global const float *src, const int srcOff,
                              __global float *dst, const int dstOff) {
    const int i = get_global_id(0);
    if (i < n) {
        dst[dstOff + i] = src[srcOff + i];
    }
}

// The channel-bias kernels run on a 3-D range (position in the plane, channel, item), so that no
// work-item divides to find its channel (integer division is slow on every device).

// y[n, c, p] += b[c] for a tensor of items x channels x plane
__kernel void kernel_add_channel_bias_f32(const int channels, const int plane, __global float *y,
                                          __global const float *b) {
    const int p = get_global_id(0);
    const int c = get_global_id(1);
    const int n = get_global_id(2);
    if (p < plane && c < channels) {
        y[((long) n * channels + c) * plane + p] += b[c];
    }
}

// y[n, c, p] = b[c]: the start of a convolution output that a GEMM then adds to
__kernel void kernel_set_channel_bias_f32(const int channels, const int plane, __global float *y,
                                          __global const float *b) {
    const int p = get_global_id(0);
    const int c = get_global_id(1);
    const int n = get_global_id(2);
    if (p < plane && c < channels) {
        y[((long) n * channels + c) * plane + p] = b[c];
    }
}

__kernel void kernel_abs_f32(const int n, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = fabs(x[i]);
    }
}

// 1 above zero, -1 below, and a zero (of either sign) or a NaN unchanged, as Java's Math.signum
__kernel void kernel_sign_f32(const int n, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        const float v = x[i];
        y[i] = v > 0.0f ? 1.0f : (v < 0.0f ? -1.0f : v);
    }
}

// y = |x|^p
__kernel void kernel_abs_pow_f32(const int n, const float p, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        y[i] = pow(fabs(x[i]), p);
    }
}

// y = d|x|^p/dx = p |x|^(p-1) sign(x), p >= 1 (0 at x = 0)
__kernel void kernel_abs_pow_gradient_f32(const int n, const float p, __global const float *x, __global float *y) {
    const int i = get_global_id(0);
    if (i < n) {
        const float v = x[i];
        const float s = v > 0.0f ? 1.0f : (v < 0.0f ? -1.0f : 0.0f);
        y[i] = p * pow(fabs(v), p - 1.0f) * s;
    }
}

// One Adam step on each element, in place; c1 = 1 - beta1^t and c2 = 1 - beta2^t come from the host.
__kernel void kernel_adam_update_f32(const int n, const float lr, const float beta1, const float beta2,
                                     const float eps, const float c1, const float c2, __global float *x,
                                     __global const float *g, __global float *m, __global float *v) {
    const int i = get_global_id(0);
    if (i < n) {
        const float gi = g[i];
        const float mi = beta1 * m[i] + (1.0f - beta1) * gi;
        const float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        x[i] -= lr * (mi / c1) / (sqrt(vi / c2) + eps);
    }
}
