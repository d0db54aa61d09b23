package org.convscope.nn.data;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A data set held in memory as bytes: every image of a source whose values are whole numbers
 * 0-255 ({@link Shapes}, {@link ImageFolder} files, {@link MnistIdx}), read once (in parallel) so
 * that training epochs do not render or decode again. 1 byte per value: 64x64 RGB is 12 KB an image.
 */
public final class CachedDataset implements Dataset {
    private final Dataset source;
    private final byte[] pixels;
    private final int[] labels;
    private final int per;

    private CachedDataset(Dataset source) {
        this.source = source;
        per = source.channels() * source.height() * source.width();
        if ((long) per * source.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("data set too large to cache: " + source.size() + " images of " + per + " values");
        }
        pixels = new byte[per * source.size()];
        labels = new int[source.size()];
        IntStream.range(0, source.size()).parallel().forEach(i -> {
            float[] f = source.image(i);
            for (int k = 0; k < per; k++) {
                int v = Math.round(f[k]);
                pixels[i * per + k] = (byte) Math.max(0, Math.min(255, v));
            }
            labels[i] = source.label(i);
        });
    }

    /** Reads every image of {@code source} into memory (values rounded to whole numbers 0-255). */
    public static CachedDataset of(Dataset source) {
        return new CachedDataset(source);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public int height() {
        return source.height();
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public void image(int i, float[] dst, int offset) {
        int base = i * per;
        for (int k = 0; k < per; k++) {
            dst[offset + k] = pixels[base + k] & 0xff;
        }
    }
}
