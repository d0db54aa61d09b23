package org.convscope.nn.data;

import java.util.List;

/**
 * A labelled image set, read one image at a time. Images are {@code C x H x W} floats with
 * values 0-255, colour images in Caffe's BGR order; labels are class indices into
 * {@link #classNames()}. Implementations: {@link MnistIdx}, {@link ImageFolder}, {@link Shapes}.
 */
public interface Dataset {
    int size();

    int channels();

    int height();

    int width();

    /** Class names; the label of an image is an index into this list. */
    List<String> classNames();

    /** The class index of image {@code i}. */
    int label(int i);

    /** Writes image {@code i} ({@code C*H*W} values, 0-255) into {@code dst} from {@code offset}. */
    void image(int i, float[] dst, int offset);

    /** Image {@code i} as a new array. */
    default float[] image(int i) {
        float[] f = new float[channels() * height() * width()];
        image(i, f, 0);
        return f;
    }

    /** The images {@code from} (inclusive) to {@code to} (exclusive), without copying. */
    default Dataset range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") outside a data set of " + size());
        }
        Dataset base = this;
        return new Dataset() {
            public int size() {
                return to - from;
            }

            public int channels() {
                return base.channels();
            }

            public int height() {
                return base.height();
            }

            public int width() {
                return base.width();
            }

            public List<String> classNames() {
                return base.classNames();
            }

            public int label(int i) {
                return base.label(from + check(i));
            }

            public void image(int i, float[] dst, int offset) {
                base.image(from + check(i), dst, offset);
            }

            private int check(int i) {
                if (i < 0 || i >= to - from) {
                    throw new IndexOutOfBoundsException("image " + i + " of " + (to - from));
                }
                return i;
            }
        };
    }
}
