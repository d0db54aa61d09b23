package org.convscope.app.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs report sections on a {@link Context} and writes {@code index.html} beside their pictures:
 * one self-contained page (inline CSS, no external resources), a section per algorithm with its
 * explanation, settings, time, pictures (relative links) and notes; a table of contents with the
 * times on top. A section that throws is shown as failed with its message; the others still run.
 *
 * <p>The page carries a small inline script that, once the page has loaded, records on
 * {@code <body>} how many images it has ({@code data-images}) and the sources of those that did
 * not load ({@code data-broken}), so that a headless browser's {@code --dump-dom} can check it.
 */
public final class Report {
    /** The page's file name in the report folder. */
    public static final String INDEX = "index.html";

    /** The page's title and the facts listed under it (model, device, images, command). */
    public record Header(String title, String intro, List<Map.Entry<String, String>> facts) {
    }

    /** What one section did. */
    public record Outcome(ReportSection section, SectionResult result, String error, double seconds) {
        public boolean failed() {
            return error != null;
        }
    }

    private Report() {
    }

    /**
     * Runs every section in order, printing progress to {@code c.log()}, and writes the page.
     *
     * @return the outcomes, in order (the page is {@code context.out().dir()/index.html})
     */
    public static List<Outcome> run(Context c, List<ReportSection> sections, Header header) throws IOException {
        PrintStream log = c.log();
        List<Outcome> outcomes = new ArrayList<>();
        int k = 0;
        for (ReportSection s : sections) {
            k++;
            log.printf(Locale.ROOT, "[%d/%d] %s ...%n", k, sections.size(), s.title());
            log.flush();
            long t0 = System.nanoTime();
            SectionResult r = null;
            String error = null;
            try {
                r = s.run(c);
            } catch (Exception | OutOfMemoryError e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Outcome o = new Outcome(s, r, error, seconds);
            outcomes.add(o);
            if (o.failed()) {
                log.printf(Locale.ROOT, "      failed after %.1f s: %s%n", seconds, error);
            } else if (r.skippedReason() != null) {
                log.printf(Locale.ROOT, "      skipped: %s%n", r.skippedReason());
            } else {
                log.printf(Locale.ROOT, "      done in %.1f s%n", seconds);
            }
        }
        c.out().writeBytes(INDEX, page(header, outcomes).getBytes(StandardCharsets.UTF_8));
        return outcomes;
    }

    /** The path of the page a run writes. */
    public static Path index(Context c) {
        return c.out().dir().resolve(INDEX);
    }

    static String page(Header h, List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(h.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<header>\n<h1>").append(esc(h.title())).append("</h1>\n");
        if (h.intro() != null) {
            b.append("<p class=\"intro\">").append(esc(h.intro())).append("</p>\n");
        }
        b.append("<dl class=\"facts\">\n");
        for (Map.Entry<String, String> f : h.facts()) {
            b.append("<dt>").append(esc(f.getKey())).append("</dt><dd>").append(esc(f.getValue())).append("</dd>\n");
        }
        double total = 0;
        for (Outcome o : outcomes) {
            total += o.seconds();
        }
        b.append("<dt>time</dt><dd>").append(seconds(total)).append(" in all</dd>\n</dl>\n</header>\n");
        b.append("<nav>\n<h2>Contents</h2>\n<ol>\n");
        for (Outcome o : outcomes) {
            b.append("<li><a href=\"#").append(esc(o.section().id())).append("\">").append(esc(o.section().title()))
                    .append("</a> <span class=\"time\">").append(status(o)).append("</span></li>\n");
        }
        b.append("</ol>\n</nav>\n<main>\n");
        for (Outcome o : outcomes) {
            section(b, o);
        }
        b.append("</main>\n<footer>Written by ConvScope. Pictures are PNG files beside this page; ")
                .append("every run with the same settings writes the same pictures.</footer>\n")
                .append("<script>\n").append(CHECK).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static String status(Outcome o) {
        if (o.failed()) {
            return "failed";
        }
        if (o.result().skippedReason() != null) {
            return "skipped";
        }
        return seconds(o.seconds());
    }

    private static void section(StringBuilder b, Outcome o) {
        ReportSection s = o.section();
        String cls = o.failed() ? " failed" : o.result().skippedReason() != null ? " skipped" : "";
        b.append("<section id=\"").append(esc(s.id())).append("\" class=\"algorithm").append(cls).append("\">\n")
                .append("<h2>").append(esc(s.title())).append("</h2>\n")
                .append("<p class=\"explain\">").append(esc(s.explanation())).append("</p>\n");
        if (o.failed()) {
            b.append("<p class=\"note error\">This section failed: ").append(esc(o.error())).append("</p>\n</section>\n");
            return;
        }
        SectionResult r = o.result();
        if (r.skippedReason() != null) {
            b.append("<p class=\"note\">Skipped: ").append(esc(r.skippedReason())).append(".</p>\n</section>\n");
            return;
        }
        b.append("<div class=\"meta\"><span class=\"time\">").append(seconds(o.seconds())).append("</span>");
        for (Map.Entry<String, Object> e : r.settings().entrySet()) {
            b.append("<span class=\"setting\"><b>").append(esc(e.getKey())).append("</b> ")
                    .append(esc(String.valueOf(e.getValue()))).append("</span>");
        }
        b.append("</div>\n");
        if (r.table() != null) {
            table(b, r.table());
        }
        for (SectionResult.Row row : r.rows()) {
            b.append("<div class=\"row\">\n<h3>").append(esc(row.label())).append("</h3>\n<div class=\"figures\">\n");
            for (SectionResult.Figure f : row.figures()) {
                b.append("<figure><a href=\"").append(esc(f.file())).append("\"><img src=\"").append(esc(f.file()))
                        .append("\" alt=\"").append(esc(f.caption())).append("\"></a><figcaption>")
                        .append(esc(f.caption())).append("</figcaption></figure>\n");
            }
            if (!row.lines().isEmpty()) {
                b.append("<pre class=\"lines\">").append(esc(String.join("\n", row.lines()))).append("</pre>\n");
            }
            b.append("</div>\n</div>\n");
        }
        for (String n : r.notes()) {
            b.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
        }
        b.append("</section>\n");
    }

    private static void table(StringBuilder b, SectionResult.Table t) {
        b.append("<table class=\"summary\">\n<thead><tr>");
        for (int i = 0; i < t.header().size(); i++) {
            b.append(t.numeric().get(i) ? "<th class=\"num\">" : "<th>").append(esc(t.header().get(i))).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            b.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                b.append(t.numeric().get(i) ? "<td class=\"num\">" : "<td>").append(esc(row.get(i))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    static String seconds(double s) {
        return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.0f s", s);
    }

    /** HTML text and attribute escaping. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            :root { --ink: #1d2430; --soft: #5b6678; --line: #dde2ea; --accent: #2f6fdb; --paper: #ffffff; }
            * { box-sizing: border-box; }
            body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; color: var(--ink); background: #f5f7fa;
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
            h1 { font-size: 28px; margin: 0 0 6px; }
            h2 { font-size: 20px; margin: 0 0 6px; }
            h3 { font-size: 14px; margin: 14px 0 6px; color: var(--soft); font-weight: 600; }
            header, nav, section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
                   padding: 18px 22px; margin-bottom: 18px; }
            .intro { margin: 0 0 10px; color: var(--soft); max-width: 70em; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; font-size: 14px; }
            dl.facts dt { color: var(--soft); }
            dl.facts dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px;
                   overflow-wrap: anywhere; }
            nav ol { margin: 0; padding-left: 22px; columns: 2; column-gap: 40px; }
            nav li { margin: 2px 0; break-inside: avoid; }
            a { color: var(--accent); text-decoration: none; }
            a:hover { text-decoration: underline; }
            .time { color: var(--soft); font-size: 13px; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .explain { margin: 0 0 10px; max-width: 72em; }
            .meta { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 6px; align-items: center; }
            .meta .time { margin-right: 6px; }
            .setting { background: #eef2f8; border-radius: 4px; padding: 1px 8px; font-size: 13px; }
            .setting b { font-weight: 600; color: var(--soft); }
            .row { border-top: 1px solid var(--line); margin-top: 10px; }
            .figures { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
            figure { margin: 0; }
            figure img { display: block; max-width: 100%; height: auto; image-rendering: pixelated;
                   border: 1px solid var(--line); border-radius: 3px; background: #fafafa; }
            figcaption { font-size: 12px; color: var(--soft); text-align: center; margin-top: 3px; }
            pre.lines { margin: 0; padding: 8px 12px; background: #f3f5f9; border-radius: 4px; font-size: 13px;
                   line-height: 1.45; align-self: center; white-space: pre-wrap; }
            table.summary { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
            table.summary th, table.summary td { padding: 3px 12px; border-bottom: 1px solid var(--line); text-align: left; }
            table.summary th { color: var(--soft); font-weight: 600; }
            table.summary .num { text-align: right; font-variant-numeric: tabular-nums; }
            table.summary tr:last-child td { font-weight: 600; border-bottom: none; }
            .note { color: var(--soft); font-style: italic; margin: 8px 0 0; }
            .error { color: #b3261e; }
            section.skipped h2, section.failed h2 { color: var(--soft); }
            #contrast figure img { width: 196px; }
            #classify .row { display: inline-block; vertical-align: top; margin-right: 26px; border-top: none; }
            footer { color: var(--soft); font-size: 13px; text-align: center; }
            """;

    private static final String CHECK = """
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var broken = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; });
              document.body.setAttribute('data-images', String(imgs.length));
              document.body.setAttribute('data-broken', broken.map(function (i) { return i.getAttribute('src'); }).join(' '));
              document.body.setAttribute('data-checked', 'yes');
            });
            """;
}
