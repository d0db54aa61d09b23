package org.convscope.app.cli;

import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR}, the folder a command writes into, declared here once for every command. A
 * command picks, through the factory it builds its mixin with, its help line and either a default
 * folder name or that the option is required, and whether {@code -o} is accepted too. Annotations
 * cannot differ per command, so {@link #settle} rewrites the option of each command from those choices
 * ({@link PerCommandOptions}).
 */
final class OutputOptions implements PerCommandOptions {
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder.")
    Path dir;

    private final String description;
    private final String defaultDir;
    private final boolean shortName;

    private OutputOptions(String description, String defaultDir, boolean shortName) {
        this.description = description;
        this.defaultDir = defaultDir;
        this.shortName = shortName;
    }

    /** {@code --out DIR}, required. */
    static OutputOptions required(String description) {
        return new OutputOptions(description, null, false);
    }

    /** {@code -o, --out DIR}, required. */
    static OutputOptions requiredWithShortName(String description) {
        return new OutputOptions(description, null, true);
    }

    /** {@code -o, --out DIR}, {@code defaultDir} when left out ({@code ${DEFAULT-VALUE}} in the help names it). */
    static OutputOptions withDefault(String defaultDir, String description) {
        return new OutputOptions(description, defaultDir, true);
    }

    /** The folder given (or the command's default). */
    Path dir() {
        return dir;
    }

    /** {@link #dir()} after {@link Checks#outputDir}: refused before any work when it cannot be written. */
    Path checked() {
        Checks.outputDir(dir);
        return dir;
    }

    @Override
    public void settle(CommandSpec spec) {
        PerCommandOptions.rewrite(spec, "--out", b -> {
            b.required(defaultDir == null).defaultValue(defaultDir).description(description);
            return shortName ? b : b.names("--out");
        });
    }
}
