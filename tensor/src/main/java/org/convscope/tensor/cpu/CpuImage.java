package org.convscope.tensor.cpu;

import java.util.List;

import org.convscope.tensor.Shape;

/** Per-channel image ops and channel concat/split on the CPU. */
final class CpuImage {
    private CpuImage() {
    }

    static void concatChannels(List<float[]> xs, List<Integer> channels, float[] y, Shape ys) {
        throw new UnsupportedOperationException("concatChannels: not yet on the CPU");
    }

    static void splitChannels(float[] x, Shape xs, List<float[]> ys, List<Integer> channels) {
        throw new UnsupportedOperationException("splitChannels: not yet on the CPU");
    }

    static void gaussianBlur(float[] x, Shape s, float sigma, float[] y) {
        throw new UnsupportedOperationException("gaussianBlur: not yet on the CPU");
    }

    static void circularShift(float[] x, Shape s, int dy, int dx, float[] y) {
        throw new UnsupportedOperationException("circularShift: not yet on the CPU");
    }

    static void resizeBilinear(float[] x, Shape xs, float[] y, Shape ys) {
        throw new UnsupportedOperationException("resizeBilinear: not yet on the CPU");
    }

    static void cropPad(float[] x, Shape xs, int top, int left, float fill, float[] y, Shape ys) {
        throw new UnsupportedOperationException("cropPad: not yet on the CPU");
    }
}
