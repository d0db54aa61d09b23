package org.convscope.app.cli;

import org.convscope.vis.render.Progress;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code -q, --quiet}, declared here once for every command that shows its progress: no progress bar,
 * and whatever else a command's help line says it leaves out ({@link #described}).
 */
final class ProgressOptions implements PerCommandOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    private final String description;

    ProgressOptions() {
        this("No progress bar.");
    }

    private ProgressOptions(String description) {
        this.description = description;
    }

    /** {@code -q, --quiet} with this help line. */
    static ProgressOptions described(String description) {
        return new ProgressOptions(description);
    }

    /** A progress bar over {@code total} steps, silent with {@code --quiet} ({@link Progress#start}). */
    Progress start(String task, long total) {
        return Progress.start(task, total, quiet);
    }

    @Override
    public void settle(CommandSpec spec) {
        PerCommandOptions.rewrite(spec, "--quiet", b -> b.description(description));
    }
}
