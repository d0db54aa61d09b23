// Softmax over the channel axis and the softmax cross-entropy loss.
// x is items x C x plane; one work-item per (item, position) walks the C channels three times
// (max, sum of exponentials, output).

__kernel void kernel_softmax_f32(const int items, const int C, const int plane,
                                 __global const float *x, __global float *y) {
    const int t = get_global_id(0);
    if (t >= items * plane) {
        return;
    }
    const int pos = t % plane;
    const long base = (long) (t / plane) * C * plane + pos;
    float m = -INFINITY;
    for (int c = 0; c < C; c++) {
        m = fmax(m, x[base + (long) c * plane]);
    }
    float s = 0.0f;
    for (int c = 0; c < C; c++) {
        s += exp(x[base + (long) c * plane] - m);
    }
    const float inv = 1.0f / s;
    for (int c = 0; c < C; c++) {
        y[base + (long) c * plane] = exp(x[base + (long) c * plane] - m) * inv;
    }
}

// One work-item per item n of N x C logits: loss[n] = log(sum_c exp(x - m)) + m - x[label];
// when wantGrad, dx[n, c] = (softmax(x[n])[c] - [c == label]) / N.
__kernel void kernel_softmax_xent_f32(const int N, const int C, __global const float *x,
                                      __global const int *labels, __global float *loss,
                                      const int wantGrad, __global float *dx) {
    const int n = get_global_id(0);
    if (n >= N) {
        return;
    }
    __global const float *row = x + (long) n * C;
    float m = -INFINITY;
    for (int c = 0; c < C; c++) {
        m = fmax(m, row[c]);
    }
    float s = 0.0f;
    for (int c = 0; c < C; c++) {
        s += exp(row[c] - m);
    }
    const int label = labels[n];
    loss[n] = log(s) + m - row[label];
    if (wantGrad) {
        const float inv = 1.0f / s;
        const float invN = 1.0f / (float) N;
        __global float *g = dx + (long) n * C;
        for (int c = 0; c < C; c++) {
            const float p = exp(row[c] - m) * inv;
            g[c] = (p - (c == label ? 1.0f : 0.0f)) * invN;
        }
    }
}
