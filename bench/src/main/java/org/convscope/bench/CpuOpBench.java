package org.convscope.bench;

import java.util.concurrent.TimeUnit;

import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the CPU device's op benchmarks share (JMH takes a superclass's annotations): average time
 * in ms, 3 warm-up and 5 measured iterations of 1 s, one fork with a 2 GB heap, and the device.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public abstract class CpuOpBench {
    protected final Device device = Devices.cpu();
}
