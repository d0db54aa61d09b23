package org.convscope.kernels;

import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.Shape;
import org.jocl.cl_kernel;

/** Launches the kernels of {@code pool.cl}: max pooling with switches, unpooling, average pooling. */
final class PoolKernels extends Launcher {
    static final String FILE = "pool.cl";
    private final ElementwiseKernels elementwise;

    PoolKernels(OpenClContext ctx, ElementwiseKernels elementwise) {
        super(ctx, FILE, "");
        this.elementwise = elementwise;
    }

    /** Runs a pool.cl kernel over the 3-D range (column, row, plane) of {@code over}. */
    private void run(String kernel, Shape over, Shape in, Shape out, PoolSpec p, ClBuffer... buffers) {
        Object[] args = new Object[11 + buffers.length];
        int i = 0;
        args[i++] = in.n() * in.c();
        args[i++] = in.h();
        args[i++] = in.w();
        args[i++] = out.h();
        args[i++] = out.w();
        args[i++] = p.kernelH();
        args[i++] = p.kernelW();
        args[i++] = p.strideH();
        args[i++] = p.strideW();
        args[i++] = p.padH();
        args[i++] = p.padW();
        for (ClBuffer b : buffers) {
            args[i++] = b;
        }
        ctx.launch(k(kernel), new long[] {over.w(), over.h(), (long) over.n() * over.c()}, null, args);
    }

    /**
     * Max pooling with switches: keeping the map's size at stride 1 by blocks of 16 outputs of a
     * plane ({@link #sameSize}), else at column stride 1 or 2 by blocks of 8 outputs of a row per work-item
     * ({@code kernel_max_pool_row8_f32}: SqueezeNet's pool1, 3x3 stride 2 on 96 x 111 x 111, 1.35 -> see
     * bench/results/opencl.md), else one output per work-item.
     */
    void max(ClBuffer x, Shape xs, PoolSpec spec, ClBuffer y, ClBuffer switches, Shape ys) {
        if (rowBlocks && sameSize(xs, spec, ys)) {
            run("kernel_max_pool_same_f32", Shape.of(ys.n(), ys.c(), 1, (ys.h() * ys.w() + 15) / 16), xs, ys, spec,
                    x, y, switches);
            return;
        }
        if (rowBlocks && (spec.strideW() == 1 || spec.strideW() == 2)) {
            run("kernel_max_pool_row8_f32", Shape.of(ys.n(), ys.c(), ys.h(), (ys.w() + 7) / 8), xs, ys, spec, x, y,
                    switches);
            return;
        }
        run("kernel_max_pool_f32", ys, xs, ys, spec, x, y, switches);
    }

    /**
     * Whether max pooling keeps the map's size at stride 1 ({@code kernel_max_pool_same_f32}: 16
     * outputs of a plane per work-item, rows crossed; GoogLeNet's inception pools, 3x3 padded by 1).
     */
    static boolean sameSize(Shape xs, PoolSpec spec, Shape ys) {
        return spec.strideH() == 1 && spec.strideW() == 1 && ys.h() == xs.h() && ys.w() == xs.w();
    }

    /** Whether max pooling runs its blocks of 8 or 16 outputs where it can (tests and benchmarks turn it off). */
    static volatile boolean rowBlocks = !Boolean.getBoolean("convscope.opencl.poolPerOutput");

    /**
     * Unpooling: dx zeroed, then each output's gradient added at its switch, one work-item per
     * output, in phases of outputs whose windows are disjoint ({@code ceil(k / stride)} apart each
     * way), so that no two work-items of a launch add into the same element.
     */
    void unpool(ClBuffer dy, ClBuffer switches, Shape dys, PoolSpec spec, ClBuffer dx, Shape dxs) {
        elementwise.fill(dx, 0f, dxs.size());
        int di = (spec.kernelH() + spec.strideH() - 1) / spec.strideH();
        int dj = (spec.kernelW() + spec.strideW() - 1) / spec.strideW();
        cl_kernel kern = k("kernel_max_unpool_scatter_f32");
        for (int i0 = 0; i0 < Math.min(di, dys.h()); i0++) {
            for (int j0 = 0; j0 < Math.min(dj, dys.w()); j0++) {
                long rows = (dys.h() - i0 + di - 1) / di;
                long cols = (dys.w() - j0 + dj - 1) / dj;
                ctx.launch(kern, new long[] {cols, rows, (long) dys.n() * dys.c()}, null, dys.n() * dys.c(),
                        dxs.h(), dxs.w(), dys.h(), dys.w(), spec.kernelH(), spec.kernelW(), spec.strideH(),
                        spec.strideW(), spec.padH(), spec.padW(), i0, j0, di, dj, dy, switches, dx);
            }
        }
    }

    void avg(ClBuffer x, Shape xs, PoolSpec spec, ClBuffer y, Shape ys) {
        run("kernel_avg_pool_f32", ys, xs, ys, spec, x, y);
    }

    void avgBackward(ClBuffer dy, Shape dys, PoolSpec spec, ClBuffer dx, Shape dxs) {
        run("kernel_avg_pool_backward_f32", dxs, dxs, dys, spec, dy, dx);
    }
}
