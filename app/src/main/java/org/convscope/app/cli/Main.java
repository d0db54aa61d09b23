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
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        int code;
        try {
            code = commandLine(debug).execute(rest);
        } catch (OutOfMemoryError e) {
            // picocli passes errors on: the heap ran out in spite of the estimates made before starting
            String command = rest.length > 0 && !rest[0].startsWith("-") ? rest[0] : "";
            System.err.println("convscope " + command + (command.isEmpty() ? "" : ": ") + userMessage(e));
            code = 2;
        }
        System.exit(code);
    }

    /** The configured picocli command line (tests run commands through it). */
    public static CommandLine commandLine() {
        return commandLine(false);
    }

    /**
     * The command line; with {@code debug} (the {@code --debug} flag, anywhere on the line) a bug's
     * stack trace is printed after its one-line report.
     *
     * <p>The rule: a mistake in the input (a flag, a file, a model) exits 2 with one line
     * {@code convscope <command>: <what> <why> [hint]}; running out of memory exits 2 with the
     * heap's size and what to change; anything else is a bug: exit 1, one line asking to report
     * it, and the trace only with {@code --debug}.
     */
    public static CommandLine commandLine(boolean debug) {
        CommandLine cli = new CommandLine(new Main());
        PerCommandOptions.settleAll(cli);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String prefix = "convscope " + cmd.getCommandName() + ": ";
            String user = userMessage(ex);
            if (user != null) {
                cmd.getErr().println(prefix + user);
                return 2;
            }
            cmd.getErr().println(prefix + "internal error (" + ex + "); please report it with the command line"
                    + (debug ? "" : " and the trace that --debug prints"));
            if (debug) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli;
    }

    /** The one line for a mistake in the input, or null when {@code ex} is a bug. */
    static String userMessage(Throwable ex) {
        if (ex instanceof java.nio.file.NoSuchFileException e) {
            return e.getFile() + ": no such file" + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
        }
        if (ex instanceof java.nio.file.AccessDeniedException e) {
            return e.getFile() + ": permission denied" + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
        }
        if (ex instanceof java.nio.file.NotDirectoryException e) {
            return e.getFile() + ": is a file, not a directory";
        }
        if (ex instanceof java.nio.file.FileAlreadyExistsException e) {
            return e.getFile() + ": already exists and is in the way";
        }
        if (ex instanceof java.nio.file.DirectoryNotEmptyException e) {
            return e.getFile() + ": directory is not empty";
        }
        if (ex instanceof java.nio.file.FileSystemException e) {
            return (e.getFile() == null ? "" : e.getFile() + ": ") + (e.getReason() == null ? "cannot be used" : e.getReason())
                    + (e.getOtherFile() == null ? "" : " (" + e.getOtherFile() + ")");
        }
        if (ex instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            return userMessage(u.getCause());
        }
        if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                || ex instanceof org.convscope.tensor.DeviceUnavailableException) {
            String m = ex.getMessage();
            return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
        }
        if (ex instanceof OutOfMemoryError) {
            return "ran out of memory (the Java heap is " + String.format(java.util.Locale.ROOT, "%.1f GB",
                    Runtime.getRuntime().maxMemory() / 1e9) + "): use smaller sizes or a bigger heap"
                    + " (CONVSCOPE_JAVA_OPTS=-Xmx16g)";
        }
        return null;
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
