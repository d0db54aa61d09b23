package org.convscope.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Napkin math beside JMH's times: GFLOP/s and GB/s, and the fraction of the machine's limits:
 * by default DESIGN.md's reference machine (FP32 FMA peak 233 GFLOP/s on both cores, AVX-512;
 * memory bandwidth about 31 GB/s); on another machine give its own with
 * {@code -Dconvscope.peakGflops=...} and {@code -Dconvscope.bandwidthGBs=...} (for example 188 and 23
 * on the 2-core AVX2 EPYC of {@code bench/results/opencl.md}).
 */
final class OpenClBenchReport {
    static final double PEAK_GFLOPS = BenchReport.PEAK_GFLOPS;
    static final double PEAK_GBS = Double.parseDouble(System.getProperty("convscope.bandwidthGBs", "31"));

    private OpenClBenchReport() {
    }

    /**
     * Runs the {@code run} benchmark of {@code bench} with JMH's command-line options {@code args},
     * then {@link #print}s its results.
     */
    static void runAndPrint(Class<?> bench, String[] args, ToDoubleFunction<BenchmarkParams> flops,
                            ToDoubleFunction<BenchmarkParams> bytes) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(bench.getName() + ".run")
                .build()).run();
        print(results, flops, bytes);
    }

    /** Prints one line per result: the params, ms per op, GFLOP/s and, when bytes are given, GB/s. */
    static void print(Collection<RunResult> results, ToDoubleFunction<BenchmarkParams> flops,
                      ToDoubleFunction<BenchmarkParams> bytes) {
        System.out.printf(Locale.ROOT, "%-48s %10s %10s %8s %9s %8s%n", "case", "ms", "GFLOP/s", "%peak", "GB/s",
                "%bw");
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            double ms = r.getPrimaryResult().getScore(); // the benchmarks report ms/op
            double sec = ms / 1e3;
            double gflops = flops.applyAsDouble(p) / sec / 1e9;
            double b = bytes == null ? 0 : bytes.applyAsDouble(p);
            StringBuilder name = new StringBuilder(p.getBenchmark().replaceAll(".*\\.", ""));
            for (String k : p.getParamsKeys()) {
                name.append(' ').append(k).append('=').append(p.getParam(k));
            }
            System.out.printf(Locale.ROOT, "%-48s %10.3f %10.1f %7.0f%% %9s %8s%n", name, ms, gflops,
                    100 * gflops / PEAK_GFLOPS,
                    b > 0 ? String.format(Locale.ROOT, "%.1f", b / sec / 1e9) : "-",
                    b > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * b / sec / 1e9 / PEAK_GBS) : "-");
        }
    }
}
