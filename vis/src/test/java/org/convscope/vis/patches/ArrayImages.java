package org.convscope.vis.patches;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Test images held in memory; counts what each scan hands out. */
final class ArrayImages implements ImageSource {
    final List<float[]> images;
    final int c;
    final int h;
    final int w;
    final List<Integer> unreadable = new ArrayList<>();
    final List<List<Integer>> scans = new ArrayList<>();

    ArrayImages(List<float[]> images, int c, int h, int w) {
        this.images = images;
        this.c = c;
        this.h = h;
        this.w = w;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public String name(int index) {
        return "img" + index;
    }

    @Override
    public void scan(IntPredicate wanted, Sink sink) throws IOException {
        List<Integer> handed = new ArrayList<>();
        scans.add(handed);
        for (int i = 0; i < images.size(); i++) {
            if (!wanted.test(i)) {
                continue;
            }
            if (unreadable.contains(i)) {
                sink.unreadable(i, name(i), "broken on purpose");
                continue;
            }
            handed.add(i);
            sink.accept(new Item(i, name(i), c, h, w, images.get(i).clone()));
        }
    }
}
