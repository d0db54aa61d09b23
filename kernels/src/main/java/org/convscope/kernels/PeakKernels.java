package org.convscope.kernels;

import org.jocl.cl_kernel;

/**
 * Measures the device's FP32 multiply-add ceiling with {@code peak.cl} (register-only fma
 * chains), so that benchmarks can state a fraction of what this device and runtime can do.
 */
public final class PeakKernels {
    static final String FILE = "peak.cl";
    private static final int CHAINS = 8;

    private PeakKernels() {
    }

    /**
     * Runs the fma kernel a few times and returns the best rate in GFLOP/s.
     *
     * @param workItems work-items per launch (a few per compute unit times the group size)
     * @param iters     fma rounds per work-item
     */
    public static double measureGflops(OpenClDevice dev, int workItems, int iters, int repeats) {
        OpenClContext ctx = dev.context();
        cl_kernel k = ctx.kernel(PeakKernels.class, FILE, "-DCHAINS=" + CHAINS, "kernel_fma_peak_f32");
        ClBuffer out = ctx.temporary(4L * workItems, "fma peak output");
        try {
            double flops = (double) workItems * iters * CHAINS * 16 * 2;
            double best = Double.MAX_VALUE;
            for (int r = 0; r < repeats + 1; r++) {
                long t0 = System.nanoTime();
                ctx.launch1d(k, workItems, iters, 0.999f, 0.001f, out);
                dev.synchronize();
                long t = System.nanoTime() - t0;
                if (r > 0) { // the first run builds and warms up
                    best = Math.min(best, t / 1e9);
                }
            }
            return flops / best / 1e9;
        } finally {
            out.close();
        }
    }
}
