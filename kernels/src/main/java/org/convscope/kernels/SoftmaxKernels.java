package org.convscope.kernels;

import org.jocl.cl_kernel;

/** Launches the kernels of {@code softmax.cl}: softmax over channels, softmax cross-entropy. */
final class SoftmaxKernels {
    static final String FILE = "softmax.cl";
    private final OpenClContext ctx;

    SoftmaxKernels(OpenClContext ctx) {
        this.ctx = ctx;
    }

    private cl_kernel k(String name) {
        return ctx.kernel(SoftmaxKernels.class, FILE, "", name);
    }

    void softmax(ClBuffer x, int items, int channels, int plane, ClBuffer y) {
        ctx.launch1d(k("kernel_softmax_f32"), (long) items * plane, items, channels, plane, x, y);
    }

    /** The mean loss over the batch; writes the gradient when {@code dx} is not null. */
    float crossEntropy(ClBuffer logits, int n, int c, int[] labels, ClBuffer dx) {
        ClBuffer lab = ctx.temporary(4L * n, "softmax cross-entropy labels");
        ClBuffer loss = ctx.temporary(4L * n, "softmax cross-entropy losses");
        try {
            ctx.writeInts(lab, labels);
            ctx.launch1d(k("kernel_softmax_xent_f32"), n, n, c, logits, lab, loss,
                    dx == null ? 0 : 1, dx == null ? loss : dx);
            double s = 0;
            for (float v : ctx.readFloats(loss, n)) {
                s += v;
            }
            return (float) (s / n);
        } finally {
            lab.close();
            loss.close();
        }
    }
}
