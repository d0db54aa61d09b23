package org.convscope.vis.render;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for long runs that stays silent unless a person is watching.
 *
 * <p>The bar (me.tongfei progressbar) is shown only when the JVM is attached to a terminal
 * ({@link System#console()} is not null: on JDK 17 that needs both standard input and output to be
 * a terminal) and the run is not quiet, and the system property {@code convscope.progress} is not
 * {@code false}. Otherwise no bar is built at all: without a terminal the library would still
 * print a {@code \r}-refreshed line to the process's standard error every second (it writes to
 * the file descriptor, past {@code System.err}), which fills CI logs. The count is kept either way.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private long done;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar over {@code total} steps named {@code task}; silent when {@code quiet} or not on a terminal. */
    public static Progress start(String task, long total, boolean quiet) {
        if (quiet || !onTerminal()) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .build();
        return new Progress(bar);
    }

    /** A progress that never shows (for callers that have no bar to show). */
    public static Progress silent() {
        return new Progress(null);
    }

    /** Whether a terminal is attached and progress is not switched off by {@code -Dconvscope.progress=false}. */
    public static boolean onTerminal() {
        return System.console() != null && !"false".equalsIgnoreCase(System.getProperty("convscope.progress"));
    }

    /** Whether a bar is being drawn. */
    public boolean shown() {
        return bar != null;
    }

    public void step() {
        stepBy(1);
    }

    public void stepBy(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** Steps taken so far. */
    public long done() {
        return done;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
