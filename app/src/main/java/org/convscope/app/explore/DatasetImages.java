package org.convscope.app.explore;

import java.io.IOException;
import java.util.function.IntPredicate;

import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.tensor.Shape;
import org.convscope.vis.patches.ImageSource;

/** A data set ({@code shapes:SEED:N}, {@code folder:DIR}, {@code mnist:DIR}) as net inputs: each image's centre crop, normalized. */
record DatasetImages(Dataset set, InputTransform transform) implements ImageSource {
    @Override
    public int size() {
        return set.size();
    }

    @Override
    public String name(int index) {
        return "item " + index + " (" + set.classNames().get(set.label(index)) + ")";
    }

    @Override
    public void scan(IntPredicate wanted, Sink sink) throws IOException {
        Shape s = transform.shape(set);
        int c = set.channels();
        int h = set.height();
        int w = set.width();
        float[] raw = new float[c * h * w];
        for (int i = 0; i < set.size(); i++) {
            if (!wanted.test(i)) {
                continue;
            }
            set.image(i, raw, 0);
            float[] x = new float[s.c() * s.h() * s.w()];
            transform.test(raw, c, h, w, x, 0);
            sink.accept(new Item(i, name(i), s.c(), s.h(), s.w(), x));
        }
    }
}
