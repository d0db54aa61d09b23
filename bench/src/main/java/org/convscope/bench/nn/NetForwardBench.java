package org.convscope.bench.nn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.ModelSummary;
import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.ReluMode;
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
 * Whole-net timings on the default device ({@code -Dconvscope.device=cpu|opencl}), at batch
 * {@link #batch} (the whole batch per operation): forward to the output, and forward plus backward
 * from the class scores (a one-hot gradient) down to the input, as saliency, deconvnet and guided
 * backprop do. AlexNet, VGG16 and GoogLeNet run random weights; SqueezeNet v1.0 its real weights
 * ({@code SqueezeNet_deploy.prototxt} + {@code squeezenet_v1.0_dc.caffemodel} from the directory
 * of {@code -Dconvscope.squeezenet}, by default {@code ../shared/data/models/squeezenet_v1.0_dc}).
 *
 * <p>Napkin math: AlexNet forward is 0.72 G multiply-adds (1.45 GFLOP), VGG16 15.5 G (31 GFLOP),
 * GoogLeNet 1.6 G, SqueezeNet v1.0 0.86 G; the backward to the input costs about as much again
 * (no weight gradients).
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
    @Param({"alexnet", "vgg16", "googlenet", "squeezenet"})
    public String net;

    @Param({"1"})
    public int batch;

    private Passes passes;

    /**
     * A net, its input, the blob of its class scores and the gradient the backward pass starts
     * from there: the bare passes that every attribution map is made of.
     */
    public record Passes(Net model, Tensor input, String scores, Tensor top) {
        /** Forward to the scores, backward from {@code top} down to the input (no weight gradients), synchronized. */
        public float forwardBackwardToInput() {
            model.forward(Map.of("data", input), scores);
            Tensor dx = model.backward(scores, top, ReluMode.STANDARD);
            model.device().synchronize();
            return dx.size();
        }
    }

    @Setup
    public void setup() {
        Device d = Devices.defaultDevice();
        Net model = create(net, d);
        model.reshapeBatch(batch);
        String scores = model.layerNames().contains("fc8") ? "fc8"
                : model.layerNames().contains("loss3/classifier") ? "loss3/classifier" : model.outputName();
        float[] g = new float[model.shape(scores).size()];
        for (int i = 0; i < batch; i++) {
            g[i * (g.length / batch) + 281] = 1f;
        }
        passes = new Passes(model, randomInput(model), scores, Tensor.of(d, g, model.shape(scores).dims()));
    }

    /** An input for the net's {@code data} blob, uniform in [-100, 100), seeded. */
    public static Tensor randomInput(Net model) {
        return Tensor.uniform(model.device(), 2, -100f, 100f, model.shape("data").dims());
    }

    /** A built-in net with random weights, or SqueezeNet v1.0 with its real weights. */
    public static Net create(String net, Device d) {
        if (!net.equals("squeezenet")) {
            Net model = BuiltinNets.create(net, d);
            model.randomizeWeights(1);
            return model;
        }
        Path dir = Path.of(System.getProperty("convscope.squeezenet", "../shared/data/models/squeezenet_v1.0_dc"));
        try {
            return Net.load(dir.resolve("SqueezeNet_deploy.prototxt"), dir.resolve("squeezenet_v1.0_dc.caffemodel"), d);
        } catch (IOException e) {
            throw new UncheckedIOException("SqueezeNet's files in " + dir.toAbsolutePath() + " (-Dconvscope.squeezenet)", e);
        }
    }

    @Benchmark
    public float forward() {
        Net model = passes.model();
        Tensor out = model.forward(passes.input(), model.outputName());
        model.device().synchronize();
        return out.size();
    }

    @Benchmark
    public float forwardBackwardToInput() {
        return passes.forwardBackwardToInput();
    }

    /** Runs the benchmark and prints GFLOP/s (2 x multiply-adds of the forward pass, twice that with backward). */
    public static void main(String[] args) throws Exception {
        Options opt = new OptionsBuilder().include(NetForwardBench.class.getName()).build();
        Collection<RunResult> results = new Runner(opt).run();
        System.out.println();
        System.out.printf("%-10s %5s %-24s %10s %12s%n", "net", "batch", "benchmark", "ms", "GFLOP/s");
        for (RunResult r : results) {
            String net = r.getParams().getParam("net");
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            String bench = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            double ms = r.getPrimaryResult().getScore();
            long macs = ModelSummary.of(create(net, Devices.cpu())).totalMultiplyAdds();
            double flops = 2.0 * macs * batch * (bench.startsWith("forwardBackward") ? 2 : 1);
            System.out.printf("%-10s %5d %-24s %10.1f %12.1f%n", net, batch, bench, ms, flops / (ms * 1e6));
        }
    }
}
