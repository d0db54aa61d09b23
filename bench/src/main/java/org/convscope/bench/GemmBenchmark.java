package org.convscope.bench;

import org.convscope.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Square single-precision GEMM {@code C = A B} (n x n, no transposes) on the CPU device:
 * {@code 2 n^3} floating-point operations, n^2 floats per matrix.
 *
 * <p>Run, with the GFLOP/s table and a CSV under {@code bench/results/}:
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.convscope.bench.BenchReport GemmBenchmark
 * </pre>
 * or plain JMH: {@code java -jar bench/target/benchmarks.jar GemmBenchmark -p size=1024}.
 */
public class GemmBenchmark extends CpuOpBench {

    @Param({"256", "512", "1024", "2048"})
    public int size;

    private Tensor a;
    private Tensor b;
    private Tensor c;

    /** Floating-point operations of one call. */
    public static double flops(int size) {
        return 2.0 * size * size * size;
    }

    @Setup
    public void setup() {
        a = Tensor.uniform(device, 1, -1, 1, size, size);
        b = Tensor.uniform(device, 2, -1, 1, size, size);
        c = device.allocate(a.shape());
    }

    @Benchmark
    public Tensor gemm() {
        device.gemm(false, false, size, size, size, 1f, a, b, 0f, c);
        device.synchronize();
        return c;
    }

    @TearDown
    public void tearDown() {
        a.close();
        b.close();
        c.close();
    }
}
