package org.convscope.vis.occlusion;

import java.util.function.Consumer;

import org.convscope.nn.Net;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.render.Planes;
import org.convscope.vis.attribution.ClassScores;

/**
 * Occlusion sensitivity (Zeiler &amp; Fergus 2014, section 4.2): a square of constant value slides
 * over the image and, at every position, the net's class probabilities are recorded. Where hiding
 * a region makes the probability of the class fall, the net relied on that region.
 *
 * <p>For an input {@code 1 x C x H x W}, square side {@code s} and stride {@code t}, the square's
 * top-left corners are {@code (i t, j t)} for {@code i = 0 .. rows-1}, {@code j = 0 .. cols-1} with
 * {@code rows = floor((H - s) / t) + 1} (likewise cols; a square larger than the image is clipped
 * to it and gives one position). Inside the square every channel {@code c} is set to
 * {@code fill[c]}; by default the image's own per-channel mean (a grey square for any
 * preprocessing; give 0 to use the training mean of a mean-subtracted net). The occluded copies go
 * through the net in batches of {@code batch}; the batch size changes the result by float rounding at most.
 *
 * <p>Probabilities are the net's output (or a chosen score blob's values) when a Softmax layer
 * wrote it, else their softmax (SqueezeNet's {@code pool_final}, AlexNet's {@code fc8}). Maps are {@code rows x cols}; map cell {@code (i, j)} belongs to the square centred at
 * pixel {@code (i t + (s-1)/2, j t + (s-1)/2)}, which {@link Result#toImage} uses to lay the map
 * over the image.
 */
public final class Occlusion {

    /**
     * @param size   side of the square in input pixels
     * @param stride step between positions
     * @param fill   value per input channel inside the square, or null for the image's channel means
     * @param batch  occluded images per forward pass
     */
    public record Settings(int size, int stride, float[] fill, int batch) {
        public Settings {
            if (size < 1) {
                throw new IllegalArgumentException("the square's size must be at least 1 pixel, got " + size);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("stride must be at least 1, got " + stride);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1, got " + batch);
            }
            fill = fill == null ? null : fill.clone();
        }

        /**
         * Defaults for an {@code h x w} input: a square of a seventh of the shorter side (at least 8
         * pixels), moved by half its side, the image's mean colour, 32 copies per forward pass. That
         * is 13 x 13 positions at 227 x 227 (size 32, stride 16) and 6 x 6 at 28 x 28 (8, 4).
         */
        public static Settings defaults(int h, int w) {
            int size = Math.max(8, Math.round(Math.min(h, w) / 7f));
            return new Settings(size, Math.max(1, size / 2), null, DEFAULT_BATCH);
        }
    }

    /** Occluded copies per forward pass unless told otherwise. */
    public static final int DEFAULT_BATCH = 32;

    /**
     * The maps.
     *
     * @param klass       the class followed
     * @param baseline    probability of {@code klass} on the unoccluded image
     * @param baseTop     the most probable class on the unoccluded image
     * @param rows        map rows
     * @param cols        map columns
     * @param classProb   probability of {@code klass} with the square at each position, row-major
     * @param topClass    the most probable class at each position (the first on ties)
     * @param topProb     its probability
     * @param fill        the fill values used
     */
    public record Result(int klass, float baseline, int baseTop, int rows, int cols, Settings settings, int height,
                         int width, float[] classProb, int[] topClass, float[] topProb, float[] fill) {

        /** The class probability map, {@code 1 x rows x cols}. */
        public Planes classMap() {
            return new Planes(1, rows, cols, classProb);
        }

        /** How much hiding each square lowers the class probability, {@code baseline - p}, {@code 1 x rows x cols}. */
        public Planes dropMap() {
            float[] d = new float[classProb.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = baseline - classProb[i];
            }
            return new Planes(1, rows, cols, d);
        }

        /** The lowest and highest class probability over the square's positions, {@code {min, max}}. */
        public float[] classProbRange() {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float p : classProb) {
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
            return new float[] {lo, hi};
        }

        /** The maps of image {@code image} as named values in a fixed order, for a JSON file. */
        public java.util.Map<String, Object> toMap(String image) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("image", image);
            m.put("class", klass);
            m.put("baseline", baseline);
            m.put("baseTop", baseTop);
            m.put("rows", rows);
            m.put("cols", cols);
            m.put("size", settings.size());
            m.put("stride", settings.stride());
            m.put("fill", fill);
            m.put("classProb", classProb);
            m.put("topClass", topClass);
            m.put("topProb", topProb);
            return m;
        }

