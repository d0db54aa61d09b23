package org.convscope.kernels;

import org.jocl.cl_kernel;

/** Launches the kernels of {@code random.cl}: counter-based uniform and (Irwin-Hall) normal fills. */
final class RandomKernels {
    static final String FILE = "random.cl";
    private final OpenClContext ctx;

    RandomKernels(OpenClContext ctx) {
        this.ctx = ctx;
    }

    private cl_kernel k(String name) {
        return ctx.kernel(RandomKernels.class, FILE, "", name);
    }

    void uniform(ClBuffer y, int n, long seed, float lo, float hi) {
        ctx.launch1d(k("kernel_random_uniform_f32"), n, n, seed, lo, hi - lo, y);
    }

    void normal(ClBuffer y, int n, long seed, float mean, float std) {
        ctx.launch1d(k("kernel_random_normal_f32"), n, n, seed, mean, std, y);
    }
}
