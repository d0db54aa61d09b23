package org.convscope.vis.patches;

import java.io.IOException;
import java.util.function.IntPredicate;

/**
 * Images for a data-set scan, read one at a time in a fixed order and already preprocessed for the
 * net: nothing is held beyond the item being handed out, so a source may hold thousands of images.
 *
 * <p>Items are numbered {@code 0 .. size()-1} in that order; the number stays the item's identity
 * (ties in {@link MaxPatches} are broken by it). An item that cannot be read is reported to
 * {@link Sink#unreadable} with its name and the reason, and the scan goes on.
 */
public interface ImageSource {

    /**
     * One preprocessed image.
     *
     * @param index    position in the source
     * @param name     a name a person can find the image by (file path, "t10k-images[17]")
     * @param channels C
     * @param height   H
     * @param width    W
     * @param data     the net input, {@code C x H x W} floats (preprocessing applied)
     */
    record Item(int index, String name, int channels, int height, int width, float[] data) {
        public Item {
            if (data.length != channels * height * width) {
                throw new IllegalArgumentException(name + ": " + data.length + " values for " + channels + "x"
                        + height + "x" + width);
            }
        }
    }

    /** Receives the items of a scan. */
    interface Sink {
        void accept(Item item) throws IOException;

        /** An item that could not be read; the scan continues with the next. */
        default void unreadable(int index, String name, String reason) {
        }
    }

    /** Number of items (readable or not). */
    int size();

    /** The name of item {@code index}. */
    String name(int index);

    /**
     * Hands every wanted item to {@code sink}, in index order.
     *
     * @param wanted which indices to read (the others are skipped as cheaply as the format allows)
     */
    void scan(IntPredicate wanted, Sink sink) throws IOException;

    /** Hands every item to {@code sink}, in index order. */
    default void scan(Sink sink) throws IOException {
        scan(i -> true, sink);
    }
}
