package org.convscope.app.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The page writer: escaping, skipped and failed sections. */
class ReportPageTest {
    record Fake(String id) implements ReportSection {
        @Override
        public String title() {
            return "A <b>title</b> & more";
        }

        @Override
        public String explanation() {
            return "Reads \"so\".";
        }

        @Override
        public SectionResult run(Context c) {
            return SectionResult.of();
        }
    }

    @Test
    void textIsEscapedAndFailedOrSkippedSectionsSaySo() {
        SectionResult ok = SectionResult.of().setting("k", "<v>")
                .row("row <1>", List.of(new SectionResult.Figure("a b.png", "cap & tion")), List.of("x < y"));
        String html = Report.page(new Report.Header("T <x>", null, List.of(Map.entry("model", "m&m"))), List.of(
                new Report.Outcome(new Fake("ok"), ok, null, 1.25),
                new Report.Outcome(new Fake("skip"), SectionResult.skipped("no data"), null, 0),
                new Report.Outcome(new Fake("bad"), null, "IllegalStateException: boom <here>", 0.5)));
        assertTrue(html.contains("<title>T &lt;x&gt;</title>"));
        assertTrue(html.contains("A &lt;b&gt;title&lt;/b&gt; &amp; more"));
        assertTrue(html.contains("<b>k</b> &lt;v&gt;"));
        assertTrue(html.contains("<img src=\"a b.png\" alt=\"cap &amp; tion\">"));
        assertTrue(html.contains("<pre class=\"lines\">x &lt; y</pre>"));
        assertTrue(html.contains("<section id=\"skip\" class=\"algorithm skipped\">"));
        assertTrue(html.contains("Skipped: no data."));
        assertTrue(html.contains("<section id=\"bad\" class=\"algorithm failed\">"));
        assertTrue(html.contains("This section failed: IllegalStateException: boom &lt;here&gt;"));
        assertTrue(html.contains("1.3 s") || html.contains("1.2 s"));
        assertFalse(html.contains("<here>"));
    }
}
