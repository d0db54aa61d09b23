package org.convscope.tensor.cpu;

import org.convscope.tensor.Shape;

/** Matrix multiply on the CPU: plain-loop reference and a fast multithreaded form; the Gram matrix. */
final class CpuGemm {
    private CpuGemm() {
    }

    /** Row-major {@code C = alpha op(A) op(B) + beta C} on arrays starting at the given offsets. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        throw new UnsupportedOperationException("gemm: not yet on the CPU");
    }

    static void gram(float[] x, Shape s, float[] g) {
        throw new UnsupportedOperationException("gram: not yet on the CPU");
    }

    static void gramBackward(float[] x, Shape s, float[] dg, float[] dx) {
        throw new UnsupportedOperationException("gramBackward: not yet on the CPU");
    }
}
