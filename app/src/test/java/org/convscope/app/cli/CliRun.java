package org.convscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import picocli.CommandLine;

/**
 * One {@code convscope} command run in this JVM through {@link Main#commandLine()}, as the command
 * tests use it: its exit status, what it printed on standard output and on its error stream.
 */
public final class CliRun {
    final int exit;
    final String out;
    final String err;

    private CliRun(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    public int exit() {
        return exit;
    }

    public String out() {
        return out;
    }

    public String err() {
        return err;
    }

    /** Runs {@code convscope args...} and captures its output (System.out is restored afterwards). */
    public static CliRun run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = cli.execute(args);
        } finally {
            System.setOut(old);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** The last error line of {@code command}, checked to be of the form the CLI rule asks for, with no stack trace. */
    String line(String command) {
        List<String> lines = err.lines().filter(l -> l.startsWith("convscope " + command + ": ")).toList();
        assertFalse(lines.isEmpty(), "no 'convscope " + command + ":' line in: [" + err + "] out [" + out + "]");
        assertFalse(err.contains("\tat org."), "a stack trace: " + err);
        return lines.get(lines.size() - 1);
    }
}
