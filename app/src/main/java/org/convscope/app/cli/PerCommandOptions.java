package org.convscope.app.cli;

import java.util.function.UnaryOperator;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A mixin whose options read differently per command (help line, default, names). Annotations cannot
 * differ per command, so {@link #settleAll} (called by {@link Main#commandLine}) lets each such mixin
 * rewrite its options in the command it is part of, from the choices the command built it with,
 * before anything is parsed.
 */
interface PerCommandOptions {
    /** Rewrites this mixin's options in {@code command}. */
    void settle(CommandSpec command);

    /** Settles every such mixin of {@code cli} and of its subcommands. */
    static void settleAll(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof PerCommandOptions o) {
                o.settle(spec);
            }
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getParent() == cli) {
                settleAll(sub);
            }
        }
    }

    /** Replaces option {@code name} of {@code spec} by the one {@code change} makes of it. */
    static void rewrite(CommandSpec spec, String name, UnaryOperator<OptionSpec.Builder> change) {
        OptionSpec declared = spec.findOption(name);
        spec.remove(declared);
        spec.addOption(change.apply(declared.toBuilder()).build());
    }
}