        /** The probability-of-the-top-class map, {@code 1 x rows x cols}. */
        public Planes topProbMap() {
            return new Planes(1, rows, cols, topProb);
        }

        /**
         * A map laid over the {@code H x W} image: the value at pixel {@code (y, x)} is the map
         * interpolated bilinearly at the fractional cell {@code ((y - (s-1)/2) / t, (x - (s-1)/2) / t)},
         * clamped to the map (pixels outside the squares' centres take the nearest edge value).
         */
        public Planes toImage(Planes map) {
            float[] out = new float[height * width];
            double c0 = (Math.min(settings.size(), Math.min(height, width)) - 1) / 2.0;
            for (int y = 0; y < height; y++) {
                double fy = clamp((y - c0) / settings.stride(), rows - 1);
                int y0 = (int) Math.floor(fy);
                int y1 = Math.min(y0 + 1, rows - 1);
                double wy = fy - y0;
                for (int x = 0; x < width; x++) {
                    double fx = clamp((x - c0) / settings.stride(), cols - 1);
                    int x0 = (int) Math.floor(fx);
                    int x1 = Math.min(x0 + 1, cols - 1);
                    double wx = fx - x0;
                    double v = (1 - wy) * ((1 - wx) * map.get(0, y0, x0) + wx * map.get(0, y0, x1))
                            + wy * ((1 - wx) * map.get(0, y1, x0) + wx * map.get(0, y1, x1));
                    out[y * width + x] = (float) v;
                }
            }
            return new Planes(1, height, width, out);
        }

