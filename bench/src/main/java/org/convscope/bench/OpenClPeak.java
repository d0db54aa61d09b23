package org.convscope.bench;

import java.util.Locale;

import org.convscope.kernels.OpenClDevice;
import org.convscope.kernels.PeakKernels;

/**
 * Prints the OpenCL device's measured FP32 multiply-add ceiling (register-only fma chains,
 * {@code kernels/.../peak.cl}) beside the 233 GFLOP/s that DESIGN.md states for this machine,
 * so that the benchmarks' fractions of peak can be read against both.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.convscope.bench.OpenClPeak
 * </pre>
 */
public final class OpenClPeak {
    private OpenClPeak() {
    }

    public static void main(String[] args) throws Exception {
        try (OpenClDevice dev = OpenClDevice.open()) {
            double best = 0;
            for (int round = 0; round < 3; round++) {
                best = Math.max(best, PeakKernels.measureGflops(dev, 4096, 20000, 5));
            }
            System.out.printf(Locale.ROOT, "%s: fma ceiling %.1f GFLOP/s (DESIGN.md's peak: %.0f GFLOP/s)%n",
                    dev.name(), best, OpenClBenchReport.PEAK_GFLOPS);
        }
    }
}
