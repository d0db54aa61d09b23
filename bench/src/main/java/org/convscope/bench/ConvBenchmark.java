package org.convscope.bench;

import org.convscope.tensor.ConvCase;
import org.convscope.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * conv2d forward and backward-data (the transposed convolution) on the CPU device, on the five
 * AlexNet convolution layers at batch 1 ({@link ConvCase#ALEXNET}). Each op does
 * {@link ConvCase#flops()} floating-point operations; {@link BenchReport} turns the times into
 * GFLOP/s and a fraction of the machine's peak.
 *
 * <p>Run, with the GFLOP/s table and a CSV under {@code bench/results/}:
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.convscope.bench.BenchReport ConvBenchmark
 * </pre>
 * or plain JMH (times only): {@code java -jar bench/target/benchmarks.jar ConvBenchmark -p layer=alexnet.conv2}.
 * Any {@code @Param} value of {@link ConvCase#byName} works, e.g. {@code -p layer=vgg16.conv3_1}.
 */
public class ConvBenchmark extends CpuOpBench {

    @Param({"alexnet.conv1", "alexnet.conv2", "alexnet.conv3", "alexnet.conv4", "alexnet.conv5"})
    public String layer;

    private ConvCase conv;
    private Tensor x;
    private Tensor w;
    private Tensor bias;
    private Tensor y;
    private Tensor dx;

    @Setup
    public void setup() {
        conv = ConvCase.byName(layer);
        x = Tensor.uniform(device, 1, -1, 1, conv.inputShape().dims());
        w = Tensor.uniform(device, 2, -0.1f, 0.1f, conv.weightShape().dims());
        bias = Tensor.uniform(device, 3, -1, 1, conv.k());
        y = Tensor.uniform(device, 4, -1, 1, conv.outputShape().dims());
        dx = device.allocate(conv.inputShape());
    }

    /** {@code y = conv2d(x, w) + b}. */
    @Benchmark
    public Tensor forward() {
        device.conv2d(x, w, bias, conv.spec(), y);
        device.synchronize();
        return y;
    }

    /** {@code dx = conv2dBackwardData(dy, w)}, with y standing for dy. */
    @Benchmark
    public Tensor backwardData() {
        device.conv2dBackwardData(y, w, conv.spec(), dx);
        device.synchronize();
        return dx;
    }

    @TearDown
    public void tearDown() {
        for (Tensor t : new Tensor[]{x, w, bias, y, dx}) {
            t.close();
        }
    }
}