        private static double clamp(double v, int hi) {
            return v < 0 ? 0 : Math.min(v, hi);
        }
    }

    private Occlusion() {
    }

    /** Number of square positions along a side of {@code n} pixels. */
    /**
     * Reads an occluder fill as the commands take it: {@code mean} (null: the preprocessing mean, zero
     * after mean subtraction), one number, or one number per channel.
     */
    public static float[] parseFill(String spec) {
        if (spec.equalsIgnoreCase("mean")) {
            return null;
        }
        String[] p = spec.split(",");
        float[] v = new float[p.length];
        try {
            for (int i = 0; i < p.length; i++) {
                v[i] = Float.parseFloat(p[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--fill takes mean, a number, or one number per channel; got '" + spec + "'");
        }
        return v;
    }

    public static int positions(int n, int size, int stride) {
        return size >= n ? 1 : (n - size) / stride + 1;
    }

    /** The class probabilities of one input (softmax applied when the net's last layer is not one). */
    public static float[] probabilities(Net net, Tensor x) {
        return probabilities(net, x, null);
    }

    /**
     * The class probabilities of a batch, from {@code scoreBlob} (null: the net's output): its values
     * when a Softmax layer wrote it, else their softmax (per item).
     */
    public static float[] probabilities(Net net, Tensor x, String scoreBlob) {
        String blob = scoreBlob == null ? net.outputName() : scoreBlob;
        Tensor out = net.forward(x, blob);
        float[] all = out.toArray();
        int n = x.shape().n();
        int k = all.length / n;
        if (!writtenBySoftmax(net, blob)) {
            for (int i = 0; i < n; i++) {
                ClassScores.softmaxInPlace(all, i * k, k);
            }
        }
        return all;
    }

    /** Whether the value of {@code blob} (a name or {@code blob@layer}) is a Softmax layer's output. */
    static boolean writtenBySoftmax(Net net, String blob) {
        String layer;
        int at = blob.indexOf('@');
        if (at >= 0) {
            layer = blob.substring(at + 1);
        } else {
            layer = null;
            for (String l : net.layerNames()) {
                if (net.layer(l).def().tops().contains(blob)) {
                    layer = l; // the last writer is the value forward() returns
                }
            }
        }
        return layer != null && net.layerNames().contains(layer) && net.layer(layer).type().equals("Softmax");
    }

    /** The number of classes the net outputs. */
    public static int classCount(Net net) {
        return classCount(net, null);
    }

    /** The number of classes of a score blob (null: the net's output): values per item. */
    public static int classCount(Net net, String scoreBlob) {
        Shape s = net.shape(scoreBlob == null ? net.outputName() : scoreBlob);
        return s.size() / s.dim(0);
    }

    /**
     * Slides the square over {@code x} and records the probabilities.
     *
     * @param x        {@code 1 x C x H x W} net input
     * @param klass    class to follow, or -1 for the unoccluded image's most probable class
     * @param progress told the number of occluded images just done (may be null)
     * @throws IllegalArgumentException for a class outside the net's outputs or a fill of the wrong length
     */
    public static Result run(Net net, Tensor x, int klass, Settings settings, Consumer<Integer> progress) {
        return run(net, x, null, klass, settings, progress);
    }

    /**
     * {@link #run(Net, Tensor, int, Settings, Consumer)} with the probabilities taken from
     * {@code scoreBlob} (null: the net's output; see {@link #probabilities(Net, Tensor, String)}).
     */
    public static Result run(Net net, Tensor x, String scoreBlob, int klass, Settings settings,
                             Consumer<Integer> progress) {
        Shape s = x.shape();
        if (s.rank() != 4 || s.n() != 1) {
            throw new IllegalArgumentException("occlusion takes one image, 1 x C x H x W; got " + s);
        }
        int c = s.c();
        int h = s.h();
        int w = s.w();
        float[] img = x.toArray();
        float[] base = probabilities(net, x, scoreBlob);
        int classes = base.length;
        if (klass < -1 || klass >= classes) {
            throw new IllegalArgumentException("class " + klass + " is out of range: net '" + net.name() + "' has "
                    + classes + " classes, 0-" + (classes - 1));
        }
        int baseTop = argmax(base, 0, classes);
        int followed = klass < 0 ? baseTop : klass;
        float[] fill = settings.fill();
        if (fill == null) {
            fill = new float[c];
            for (int ch = 0; ch < c; ch++) {
                double sum = 0;
                for (int i = 0; i < h * w; i++) {
                    sum += img[ch * h * w + i];
                }
                fill[ch] = (float) (sum / (h * w));
            }
        } else if (fill.length == 1 && c > 1) {
            float v = fill[0];
            fill = new float[c];
            java.util.Arrays.fill(fill, v);
        } else if (fill.length != c) {
            throw new IllegalArgumentException("the fill has " + fill.length + " values, the input has " + c + " channels");
        }
        int size = settings.size();
        int stride = settings.stride();
        int rows = positions(h, size, stride);
        int cols = positions(w, size, stride);
        int total = rows * cols;
        float[] classProb = new float[total];
        int[] topClass = new int[total];
        float[] topProb = new float[total];
        int per = c * h * w;
        for (int start = 0; start < total; start += settings.batch()) {
            int n = Math.min(settings.batch(), total - start);
            float[] batch = new float[n * per];
            for (int b = 0; b < n; b++) {
                int pos = start + b;
                int top = (pos / cols) * stride;
                int left = (pos % cols) * stride;
                System.arraycopy(img, 0, batch, b * per, per);
                occlude(batch, b * per, c, h, w, top, left, size, fill);
            }
            Tensor xb = Tensor.of(net.device(), batch, n, c, h, w);
            float[] p = probabilities(net, xb, scoreBlob);
            xb.close();
            for (int b = 0; b < n; b++) {
                int t = argmax(p, b * classes, classes);
                classProb[start + b] = p[b * classes + followed];
                topClass[start + b] = t;
                topProb[start + b] = p[b * classes + t];
            }
            if (progress != null) {
                progress.accept(n);
            }
        }
        return new Result(followed, base[followed], baseTop, rows, cols, settings, h, w, classProb, topClass, topProb,
                fill);
    }

    /** Sets the square {@code [top, top+size) x [left, left+size)} (clipped) of one CHW image to {@code fill}. */
    static void occlude(float[] v, int offset, int c, int h, int w, int top, int left, int size, float[] fill) {
        int bottom = Math.min(h, top + size);
        int right = Math.min(w, left + size);
        for (int ch = 0; ch < c; ch++) {
            for (int y = top; y < bottom; y++) {
                int row = offset + (ch * h + y) * w;
                for (int xx = left; xx < right; xx++) {
                    v[row + xx] = fill[ch];
                }
            }
        }
    }

    private static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
