package org.convscope.app.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.convscope.vis.render.Manifest;
import org.convscope.app.report.Context;
import org.convscope.app.report.Report;

import picocli.CommandLine.Model.CommandSpec;

/** The manifest.json beside a report: the command, device, seed, each section's status and settings, the files. */
final class ReportManifest {
    private ReportManifest() {
    }

    static Manifest start(CommandSpec spec, String device, long seed, boolean quick) {
        Manifest m = new Manifest().command(spec.name(), spec.commandLine().getParseResult().originalArgs());
        m.device(device).seed(seed);
        m.setting("quick", quick);
        String v = Main.class.getPackage().getImplementationVersion();
        m.version(v == null ? "dev" : v);
        return m;
    }

    static void finish(Manifest m, Context c, List<Report.Outcome> outcomes, Instant start) throws IOException {
        m.setting("images", c.images().stream().map(Context.Image::name).toList());
        m.setting("data", c.dataName());
        for (Report.Outcome o : outcomes) {
            String key = "section." + o.section().id();
            if (o.failed()) {
                m.setting(key + ".status", "failed: " + o.error());
            } else if (o.result().skippedReason() != null) {
                m.setting(key + ".status", "skipped: " + o.result().skippedReason());
            } else {
                m.setting(key + ".status", "ran");
                o.result().settings().forEach((k, v) -> m.setting(key + "." + k, String.valueOf(v)));
            }
        }
        m.elapsed(Duration.between(start, Instant.now()));
        m.write(c.out());
    }
}
