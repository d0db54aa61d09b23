package org.convscope.tensor.cpu;

import java.util.Arrays;

import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.Shape;

/**
 * Pooling on the CPU: max with switches, unpooling through them, average (Caffe's rules).
 *
 * <p>Window of output row i: {@code [i*sh - ph, i*sh - ph + kh)}. Max pooling and the sum of
 * average pooling use its part inside the input; average pooling divides by the size of its part
 * inside the padded input, {@code [i*sh - ph, min(i*sh - ph + kh, H + ph))}. {@link PoolSpec}'s
 * output size guarantees that every window overlaps the input, so no window is empty.
 */
final class CpuPool {
    private CpuPool() {
    }

    /** Max pooling; {@code switches} gets {@code p*W + q} of the first maximum in row-major order. */
    static void max(float[] x, Shape xs, PoolSpec spec, float[] y, int[] switches, Shape ys) {
        int h = xs.h();
        int w = xs.w();
        int ho = ys.h();
        int wo = ys.w();
        CpuPlanes.forEach(xs.n() * xs.c(), (long) ho * wo * spec.kernelH() * spec.kernelW(), plane -> {
            int in = plane * h * w;
            int out = plane * ho * wo;
            for (int i = 0; i < ho; i++) {
                int p0 = Math.max(i * spec.strideH() - spec.padH(), 0);
                int p1 = Math.min(i * spec.strideH() - spec.padH() + spec.kernelH(), h);
                for (int j = 0; j < wo; j++) {
                    int q0 = Math.max(j * spec.strideW() - spec.padW(), 0);
                    int q1 = Math.min(j * spec.strideW() - spec.padW() + spec.kernelW(), w);
                    int best = p0 * w + q0;
                    float bestValue = x[in + best];
                    for (int p = p0; p < p1; p++) {
                        for (int q = q0; q < q1; q++) {
                            float v = x[in + p * w + q];
                            if (v > bestValue) {
                                bestValue = v;
                                best = p * w + q;
                            }
                        }
                    }
                    y[out + i * wo + j] = bestValue;
                    switches[out + i * wo + j] = best;
                }
            }
        });
    }

    /** Unpooling: {@code dx} zeroed, then each {@code dy} added at its switch. */
    static void unpool(float[] dy, int[] switches, Shape dys, PoolSpec spec, float[] dx, Shape dxs) {
        int plane = dxs.h() * dxs.w();
        int outPlane = dys.h() * dys.w();
        // a switch outside the plane would write into a neighbouring plane: refuse before any work
        for (int k = 0; k < switches.length; k++) {
            if (switches[k] < 0 || switches[k] >= plane) {
                throw new IllegalArgumentException("maxUnpool: switch " + switches[k] + " at [" + k
                        + "] is outside the " + dxs.h() + "x" + dxs.w() + " input plane (input gradient "
                        + dxs + ", output gradient " + dys + ")");
            }
        }
        CpuPlanes.forEach(dxs.n() * dxs.c(), plane + outPlane, pl -> {
            int in = pl * plane;
            int out = pl * outPlane;
            Arrays.fill(dx, in, in + plane, 0f);
            for (int k = 0; k < outPlane; k++) {
                dx[in + switches[out + k]] += dy[out + k];
            }
        });
    }

    /** Average pooling with Caffe's divisor (window size inside the padded input). */
    static void avg(float[] x, Shape xs, PoolSpec spec, float[] y, Shape ys) {
        int h = xs.h();
        int w = xs.w();
        int ho = ys.h();
        int wo = ys.w();
        CpuPlanes.forEach(xs.n() * xs.c(), (long) ho * wo * spec.kernelH() * spec.kernelW(), plane -> {
            int in = plane * h * w;
            int out = plane * ho * wo;
            for (int i = 0; i < ho; i++) {
                int p0 = i * spec.strideH() - spec.padH();
                int p1 = Math.min(p0 + spec.kernelH(), h + spec.padH());
                for (int j = 0; j < wo; j++) {
                    int q0 = j * spec.strideW() - spec.padW();
                    int q1 = Math.min(q0 + spec.kernelW(), w + spec.padW());
                    int divisor = (p1 - p0) * (q1 - q0);
                    float s = 0f;
                    for (int p = Math.max(p0, 0); p < Math.min(p1, h); p++) {
                        for (int q = Math.max(q0, 0); q < Math.min(q1, w); q++) {
                            s += x[in + p * w + q];
                        }
                    }
                    y[out + i * wo + j] = s / divisor;
                }
            }
        });
    }

    /** Average pooling backward: {@code dy / divisor} spread over the window's input positions. */
    static void avgBackward(float[] dy, Shape dys, PoolSpec spec, float[] dx, Shape dxs) {
        int h = dxs.h();
        int w = dxs.w();
        int ho = dys.h();
        int wo = dys.w();
        CpuPlanes.forEach(dxs.n() * dxs.c(), (long) ho * wo * spec.kernelH() * spec.kernelW(), plane -> {
            int in = plane * h * w;
            int out = plane * ho * wo;
            Arrays.fill(dx, in, in + h * w, 0f);
            for (int i = 0; i < ho; i++) {
                int p0 = i * spec.strideH() - spec.padH();
                int p1 = Math.min(p0 + spec.kernelH(), h + spec.padH());
                for (int j = 0; j < wo; j++) {
                    int q0 = j * spec.strideW() - spec.padW();
                    int q1 = Math.min(q0 + spec.kernelW(), w + spec.padW());
                    float g = dy[out + i * wo + j] / ((p1 - p0) * (q1 - q0));
                    for (int p = Math.max(p0, 0); p < Math.min(p1, h); p++) {
                        for (int q = Math.max(q0, 0); q < Math.min(q1, w); q++) {
                            dx[in + p * w + q] += g;
                        }
                    }
                }
            }
        });
    }
}
