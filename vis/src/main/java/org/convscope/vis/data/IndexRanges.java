package org.convscope.vis.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists of indices as the commands take them: {@code 0-7}, {@code 3,5,9}, {@code 0,2,5-6}, {@code all}
 * (the command line and the Spark jobs read channel and item lists through this one parser).
 */
public final class IndexRanges {
    private IndexRanges() {
    }

    /**
     * @param count valid indices are {@code 0 .. count-1}
     * @param what  what the indices are, for the messages ("channel")
     */
    public static List<Integer> parse(String spec, int count, String what) {
        List<Integer> out = new ArrayList<>();
        if (spec.equalsIgnoreCase("all")) {
            for (int i = 0; i < count; i++) {
                out.add(i);
            }
            return out;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(p.substring(0, dash).trim());
                    int b = Integer.parseInt(p.substring(dash + 1).trim());
                    if (b < a) {
                        throw new IllegalArgumentException(what + " range '" + p + "' runs backwards");
                    }
                    for (int i = a; i <= b; i++) {
                        out.add(i);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot read " + what + " '" + spec + "': use N, N-M, lists of them, or all");
            }
        }
        for (int i : out) {
            if (i < 0 || i >= count) {
                throw new IllegalArgumentException(what + " " + i + " does not exist: valid " + what + "s are 0-" + (count - 1));
            }
        }
        return out;
    }
}
