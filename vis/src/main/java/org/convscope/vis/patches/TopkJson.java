package org.convscope.vis.patches;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The {@code topk_<blob>.json} file of a {@link MaxPatches} result, written alike by every command that
 * finds top patches (on one machine or on a cluster), so their files can be compared byte for byte:
 * <pre>
 * {"blob", "blobShape", "receptiveField", "scanned",
 *  "channels": [{"channel", "hits": [{"rank", "image", "name", "value", "y", "x", "box"}]}],
 *  "unreadable": ["name: reason", ...]}
 * </pre>
 * Keys in that order, two-space indentation, a final newline.
 */
public final class TopkJson {
    private TopkJson() {
    }

    /** The whole file. */
    public static String of(MaxPatches.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blob", r.request().blob());
        m.put("blobShape", r.blobShape().toString());
        m.put("receptiveField", r.field().toString());
        m.put("scanned", r.scanned());
        m.put("channels", channels(r));
        m.put("unreadable", r.unreadable());
        return write(m);
    }

    /**
     * The file of a feature evolution ({@code convscope evolution}): blob, blobShape, receptiveField, k,
     * then per snapshot {label, weights, scanned, channels} as {@link #channels} gives them, and unreadable.
     */
    public static String of(FeatureEvolution.Result r) {
        MaxPatches.Result first = r.columns().get(0).result();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blob", r.request().blob());
        m.put("blobShape", first.blobShape().toString());
        m.put("receptiveField", first.field().toString());
        m.put("k", r.request().k());
        List<Object> snaps = new ArrayList<>();
        for (FeatureEvolution.Column c : r.columns()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("label", c.snapshot().label());
            s.put("weights", c.snapshot().weights().toString());
            s.put("scanned", c.result().scanned());
            s.put("channels", channels(c.result()));
            snaps.add(s);
        }
        m.put("snapshots", snaps);
        m.put("unreadable", first.unreadable());
        return write(m);
    }

    private static String write(Map<String, Object> m) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of numbers and strings always serialize", e);
        }
    }

    /** One hit's JSON fields, in this order: rank, image, name, value, y, x, box. */
    public static Map<String, Object> hit(MaxPatches.Hit h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", h.rank());
        m.put("image", h.image());
        m.put("name", h.name());
        m.put("value", h.value());
        m.put("y", h.y());
        m.put("x", h.x());
        m.put("box", h.box());
        return m;
    }

    /** Per requested channel: {channel, hits: [{rank, image, name, value, y, x, box}]}. */
    public static List<Object> channels(MaxPatches.Result r) {
        List<Object> chans = new ArrayList<>();
        for (int i = 0; i < r.hits().size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("channel", r.request().channels().get(i));
            List<Object> hits = new ArrayList<>();
            for (MaxPatches.Hit h : r.hits().get(i)) {
                hits.add(hit(h));
            }
            c.put("hits", hits);
            chans.add(c);
        }
        return chans;
    }
}
