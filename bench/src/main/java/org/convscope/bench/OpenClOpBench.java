package org.convscope.bench;

import java.util.concurrent.TimeUnit;

import org.convscope.kernels.OpenClDevice;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the OpenCL op benchmarks share (JMH takes the annotations and methods of a superclass):
 * the settings (average time in ms, 2 warm-up and 3 measured iterations of 1 s, one fork with a
 * 3 GB heap), the device opened once per trial, and the measured {@link #run}: one call of the op,
 * then a synchronize, so that the time is the kernels' and not only their enqueueing. A subclass
 * makes its operands in {@link #prepare} and its {@code main} prints the figures with
 * {@link OpenClBenchReport#runAndPrint}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public abstract class OpenClOpBench {
    protected OpenClDevice device;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        device = OpenClDevice.open();
        prepare();
    }

    /** Makes the operands on {@link #device} (once per trial). */
    protected abstract void prepare() throws Exception;

    /** One call of the op, enqueued; returns what it wrote or computed. */
    protected abstract Object op();

    @Benchmark
    public Object run() {
        Object out = op();
        device.synchronize();
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
    }
}
