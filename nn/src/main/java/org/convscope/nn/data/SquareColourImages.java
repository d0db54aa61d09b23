package org.convscope.nn.data;

/**
 * A data set of colour images of one square size, {@code 3 x size x size} (BGR, 0-255): what
 * {@link ImageFiles} and {@link Shapes} have in common.
 */
public abstract class SquareColourImages implements Dataset {
    /** The side of every image, in pixels. */
    protected final int size;

    protected SquareColourImages(int size) {
        this.size = size;
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }
}
