package org.convscope.tensor.cpu;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs an independent body once per plane (one {@code n, c} pair of an NCHW tensor, or any other
 * unit of work that writes only its own part of the output), in parallel when there is enough
 * work to pay for the threads. The result never depends on the thread count: each plane is
 * computed by exactly one thread, in the same order of operations as the serial loop.
 */
final class CpuPlanes {
    /** Below this many element-operations in all, the loop stays on the calling thread. */
    static final long PARALLEL_THRESHOLD = 1 << 16;

    private CpuPlanes() {
    }

    /**
     * Calls {@code body.accept(p)} for every {@code p} in {@code [0, count)}.
     *
     * @param workPerPlane rough number of element-operations per plane, to decide on threads
     */
    static void forEach(int count, long workPerPlane, IntConsumer body) {
        if (count > 1 && count * workPerPlane >= PARALLEL_THRESHOLD) {
            IntStream.range(0, count).parallel().forEach(body);
        } else {
            for (int p = 0; p < count; p++) {
                body.accept(p);
            }
        }
    }
}
