package org.convscope.bench.vis;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.ModelSummary;
import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.occlusion.Occlusion;
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
 * One whole occlusion map on AlexNet (random weights) for a 227 x 227 image: a 32 px square at
 * stride 8 gives {@code ((227 - 32) / 8 + 1)^2 = 25 x 25 = 625} occluded images, sent through the
 * net in batches of {@code batch} on the default device ({@code -Dconvscope.device=cpu|opencl}).
 *
 * <p>Napkin math: AlexNet's forward pass is 0.72 G multiply-adds, so one map is
 * {@code 626 x 1.45 GFLOP = 0.91 TFLOP} (the unoccluded pass included); at the CPU device's
 * AlexNet forward rate the map takes seconds, not milliseconds. {@link #main} prints the time,
 * occluded images per second and achieved GFLOP/s.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.convscope.bench.vis.OcclusionBench}
 * (or {@code java -jar bench/target/benchmarks.jar OcclusionBench} for plain JMH output).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class OcclusionBench {
    /** Square side and stride of the setting. */
    static final int SIZE = 32;
    static final int STRIDE = 8;

    @Param({"1", "16", "64"})
    public int batch;

    private Net net;
    private Tensor image;

    @Setup
    public void setup() {
        Device d = Devices.defaultDevice();
        net = BuiltinNets.create("alexnet", d);
        net.randomizeWeights(1);
        Shape in = net.shape("data");
        image = Tensor.uniform(d, 2, -100f, 100f, 1, in.c(), in.h(), in.w());
    }

    @Benchmark
    public float occlusionMap() {
        Occlusion.Result r = Occlusion.run(net, image, -1, new Occlusion.Settings(SIZE, STRIDE, new float[] {0f}, batch),
                null);
        return r.classProb()[0];
    }

    /** Occluded images in one map. */
    static int images() {
        int n = Occlusion.positions(227, SIZE, STRIDE);
        return n * n;
    }

    /** Runs the benchmark and prints images per second and GFLOP/s beside each time. */
    public static void main(String[] args) throws Exception {
        Options opt = new OptionsBuilder().include(OcclusionBench.class.getName()).build();
        Collection<RunResult> results = new Runner(opt).run();
        long macs = ModelSummary.of(BuiltinNets.create("alexnet", Devices.cpu())).totalMultiplyAdds();
        int n = images();
        System.out.println();
        System.out.printf("AlexNet occlusion, 227x227, %d px square, stride %d: %d occluded images + 1%n", SIZE, STRIDE, n);
        System.out.printf("%6s %10s %12s %10s%n", "batch", "s/map", "images/s", "GFLOP/s");
        for (RunResult r : results) {
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            double s = r.getPrimaryResult().getScore();
            System.out.printf("%6d %10.2f %12.1f %10.1f%n", batch, s, n / s, 2.0 * macs * (n + 1) / (s * 1e9));
        }
    }
}
