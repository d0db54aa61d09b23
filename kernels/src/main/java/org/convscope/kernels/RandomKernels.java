package org.convscope.kernels;


/** Launches the kernels of {@code random.cl}: counter-based uniform and (Irwin-Hall) normal fills. */
final class RandomKernels extends Launcher {
    static final String FILE = "random.cl";

    RandomKernels(OpenClContext ctx) {
        super(ctx, FILE, "");
    }

    void uniform(ClBuffer y, int n, long seed, float lo, float hi) {
        ctx.launch1d(k("kernel_random_uniform_f32"), n, n, seed, lo, hi - lo, y);
    }

    void normal(ClBuffer y, int n, long seed, float mean, float std) {
        ctx.launch1d(k("kernel_random_normal_f32"), n, n, seed, mean, std, y);
    }
}
