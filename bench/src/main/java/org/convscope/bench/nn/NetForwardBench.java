package org.convscope.bench.nn;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.ModelSummary;
import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
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
 * Whole-net timings at batch 1 with random weights, on the default device
 * ({@code -Dconvscope.device=cpu|opencl}): forward to the output, and forward plus backward from
 * the class scores ({@code fc8}, a one-hot gradient) down to the input, as saliency, deconvnet and
 * guided backprop do.
 *
 * <p>Napkin math: AlexNet forward is 0.72 G multiply-adds (1.45 GFLOP), VGG16 15.5 G (31 GFLOP);
 * the backward to the input costs about as much again (no weight gradients).
 * {@link #main} runs JMH and prints GFLOP/s beside each time.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.convscope.bench.nn.NetForwardBench}
 * (or {@code java -jar bench/target/benchmarks.jar NetForwardBench} for plain JMH output).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class NetForwardBench {
    @Param({"alexnet", "vgg16"})
    public String net;

    private Net model;
    private Tensor input;
    private Tensor oneHot;
    private String scores;

    @Setup
    public void setup() {
        Device d = Devices.defaultDevice();
        model = BuiltinNets.create(net, d);
        Shape in = model.shape("data");
        model.randomizeWeights(1);
        input = Tensor.uniform(d, 2, -100f, 100f, in.dims());
        scores = model.layerNames().contains("fc8") ? "fc8" : "loss3/classifier";
        float[] g = new float[model.shape(scores).size()];
        g[281] = 1f;
        oneHot = Tensor.of(d, g, model.shape(scores).dims());
    }

    @Benchmark
    public float forward() {
        Tensor out = model.forward(input, model.outputName());
        model.device().synchronize();
        return out.size();
    }

    @Benchmark
    public float forwardBackwardToInput() {
        model.forward(Map.of("data", input), scores);
        Tensor dx = model.backward(scores, oneHot, ReluMode.STANDARD);
        model.device().synchronize();
        return dx.size();
    }

    /** Runs the benchmark and prints GFLOP/s (2 x multiply-adds of the forward pass, twice that with backward). */
    public static void main(String[] args) throws Exception {
        Options opt = new OptionsBuilder().include(NetForwardBench.class.getName()).build();
        Collection<RunResult> results = new Runner(opt).run();
        System.out.println();
        System.out.printf("%-10s %-24s %10s %12s%n", "net", "benchmark", "ms", "GFLOP/s");
        for (RunResult r : results) {
            String net = r.getParams().getParam("net");
            String bench = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            double ms = r.getPrimaryResult().getScore();
            long macs = ModelSummary.of(BuiltinNets.create(net, org.convscope.tensor.Devices.cpu())).totalMultiplyAdds();
            double flops = 2.0 * macs * (bench.startsWith("forwardBackward") ? 2 : 1);
            System.out.printf("%-10s %-24s %10.1f %12.1f%n", net, bench, ms, flops / (ms * 1e6));
        }
    }
}
