package org.convscope.app.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ReportSection} produced: rows of pictures (one row per image, usually), the
 * settings, notes in plain text, and optionally a table. All text is plain and escaped by the
 * page writer.
 */
public final class SectionResult {
    /** One picture of a row: a file relative to the report folder and its caption. */
    public record Figure(String file, String caption) {
    }

    /** One row of the section: a label, pictures side by side, and lines of text beside them. */
    public record Row(String label, List<Figure> figures, List<String> lines) {
    }

    /** A table of plain-text cells, with its header. */
    public record Table(List<String> header, List<List<String>> rows, List<Boolean> numeric) {
    }

    private final String skipped;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private Table table;

    private SectionResult(String skipped) {
        this.skipped = skipped;
    }

    /** An empty result to fill. */
    public static SectionResult of() {
        return new SectionResult(null);
    }

    /** A section that does not apply, and why. */
    public static SectionResult skipped(String reason) {
        return new SectionResult(reason);
    }

    public SectionResult row(String label, List<Figure> figures, List<String> lines) {
        rows.add(new Row(label, List.copyOf(figures), List.copyOf(lines)));
        return this;
    }

    public SectionResult row(String label, List<Figure> figures) {
        return row(label, figures, List.of());
    }

    public SectionResult setting(String name, Object value) {
        settings.put(name, value);
        return this;
    }

    public SectionResult note(String text) {
        notes.add(text);
        return this;
    }

    public SectionResult table(Table t) {
        this.table = t;
        return this;
    }

    /** The reason the section was skipped, or null when it ran. */
    public String skippedReason() {
        return skipped;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public Map<String, Object> settings() {
        return new LinkedHashMap<>(settings);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public Table table() {
        return table;
    }
}
