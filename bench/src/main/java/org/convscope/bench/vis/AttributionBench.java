package org.convscope.bench.vis;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.convscope.bench.BenchReport;
import org.convscope.bench.nn.NetForwardBench;
import org.convscope.nn.BuiltinNets;
import org.convscope.nn.ModelSummary;
import org.convscope.nn.Net;
import org.convscope.nn.TopGradients;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.GuidedBackprop;
import org.convscope.vis.attribution.Saliency;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What one attribution map costs next to the passes it is made of, on AlexNet at 227 x 227 with
 * random weights, batch 1, on the default device ({@code -Dconvscope.device=cpu|opencl}):
 * <ul>
 * <li>{@code forwardBackwardToInput}: forward to {@code fc8} and backward from a one-hot on class
 *     281 down to the input, the bare passes (no weight gradients);</li>
 * <li>{@code guidedBackpropMap}: {@link GuidedBackprop#forClass}, everything a guided-backprop map
 *     costs (checks, the one-hot start signal, the GUIDED ReLU rule, the host copy of the map);</li>
 * <li>{@code saliencyMap}: {@link Saliency#compute}, the same with the plain rule and the
 *     {@code max_c |g|} map.</li>
 * </ul>
 * The target: a guided-backprop map costs at most 1.2 x the bare passes. Napkin math: AlexNet is
 * 0.72 G multiply-adds forward (1.45 GFLOP) and about as much again backward to the input, so
 * about 2.9 GFLOP per map; the map's own host work is ~0.6 MB of copies, well under a millisecond.
 * {@link #main} prints each one's fastest and median time per map, their ratios to the bare passes,
 * and GFLOP/s. The fastest is the figure to compare on a shared machine: other work only ever
 * adds time, so the median of one benchmark and the next can differ by the load that came and
 * went between them (the load average is printed).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.convscope.bench.vis.AttributionBench}
 * (or {@code java -jar bench/target/benchmarks.jar AttributionBench} for plain JMH output).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class AttributionBench {
    /** ImageNet class 281, "tabby cat". */
    static final int CLASS = 281;

    @Param({"alexnet"})
    public String net;

    private NetForwardBench.Passes passes;

    @Setup
    public void setup() {
        Net model = NetForwardBench.create(net, Devices.defaultDevice());
        Tensor input = NetForwardBench.randomInput(model);
        passes = new NetForwardBench.Passes(model, input, "fc8", TopGradients.oneHot(model.forward(input, "fc8"), CLASS));
    }

    @Benchmark
    public float forwardBackwardToInput() {
        return passes.forwardBackwardToInput();
    }

    @Benchmark
    public float guidedBackpropMap() {
        return GuidedBackprop.forClass(passes.model(), passes.input(), passes.scores(), CLASS).gradient().size();
    }

    @Benchmark
    public float saliencyMap() {
        return Saliency.compute(passes.model(), passes.input(), passes.scores(), CLASS).map().size();
    }

    /** Runs the three benchmarks and prints the times, the ratio to the bare passes and GFLOP/s. */
    public static void main(String[] args) throws Exception {
        Options opt = new OptionsBuilder().include(AttributionBench.class.getName()).build();
        Collection<RunResult> results = new Runner(opt).run();
        double bareMin = Double.NaN;
        double bareMedian = Double.NaN;
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("forwardBackwardToInput")) {
                bareMin = r.getPrimaryResult().getStatistics().getMin();
                bareMedian = r.getPrimaryResult().getStatistics().getPercentile(50);
            }
        }
        long macs = ModelSummary.of(BuiltinNets.create("alexnet", Devices.cpu())).totalMultiplyAdds();
        double flops = 4.0 * macs;
        System.out.println();
        System.out.println(BenchReport.loadLine());
        System.out.printf("%-10s %-24s %8s %8s %8s %10s %10s %12s%n", "net", "benchmark", "samples", "min ms",
                "median", "min x bare", "med x bare", "GFLOP/s(min)");
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            var st = r.getPrimaryResult().getStatistics();
            double min = st.getMin();
            double median = st.getPercentile(50);
            System.out.printf("%-10s %-24s %8d %8.1f %8.1f %10.3f %10.3f %12.1f%n", r.getParams().getParam("net"), bench,
                    st.getN(), min, median, min / bareMin, median / bareMedian, flops / (min * 1e6));
        }
    }
}
