package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.convscope.vis.render.Manifest;
import org.convscope.app.report.Context;
import org.convscope.app.report.Report;
import org.convscope.app.report.ReportSection;

import picocli.CommandLine.Model.CommandSpec;

/** The manifest.json beside a report: the command, device, seed, each section's status and settings, the files. */
final class ReportManifest {
    private ReportManifest() {
    }

    /**
     * Says what runs, runs {@code sections} into the report, writes it and the manifest (the model files
     * and the input images hashed, null where there is none) and prints the report's path.
     *
     * @return the exit status: 0, or 1 when a section failed
     */
    static int run(String title, CommandSpec spec, String device, Context c, List<ReportSection> sections,
                   Report.Header header, long seed, boolean quick, Instant start, Path weights, Path model,
                   List<Path> inputs) throws IOException {
        System.out.println(title + ": " + sections.size() + " sections, writing to " + c.out().dir());
        Manifest manifest = start(spec, device, seed, quick);
        manifest.weights(weights).model(model);
        for (Path f : inputs) {
            manifest.input(f.getFileName().toString(), f);
        }
        List<Report.Outcome> outcomes = Report.run(c, sections, header);
        finish(manifest, c, outcomes, start);
        long failed = outcomes.stream().filter(Report.Outcome::failed).count();
        System.out.println("report: " + Report.index(c));
        return failed == 0 ? 0 : 1;
    }

    private static Manifest start(CommandSpec spec, String device, long seed, boolean quick) {
        Manifest m = new Manifest().command(spec.name(), spec.commandLine().getParseResult().originalArgs());
        m.device(device).seed(seed);
        m.setting("quick", quick);
        String v = Main.class.getPackage().getImplementationVersion();
        m.version(v == null ? "dev" : v);
        return m;
    }

    private static void finish(Manifest m, Context c, List<Report.Outcome> outcomes, Instant start) throws IOException {
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
