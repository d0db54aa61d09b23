package org.convscope.tensor.cpu;

import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.Shape;

/** Pooling on the CPU: max with switches, unpooling, average. */
final class CpuPool {
    private CpuPool() {
    }

    static void max(float[] x, Shape xs, PoolSpec spec, float[] y, int[] switches, Shape ys) {
        throw new UnsupportedOperationException("maxPool: not yet on the CPU");
    }

    static void unpool(float[] dy, int[] switches, Shape dys, PoolSpec spec, float[] dx, Shape dxs) {
        throw new UnsupportedOperationException("maxUnpool: not yet on the CPU");
    }

    static void avg(float[] x, Shape xs, PoolSpec spec, float[] y, Shape ys) {
        throw new UnsupportedOperationException("avgPool: not yet on the CPU");
    }

    static void avgBackward(float[] dy, Shape dys, PoolSpec spec, float[] dx, Shape dxs) {
        throw new UnsupportedOperationException("avgPoolBackward: not yet on the CPU");
    }
}
