package org.convscope.kernels;

import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.Shape;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/** Launches the kernels of {@code pool.cl}: max pooling with switches, unpooling, average pooling. */
final class PoolKernels {
    static final String FILE = "pool.cl";
    private final OpenClDevice dev;

    PoolKernels(OpenClDevice dev) {
        this.dev = dev;
    }

    private cl_kernel k(String name) {
        return dev.kernel(PoolKernels.class, FILE, "", name);
    }

    /** Runs a pool.cl kernel over the 3-D range (column, row, plane) of {@code over}. */
    private void run(String kernel, Shape over, Shape in, Shape out, PoolSpec p, cl_mem... buffers) {
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
        for (cl_mem b : buffers) {
            args[i++] = b;
        }
        dev.launch(k(kernel), new long[] {over.w(), over.h(), (long) over.n() * over.c()}, null, args);
    }

    void max(cl_mem x, Shape xs, PoolSpec spec, cl_mem y, cl_mem switches, Shape ys) {
        run("kernel_max_pool_f32", ys, xs, ys, spec, x, y, switches);
    }

    /**
     * Unpooling: the gather (one work-item per input element) for overlapping windows; when they
     * do not overlap ({@code stride >= kernel}), dx is zeroed and each output's gradient scattered
     * to its switch, one work-item per output.
     */
    void unpool(cl_mem dy, cl_mem switches, Shape dys, PoolSpec spec, cl_mem dx, Shape dxs) {
        if (spec.strideH() >= spec.kernelH() && spec.strideW() >= spec.kernelW()) {
            dev.elementwise.fill(dx, 0f, dxs.size());
            run("kernel_max_unpool_scatter_f32", dys, dxs, dys, spec, dy, switches, dx);
            return;
        }
        run("kernel_max_unpool_f32", dxs, dxs, dys, spec, dy, switches, dx);
    }

    void avg(cl_mem x, Shape xs, PoolSpec spec, cl_mem y, Shape ys) {
        run("kernel_avg_pool_f32", ys, xs, ys, spec, x, y);
    }

    void avgBackward(cl_mem dy, Shape dys, PoolSpec spec, cl_mem dx, Shape dxs) {
        run("kernel_avg_pool_backward_f32", dxs, dxs, dys, spec, dy, dx);
    }
}
