package org.convscope.kernels;


/** Launches the kernels of {@code softmax.cl}: softmax over channels, softmax cross-entropy. */
final class SoftmaxKernels extends Launcher {
    static final String FILE = "softmax.cl";

    SoftmaxKernels(OpenClContext ctx) {
        super(ctx, FILE, "");
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
