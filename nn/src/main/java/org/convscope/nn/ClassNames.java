package org.convscope.nn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class names of a classifier, one per output, read from a {@code synset_words.txt}-style file:
 * each line {@code n01440764 tench, Tinca tinca} (an id, a space, the label) or a bare label.
 */
public final class ClassNames {
    private final List<String> ids;
    private final List<String> labels;

    private ClassNames(List<String> ids, List<String> labels) {
        this.ids = List.copyOf(ids);
        this.labels = List.copyOf(labels);
    }

    /** Reads one class per non-empty line. */
    public static ClassNames read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses one class per non-empty line ({@code source} names the text in the error). */
    public static ClassNames parse(String text, String source) throws IOException {
        List<String> ids = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            int sp = t.indexOf(' ');
            if (sp > 0 && t.matches("n\\d{8} .*")) {
                ids.add(t.substring(0, sp));
                labels.add(t.substring(sp + 1).strip());
            } else {
                ids.add(String.valueOf(ids.size()));
                labels.add(t);
            }
        }
        if (labels.isEmpty()) {
            throw new IOException(source + ": no class names");
        }
        return new ClassNames(ids, labels);
    }

    /** Names given directly (ids are the indices). */
    public static ClassNames of(List<String> labels) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            ids.add(String.valueOf(i));
        }
        return new ClassNames(ids, labels);
    }

    public int size() {
        return labels.size();
    }

    /** The label of class i ({@code tench, Tinca tinca}). */
    public String label(int i) {
        return labels.get(i);
    }

    /** The short label: up to the first comma ({@code tench}). */
    public String shortLabel(int i) {
        String l = labels.get(i);
        int c = l.indexOf(',');
        return c < 0 ? l : l.substring(0, c);
    }

    /** The id of class i ({@code n01440764}). */
    public String id(int i) {
        return ids.get(i);
    }

    /**
     * One prediction.
     *
     * @param index class index
     * @param score its score (probability for a softmax output)
     * @param label its label
     */
    public record Prediction(int index, float score, String label) {
    }

    /** The k highest scores of one item, best first (ties keep the lower index first). */
    public List<Prediction> top(float[] scores, int k) {
        return top(scores, 0, scores.length, k, this);
    }

    /** The k highest of {@code scores[offset, offset+n)}; labels from {@code names} (may be null). */
    public static List<Prediction> top(float[] scores, int offset, int n, int k, ClassNames names) {
        List<Prediction> out = new ArrayList<>();
        boolean[] taken = new boolean[n];
        for (int r = 0; r < Math.min(k, n); r++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || scores[offset + i] > scores[offset + best])) {
                    best = i;
                }
            }
            taken[best] = true;
            String label = names != null && best < names.size() ? names.label(best) : String.valueOf(best);
            out.add(new Prediction(best, scores[offset + best], label));
        }
        return out;
    }
}
