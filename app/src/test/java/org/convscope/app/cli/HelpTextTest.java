package org.convscope.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Every command's help renders cleanly: picocli formats descriptions with String.format, so a
 * bare '%' in a description makes it print a warning and the raw text instead of the help.
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        CommandLine root = Main.commandLine();
        Map<String, CommandLine> subs = root.getSubcommands();
        assertTrue(subs.size() > 20, "expected the full command set, found " + subs.keySet());
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> bad = new ArrayList<>();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            for (var e : subs.entrySet()) {
                err.reset();
                String usage = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
                String warnings = err.toString(StandardCharsets.UTF_8);
                if (warnings.contains("picocli WARN") || usage.contains("%n")) {
                    bad.add(e.getKey() + ": " + warnings.strip());
                }
                assertFalse(usage.isBlank(), e.getKey() + " has no usage text");
            }
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(List.of(), bad, "commands whose help text does not format");
    }
}
