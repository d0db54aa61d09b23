package org.convscope.nn.data;

import java.util.SplittableRandom;

import org.convscope.tensor.Shape;

/**
 * Turns data-set images (0-255) into net inputs, Caffe's data transformer plus the lectures'
 * augmentations. For training, in this order:
 * <ol>
 * <li>a random {@code crop x crop} window (0: the whole image), and a horizontal flip with
 *     probability 1/2 when {@code mirror};</li>
 * <li>colour jitter: contrast {@code x := m + (1 + c)(x - m)} ({@code m} the image's mean, c ~
 *     U(-contrast, contrast)), saturation {@code x := g + (1 + s)(x - g)} ({@code g} the pixel's
 *     grey value, 3 channels only), brightness {@code x := (1 + b) x};</li>
 * <li>AlexNet's PCA colour offset ({@link PcaColour}, {@code alpha ~ N(0, pcaSigma)});</li>
 * <li>{@code (x - mean[c]) * scale}.</li>
 * </ol>
 * For testing: the centre crop and step 4 only. Shapes are kept ({@code C x crop x crop}) and the
 * label is untouched: every step acts on the pixels of one image.
 *
 * @param crop       side of the crop (0: none)
 * @param mirror     random horizontal flips
 * @param brightness brightness jitter amplitude (0: none)
 * @param contrast   contrast jitter amplitude (0: none)
 * @param saturation saturation jitter amplitude (0: none)
 * @param pca        PCA colour offset (null: none)
 * @param pcaSigma   standard deviation of the alphas (AlexNet: 0.1)
 * @param mean       per-channel mean subtracted (null: none)
 * @param scale      multiplier after the mean (LeNet: 1/256)
 */
