package org.convscope.bench.vis;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.convscope.bench.BenchReport;
import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.DeepDream;
import org.convscope.vis.optimize.NeuralStyle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One iteration of the image optimizations on VGG16 with random weights at 256 x 256, batch 1, on
 * the default device ({@code -Dconvscope.device=cpu|opencl}):
 * <ul>
 * <li>{@code styleIteration}: the neural-style energy and its gradient
 *     ({@link NeuralStyle#value}): content {@code conv4_2}, style {@code conv1_1 .. conv5_1}, one
 *     forward pass to {@code conv5_1} and one backward pass from all six loss layers at once, the Gram
 *     matrices and their gradients; what one L-BFGS evaluation or one Adam step costs;</li>
 * <li>{@code deepdreamStep}: one DeepDream step at one octave on {@code conv4_3}: forward to it,
 *     backward from it, the normalized update.</li>
 * </ul>
 * Napkin math: VGG16 up to {@code conv5_1} at 256 x 256 is about 17 G multiply-adds; backward to the
 * input costs about as much again per pass, from the depth it starts at. Compare with
 * {@code bench/scripts/optimize_peers.py} (PyTorch, the same step, the same threads).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.convscope.bench.vis.OptimizeBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class OptimizeBench {
    static final int SIZE = 256;

    private NeuralStyle style;
    private Tensor x;
    private Tensor grad;
    private DeepDream dream;

    /**
     * The two steps' state on VGG16 (random weights) on device {@code d}: the style energy with its
     * iterate {@code x} and gradient buffer, and a DeepDream run (one octave, no jitter).
     */
    record Steps(NeuralStyle style, Tensor x, Tensor grad, DeepDream dream) {
        static Steps on(Device d) {
            Net vgg = BuiltinNets.create("vgg16", d);
            vgg.randomizeWeights(1);
            Tensor content = Tensor.uniform(d, 2, -100f, 100f, 1, 3, SIZE, SIZE);
            Tensor styleImage = Tensor.uniform(d, 3, -100f, 100f, 1, 3, SIZE, SIZE);
            List<NeuralStyle.Weighted> styleLayers = List.of(new NeuralStyle.Weighted("conv1_1", 0.2f),
                    new NeuralStyle.Weighted("conv2_1", 0.2f), new NeuralStyle.Weighted("conv3_1", 0.2f),
                    new NeuralStyle.Weighted("conv4_1", 0.2f), new NeuralStyle.Weighted("conv5_1", 0.2f));
            NeuralStyle style = NeuralStyle.init(vgg, content, content.shape(),
                    List.of(new NeuralStyle.Weighted("conv4_2", 1f)), List.of(styleImage), new float[] {1f}, styleLayers,
                    1f, 1000f, 0f);
            Tensor x = Tensor.uniform(d, 4, -100f, 100f, 1, 3, SIZE, SIZE);
            DeepDream dream = DeepDream.init(vgg, "conv4_3", content,
                    new DeepDream.Settings(Integer.MAX_VALUE / 2, 1, 1.4f, 1.5f, 0, -128f, 128f, 0L));
            return new Steps(style, x, d.allocate(x.shape()), dream);
        }
    }

    @Setup
    public void setup() {
        Steps s = Steps.on(Devices.defaultDevice());
        style = s.style();
        x = s.x();
        grad = s.grad();
        dream = s.dream();
    }

    @Benchmark
    public double styleIteration() {
        double e = style.value(x, grad);
        x.device().synchronize();
        return e;
    }

    @Benchmark
    public boolean deepdreamStep() {
        boolean more = dream.step();
        x.device().synchronize();
        return more;
    }

    /** Runs both and prints the fastest and median time per iteration. */
    public static void main(String[] args) throws Exception {
        Options opt = new OptionsBuilder().include(OptimizeBench.class.getName()).build();
        Collection<RunResult> results = new Runner(opt).run();
        System.out.println();
        System.out.println(BenchReport.loadLine());
        System.out.printf("%-16s %8s %10s %10s%n", "benchmark", "samples", "min ms", "median ms");
        for (RunResult r : results) {
            var st = r.getPrimaryResult().getStatistics();
            System.out.printf("%-16s %8d %10.1f %10.1f%n", r.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    st.getN(), st.getMin(), st.getPercentile(50));
        }
    }
}
