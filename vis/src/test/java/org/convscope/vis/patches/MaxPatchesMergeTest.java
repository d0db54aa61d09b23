package org.convscope.vis.patches;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link MaxPatches#merge}: top-k lists of disjoint parts merge into the top-k of the whole, in any grouping. */
class MaxPatchesMergeTest {

    /** Hits of one channel on images 0..n-1, values from a few levels so that many tie. */
    private static List<MaxPatches.Hit> hits(int n, long seed) {
        Random r = new Random(seed);
        List<MaxPatches.Hit> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new MaxPatches.Hit(0, -1, i, "img" + i, r.nextInt(4) * 0.5f, r.nextInt(3), r.nextInt(3), null));
        }
        return out;
    }

    /** The top-k of a list by the order alone, ranked: the single-machine answer. */
    private static List<MaxPatches.Hit> top(List<MaxPatches.Hit> all, int k) {
        List<MaxPatches.Hit> s = new ArrayList<>(all);
        s.sort(MaxPatches.ORDER);
        List<MaxPatches.Hit> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, s.size()); i++) {
            MaxPatches.Hit h = s.get(i);
            out.add(new MaxPatches.Hit(h.channel(), i, h.image(), h.name(), h.value(), h.y(), h.x(), h.box()));
        }
        return out;
    }

    @Property(tries = 100)
    void partsMergedInAnyGroupingGiveTheTopKOfTheWhole(@ForAll @IntRange(min = 0, max = 60) int n,
                                                      @ForAll @IntRange(min = 1, max = 12) int k,
                                                      @ForAll @IntRange(min = 1, max = 7) int parts,
                                                      @ForAll long seed) {
        List<MaxPatches.Hit> all = hits(n, seed);
        List<MaxPatches.Hit> expected = top(all, k);
        List<List<MaxPatches.Hit>> partial = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            partial.add(top(all.subList(n * p / parts, n * (p + 1) / parts), k));
        }
        // left to right
        List<MaxPatches.Hit> left = List.of();
        for (List<MaxPatches.Hit> p : partial) {
            left = MaxPatches.merge(left, p, k);
        }
        // right to left, each new part on the left (commuted)
        List<MaxPatches.Hit> right = List.of();
        for (int p = parts - 1; p >= 0; p--) {
            right = MaxPatches.merge(right, partial.get(p), k);
        }
        // pairwise, as a tree
        List<List<MaxPatches.Hit>> level = partial;
        while (level.size() > 1) {
            List<List<MaxPatches.Hit>> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? MaxPatches.merge(level.get(i + 1), level.get(i), k) : level.get(i));
            }
            level = next;
        }
        assertEquals(expected, left);
        assertEquals(expected, right);
        assertEquals(expected, level.get(0));
    }
}
