package org.convscope.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.convscope.tensor.ConvCase;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the conv and GEMM benchmarks through JMH's Runner API and prints what the times mean:
 * {@code benchmark | case | ms | GFLOP/s | % of peak}, where GFLOP/s is 2 x multiply-adds / time
 * and the peak is this machine's measured FP32 FMA peak (233 GFLOP/s, DESIGN.md; override with
 * {@code -Dconvscope.peakGflops=...}). The same rows go to {@code bench/results/<name>.csv}.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.convscope.bench.BenchReport [regex ...] [--quick] [--out DIR]
 * </pre>
 * The regexes select benchmarks as JMH does (default: {@code ConvBenchmark} and {@code GemmBenchmark});
 * {@code --quick} runs 2 warm-up and 3 measured iterations of 0.5 s, for a first look.
 */
public final class BenchReport {
    /** FP32 FMA peak, GFLOP/s: of DESIGN.md's reference machine (2 cores, AVX-512) unless {@code -Dconvscope.peakGflops} says otherwise. */
    public static final double PEAK_GFLOPS = Double.parseDouble(System.getProperty("convscope.peakGflops", "233"));

    private BenchReport() {
    }

    /** One measured row. */
    record Row(String benchmark, String params, double ms, double msError, double flops) {
        double gflops() {
            return flops / (ms * 1e-3) / 1e9;
        }
    }

    public static void main(String[] args) throws RunnerException {
        List<String> includes = new ArrayList<>();
        boolean quick = false;
        Path out = Path.of("bench", "results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> includes.add(args[i]);
            }
        }
        if (includes.isEmpty()) {
            includes = List.of("ConvBenchmark", "GemmBenchmark");
        }
        ChainedOptionsBuilder opt = new OptionsBuilder();
        for (String inc : includes) {
            opt.include(inc);
        }
        if (quick) {
            opt.warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Collection<RunResult> results = new Runner(opt.build()).run();
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            var params = r.getParams();
            String bench = params.getBenchmark();
            String shortName = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            double flops;
            String p;
            if (bench.contains("ConvBenchmark")) {
                p = params.getParam("layer");
                flops = ConvCase.byName(p).flops();
            } else if (bench.contains("GemmBenchmark")) {
                int n = Integer.parseInt(params.getParam("size"));
                p = n + "x" + n + "x" + n;
                flops = GemmBenchmark.flops(n);
            } else {
                continue;
            }
            var score = r.getPrimaryResult();
            rows.add(new Row(shortName, p, score.getScore(), score.getScoreError(), flops));
        }
        String load = String.format(Locale.ROOT, "load average %.2f before, %.2f after, on %d processors",
                loadBefore, loadAfter, Runtime.getRuntime().availableProcessors());
        print(rows, load);
        write(rows, load, out.resolve("cpu-" + String.join("-", includes).replaceAll("[^A-Za-z0-9-]", "") + ".csv"));
    }

    static void print(List<Row> rows, String load) {
        System.out.println();
        System.out.println(load + (loadLooksBusy() ? " -- other work shared the cores: times are pessimistic" : ""));
        System.out.printf(Locale.ROOT, "%-28s | %-16s | %10s | %8s | %s%n", "benchmark", "case", "ms", "GFLOP/s",
                String.format(Locale.ROOT, "%% of %.0f GFLOP/s peak", PEAK_GFLOPS));
        System.out.println("-".repeat(28) + "-|-" + "-".repeat(16) + "-|-" + "-".repeat(10) + "-|-" + "-".repeat(8)
                + "-|-" + "-".repeat(24));
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-28s | %-16s | %10.3f | %8.1f | %5.1f%%%n", r.benchmark(), r.params(),
                    r.ms(), r.gflops(), 100 * r.gflops() / PEAK_GFLOPS);
        }
    }

    /** "load average 1.52 on 2 processors": how busy the machine was as a run ended. */
    public static String loadLine() {
        return String.format("load average %.2f on %d processors",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** More runnable work than cores besides the benchmark itself. */
    private static boolean loadLooksBusy() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                > Runtime.getRuntime().availableProcessors() + 0.5;
    }

    static void write(List<Row> rows, String load, Path file) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(Instant.now()).append(", ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", ")
                .append(load).append('\n');
        sb.append("benchmark,case,ms,ms_error,gflops,percent_of_peak,peak_gflops\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.2f,%.2f,%.0f%n", r.benchmark(), r.params(), r.ms(),
                    Double.isNaN(r.msError()) ? 0 : r.msError(), r.gflops(), 100 * r.gflops() / PEAK_GFLOPS,
                    PEAK_GFLOPS));
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println("wrote " + file);
    }
}
