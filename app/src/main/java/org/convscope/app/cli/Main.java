package org.convscope.app.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code convscope} command line: one subcommand per job. {@code convscope --help} lists them;
 * {@code convscope <command> --help} explains one.
 */
@Command(name = "convscope",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Looks inside convolutional networks: Caffe models, visualizations, benchmarks.",
        subcommands = {SummaryCommand.class, ClassifyCommand.class, ForwardCommand.class, BackwardCommand.class,
                SaliencyCommand.class, GuidedCommand.class, DeconvCommand.class, GradCamCommand.class,
                SmoothGradCommand.class, IntGradCommand.class,
                ClassModelCommand.class, AdversarialCommand.class, InvertCommand.class, DeepDreamCommand.class,
                TextureCommand.class, StyleCommand.class, FoolCommand.class,
                TrainCommand.class, TrainDemoCommand.class, CodesCommand.class, ShapesCommand.class,
                TsneCommand.class, NeighboursCommand.class,
                TopkCommand.class, EvolutionCommand.class, OcclusionCommand.class, WeightsCommand.class, ActivationsCommand.class,
                DemoCommand.class, ReportCommand.class, ExploreCommand.class,
                DevicesCommand.class, TimeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        // one line per log record: "INFO: using the CPU device (...)"
        System.setProperty("java.util.logging.SimpleFormatter.format", "convscope %4$s: %5$s%6$s%n");
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line (tests run commands through it). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Bad input is the user's to fix: say what is wrong, not where in the code it was noticed.
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                    || ex instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("convscope " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"convscope " + (v == null ? "dev" : v)};
        }
    }
}