public record InputTransform(int crop, boolean mirror, float brightness, float contrast, float saturation,
                             PcaColour pca, float pcaSigma, float[] mean, float scale) {

    /** No augmentation: {@code (x - mean) * scale}. */
    public static InputTransform plain(float[] mean, float scale) {
        return new InputTransform(0, false, 0, 0, 0, null, 0, mean, scale);
    }

    /**
     * From a Caffe Data layer's {@code transform_param}: {@code crop_size}, {@code mirror},
     * {@code mean_value} (one, or one per channel), {@code scale} (a {@code mean_file} is not read:
     * give per-channel means).
     */
    public static InputTransform caffe(org.convscope.nn.caffe.Message tp, int channels) {
        java.util.List<Float> mv = tp.floats("mean_value");
        float[] mean = null;
        if (!mv.isEmpty()) {
            mean = new float[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = mv.get(mv.size() == 1 ? 0 : c);
            }
        }
        return new InputTransform(tp.int32("crop_size", 0), tp.bool("mirror", false), 0, 0, 0, null, 0, mean,
                tp.float32("scale", 1f));
    }

    /**
     * The test-time equivalent of a {@link org.convscope.nn.Preprocessing} for images already at
     * its resize side: its crop, per-channel mean (a mean image is replaced by its per-channel
     * averages) and scale.
     */
    public static InputTransform of(org.convscope.nn.Preprocessing p) {
        float[] mean = p.meanBgr() == null ? null : p.meanBgr().clone();
        if (mean == null && p.meanImage() != null) {
            int c = p.meanShape().c();
            int plane = p.meanImage().length / c;
            mean = new float[c];
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                for (int i = 0; i < plane; i++) {
                    s += p.meanImage()[ch * plane + i];
                }
                mean[ch] = (float) (s / plane);
            }
        }
        return new InputTransform(p.crop(), false, 0, 0, 0, null, 0, mean, p.scale());
    }

    public InputTransform withCrop(int c, boolean flip) {
        return new InputTransform(c, flip, brightness, contrast, saturation, pca, pcaSigma, mean, scale);
    }

    public InputTransform withJitter(float b, float c, float s) {
        return new InputTransform(crop, mirror, b, c, s, pca, pcaSigma, mean, scale);
    }

    public InputTransform withPca(PcaColour p, float sigma) {
        return new InputTransform(crop, mirror, brightness, contrast, saturation, p, sigma, mean, scale);
    }

    /** The input shape of one image ({@code 1 x C x crop x crop}). */
    public Shape shape(Dataset d) {
        return crop > 0 ? Shape.of(1, d.channels(), crop, crop) : Shape.of(1, d.channels(), d.height(), d.width());
    }

    /**
     * A training input from {@code img} ({@code c x h x w}) into {@code dst} at {@code off}
     * ({@code c x crop x crop}), the random choices drawn from {@code r}.
     */
    public void train(float[] img, int c, int h, int w, SplittableRandom r, float[] dst, int off) {
        int oh = crop > 0 ? crop : h;
        int ow = crop > 0 ? crop : w;
        checkCrop(h, w);
        int top = h == oh ? 0 : r.nextInt(h - oh + 1);
        int left = w == ow ? 0 : r.nextInt(w - ow + 1);
        boolean flip = mirror && r.nextBoolean();
        cut(img, c, h, w, top, left, oh, ow, flip, dst, off);
        int plane = oh * ow;
        if (contrast > 0) {
            float k = 1 + (float) ((r.nextDouble() * 2 - 1) * contrast);
            double m = 0;
            for (int i = 0; i < c * plane; i++) {
                m += dst[off + i];
            }
            float mf = (float) (m / (c * plane));
            for (int i = 0; i < c * plane; i++) {
                dst[off + i] = mf + k * (dst[off + i] - mf);
            }
        }
        if (saturation > 0 && c == 3) {
            float k = 1 + (float) ((r.nextDouble() * 2 - 1) * saturation);
            for (int p = 0; p < plane; p++) {
                int b = off + p;
                int g = b + plane;
                int rr = g + plane;
                float grey = 0.114f * dst[b] + 0.587f * dst[g] + 0.299f * dst[rr];
                dst[b] = grey + k * (dst[b] - grey);
                dst[g] = grey + k * (dst[g] - grey);
                dst[rr] = grey + k * (dst[rr] - grey);
            }
        }
        if (brightness > 0) {
            float k = 1 + (float) ((r.nextDouble() * 2 - 1) * brightness);
            for (int i = 0; i < c * plane; i++) {
                dst[off + i] *= k;
            }
        }
        if (pca != null && c == 3) {
            float[] o = pca.offset(new double[] {r.nextGaussian() * pcaSigma, r.nextGaussian() * pcaSigma,
                    r.nextGaussian() * pcaSigma});
            for (int ch = 0; ch < 3; ch++) {
                for (int p = 0; p < plane; p++) {
                    dst[off + ch * plane + p] += o[ch];
                }
            }
        }
        normalize(c, plane, dst, off);
    }

    /** A test input: the centre crop, normalized. */
    public void test(float[] img, int c, int h, int w, float[] dst, int off) {
        int oh = crop > 0 ? crop : h;
        int ow = crop > 0 ? crop : w;
        checkCrop(h, w);
        cut(img, c, h, w, (h - oh) / 2, (w - ow) / 2, oh, ow, false, dst, off);
        normalize(c, oh * ow, dst, off);
    }

    private void checkCrop(int h, int w) {
        if (crop > h || crop > w) {
            throw new IllegalArgumentException("crop " + crop + " is larger than the " + h + "x" + w + " images");
        }
    }

    private static void cut(float[] img, int c, int h, int w, int top, int left, int oh, int ow, boolean flip,
                            float[] dst, int off) {
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                int src = ch * h * w + (top + y) * w + left;
                int d = off + ch * oh * ow + y * ow;
                if (flip) {
                    for (int x = 0; x < ow; x++) {
                        dst[d + x] = img[src + ow - 1 - x];
                    }
                } else {
                    System.arraycopy(img, src, dst, d, ow);
                }
            }
        }
    }

    private void normalize(int c, int plane, float[] dst, int off) {
        for (int ch = 0; ch < c; ch++) {
            float m = mean == null ? 0f : mean[ch];
            for (int p = 0; p < plane; p++) {
                int i = off + ch * plane + p;
                dst[i] = (dst[i] - m) * scale;
            }
        }
    }
}
