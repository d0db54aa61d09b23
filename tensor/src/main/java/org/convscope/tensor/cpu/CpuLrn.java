package org.convscope.tensor.cpu;

import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.Shape;

/** Local response normalization on the CPU (Caffe's formulas, both regions). */
final class CpuLrn {
    private CpuLrn() {
    }

    static void forward(float[] x, Shape s, LrnSpec spec, float[] y) {
        throw new UnsupportedOperationException("lrn: not yet on the CPU");
    }

    static void backward(float[] x, float[] y, float[] dy, Shape s, LrnSpec spec, float[] dx) {
        throw new UnsupportedOperationException("lrnBackward: not yet on the CPU");
    }
}
