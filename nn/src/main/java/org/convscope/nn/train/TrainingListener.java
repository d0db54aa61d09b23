package org.convscope.nn.train;

/**
 * Receives the trainer's progress (the command line shows it as a progress bar; the default
 * prints one line per report). {@link #snapshot} is told of every file written.
 */
public interface TrainingListener {
    /**
     * One report.
     *
     * @param epoch           the epoch in progress (1-based; a fraction of the data set is shown by iteration)
     * @param iteration       iterations done
     * @param maxIter         iterations planned
     * @param loss            mean training loss over the iterations since the last report
     * @param accuracy        training accuracy (top-1) over those iterations
     * @param imagesPerSecond training throughput over those iterations
     * @param rate            current learning rate
     */
    record Report(int epoch, int iteration, int maxIter, double loss, double accuracy, double imagesPerSecond,
                  double rate) {
        /** {@code epoch 2  iter 300/1000  loss 0.1234  acc 96.1%  412 img/s  lr 0.00978} */
        public String format() {
            return String.format(java.util.Locale.ROOT, "epoch %d  iter %d/%d  loss %.4f  acc %.1f%%  %.0f img/s  lr %.4g",
                    epoch, iteration, maxIter, loss, 100 * accuracy, imagesPerSecond, rate);
        }
    }

    void report(Report r);

    /** A held-out evaluation ({@link Trainer.Options#withTest}) after {@code iteration} iterations. */
    default void tested(int iteration, double accuracy, int images) {
    }

    /** A snapshot was written (weights file). */
    default void snapshot(java.nio.file.Path weights, int iteration) {
    }

    /** Prints each report as one line on {@code out}. */
    static TrainingListener printing(java.io.PrintStream out) {
        return new TrainingListener() {
            @Override
            public void report(Report r) {
                out.println(r.format());
            }

            @Override
            public void tested(int iteration, double accuracy, int images) {
                out.printf(java.util.Locale.ROOT, "test  iter %d  accuracy %.2f%% on %d held-out images%n", iteration,
                        100 * accuracy, images);
            }

            @Override
            public void snapshot(java.nio.file.Path weights, int iteration) {
                out.println("snapshot " + weights + " (iteration " + iteration + ")");
            }
        };
    }

    /** Ignores everything. */
    static TrainingListener silent() {
        return r -> { };
    }
}
