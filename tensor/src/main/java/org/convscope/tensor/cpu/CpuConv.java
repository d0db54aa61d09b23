package org.convscope.tensor.cpu;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;

/** Convolution on the CPU: plain-loop reference and a fast multithreaded form. */
final class CpuConv {
    private CpuConv() {
    }

    static void forward(float[] x, Shape xs, float[] w, Shape ws, float[] b, ConvSpec spec, float[] y, Shape ys) {
        throw new UnsupportedOperationException("conv2d: not yet on the CPU");
    }

    static void backwardData(float[] dy, Shape dys, float[] w, Shape ws, ConvSpec spec, float[] dx, Shape dxs) {
        throw new UnsupportedOperationException("conv2dBackwardData: not yet on the CPU");
    }

    static void backwardWeights(float[] x, Shape xs, float[] dy, Shape dys, ConvSpec spec, float[] dw, Shape dws,
                                boolean accumulate) {
        throw new UnsupportedOperationException("conv2dBackwardWeights: not yet on the CPU");
    }

    static void backwardBias(float[] dy, Shape dys, float[] db, boolean accumulate) {
        throw new UnsupportedOperationException("conv2dBackwardBias: not yet on the CPU");
    }
}
