package org.convscope.vis.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * DeepDream (Mordvintsev, Olah and Tyka 2015): gradient ascent on the L2 norm of a layer's
 * activations, so whatever the layer sees a little it is made to see more.
 * <pre>
 *   objective a(x) = 1/2 |f_l(x)|^2,     so the gradient at the layer is f_l(x) itself
 *   one step:  (oy, ox) uniform in [-jitter, jitter]
 *              g = shift(d a / d x at shift(x, oy, ox), -oy, -ox)
 *              x &lt;- clip(x + lr * g / mean|g|, lo, hi)
 *   octaves:   the image at scales 1, 1/s, 1/s^2, ... (bilinear); from the smallest up, each octave
 *              starts from its own base plus the detail (x - base) of the octave below, upscaled
 * </pre>
 * The original notebook's values are the defaults: lr 1.5 grey levels, jitter 32, 4 octaves of
 * scale 1.4, 10 steps each. Everything runs on the device; per step the host reads three scalars.
 * The octaves run on the net {@link Truncated#upTo up to the blob} (sharing its weights), so fully
 * connected layers above it do not fix the input size; every octave must still be large enough
 * for the layers below.
 */
public final class DeepDream extends IterativeRun {

    /**
     * @param stepsPerOctave steps at each octave
     * @param octaves        number of octaves (1: the image's own size only)
     * @param octaveScale    size ratio between octaves, > 1
     * @param lr             step per pixel, input units (the gradient is normalized by its mean |g|)
     * @param jitter         largest random shift in pixels (at every octave)
     * @param lo             smallest valid input value
     * @param hi             largest valid input value
     * @param seed           the jitter's seed
     */
    public record Settings(int stepsPerOctave, int octaves, float octaveScale, float lr, int jitter, float lo, float hi,
                           long seed) {
        public Settings {
            if (stepsPerOctave < 1 || octaves < 1 || !(octaveScale > 1) || !(lr > 0) || jitter < 0 || !(lo < hi)) {
                throw new IllegalArgumentException("DeepDream needs steps >= 1, octaves >= 1, octave scale > 1, "
                        + "lr > 0, jitter >= 0 and lo < hi; got " + "stepsPerOctave " + stepsPerOctave + ", octaves " + octaves + ", octaveScale " + octaveScale + ", lr " + lr + ", jitter " + jitter + ", lo " + lo + ", hi " + hi + ", seed " + seed);
            }
        }

        /** The notebook's values for an input of this preprocessing scale, pixels clipped to the box. */
        public static Settings defaults(float scale, float lo, float hi) {
            return new Settings(10, 4, 1.4f, 1.5f * scale, 32, lo, hi, 0L);
        }

        public Settings withOctaves(int n, int steps) {
            return new Settings(steps, n, octaveScale, lr, jitter, lo, hi, seed);
        }

        public Settings withJitter(int j) {
            return new Settings(stepsPerOctave, octaves, octaveScale, lr, j, lo, hi, seed);
        }

        public Settings withLr(float r) {
            return new Settings(stepsPerOctave, octaves, octaveScale, r, jitter, lo, hi, seed);
        }

        public int totalSteps() {
            return stepsPerOctave * octaves;
        }
    }

    private final Net net;
    private final String layer;
    private final Settings s;
    private final Device d;
    private final List<Tensor> bases = new ArrayList<>();
    private final Random random;
    private int octave;
    private int inOctave;
    private Tensor x;
    private Tensor lastGood;
    private Tensor shifted;
    private Tensor g;
    private Tensor top;
    private Tensor guide;

    private DeepDream(Net net, String layer, Tensor image, Settings s) {
        super(s.totalSteps());
        this.net = net;
        this.layer = layer;
        this.s = s;
        this.d = net.device();
        this.random = new Random(s.seed());
        Tensor base = d.allocate(image.shape());
        d.copy(image.device() == d ? image : image.to(d), base);
        bases.add(base);
        Shape sh = image.shape();
        for (int o = 1; o < s.octaves(); o++) {
            int h = Math.round(sh.h() / (float) Math.pow(s.octaveScale(), o));
            int w = Math.round(sh.w() / (float) Math.pow(s.octaveScale(), o));
            if (h < 1 || w < 1) {
                throw new IllegalArgumentException("octave " + o + " of a " + sh.h() + "x" + sh.w() + " image is empty: "
                        + "use fewer octaves or a smaller octave scale");
            }
            Tensor b = d.allocate(Shape.of(1, sh.c(), h, w));
            d.resizeBilinear(base, b);
            bases.add(b);
        }
        octave = s.octaves() - 1;
        x = d.allocate(bases.get(octave).shape());
        d.copy(bases.get(octave), x);
        lastGood = d.allocate(x.shape());
        d.copy(x, lastGood);
    }

    /**
     * @param layer the blob whose activations to amplify
     * @param image preprocessed, 1 x C x H x W; copied
     * @throws IllegalArgumentException for an unknown blob
     */
    public static DeepDream init(Net net, String layer, Tensor image, Settings s) {
        return new DeepDream(Truncated.upTo(net, layer), layer, image, s);
    }

    /**
     * Guided dreaming: instead of {@code 1/2 |f|^2}, the objective is
     * {@code sum_p max_q <f_p(x), g_q>} over the layer's positions p of the image and q of the
     * guide's features {@code g}, so each position is pulled toward the guide feature it already
     * resembles most; the gradient at the layer is that feature. The matching stays on the device:
     * the P x Q dot products by {@link Device#gemm}, the best of each row by
     * {@link Device#oneHotArgmax}, the chosen features gathered by a second gemm; the host reads
     * the objective as one more scalar.
     *
     * @param guide the guide image, preprocessed, any size
     */
    public static DeepDream init(Net net, String layer, Tensor image, Settings s, Tensor guide) {
        DeepDream dd = new DeepDream(Truncated.upTo(net, layer), layer, image, s);
        Tensor f = dd.net.forward(guide.device() == dd.d ? guide : guide.to(dd.d), layer);
        Shape fs = f.shape();
        if (fs.rank() != 4) {
            throw new IllegalArgumentException("a guide needs a 4-D layer; '" + layer + "' is " + fs);
        }
        dd.guide = dd.d.allocate(Shape.of(fs.c(), fs.h() * fs.w()));
        dd.d.copy(f.reshape(fs.c(), fs.h() * fs.w()), dd.guide);
        return dd;
    }

    /**
     * The guided objective's top gradient: for each position p of the activations (C x P), the guide
     * column q maximizing the dot product; returns {@code sum_p max_q}.
     */
    private float guidedTop(Tensor act, Tensor out) {
        Shape as = act.shape();
        int c = as.c();
        int p = as.h() * as.w();
        int q = guide.shape().dim(1);
        try (Tensor m = d.allocate(Shape.of(p, q)); Tensor pick = d.allocate(Shape.of(p, q))) {
            d.gemm(true, false, p, q, c, 1f, act, guide, 0f, m); // m[i, j] = <f_i, g_j>
            d.oneHotArgmax(m, pick); // the best guide feature of each position
            d.gemm(false, true, c, p, q, 1f, guide, pick, 0f, out); // out[:, i] = g_best(i)
            return d.dot(m, pick); // sum_i max_j m[i, j]
        }
    }

    /** {@code 1/2 |f_l(x)|^2} at an image; leaves the forward pass in the net. */
    public float objective(Tensor at) {
        Tensor a = net.forward(at, layer);
        return 0.5f * d.dot(a, a);
    }

    @Override
    public boolean step() {
        if (done()) {
            return false;
        }
        int oy = s.jitter() == 0 ? 0 : random.nextInt(2 * s.jitter() + 1) - s.jitter();
        int ox = s.jitter() == 0 ? 0 : random.nextInt(2 * s.jitter() + 1) - s.jitter();
        Shape sh = x.shape();
        oy = oy % sh.h();
        ox = ox % sh.w();
        shifted = ensure(shifted, sh);
        g = ensure(g, sh);
        Tensor in = x;
        boolean jittered = oy != 0 || ox != 0;
        if (jittered) {
            d.circularShift(x, oy, ox, shifted);
            in = shifted;
        }
        float a = objective(in);
        Tensor act = net.blob(layer);
        top = ensure(top, act.shape());
        if (guide != null) {
            a = guidedTop(act, top);
        } else {
            d.copy(act, top);
        }
        d.copy(net.backward(layer, top, ReluMode.STANDARD), g);
        if (jittered) {
            d.circularShift(g, -oy, -ox, shifted);
            d.copy(shifted, g);
        }
        float meanAbs = d.sumAbs(g) / g.size();
        losses.clear();
        losses.put("octave", (double) (s.octaves() - octave));
        losses.put("objective", (double) a);
        check("objective", a, 1e30);
        check("mean|g|", meanAbs, 1e30);
        if (rolledBack(d, x, lastGood)) {
            return false;
        }
        if (meanAbs > 0) {
            d.axpy(s.lr() / meanAbs, g, x);
            d.clamp(x, s.lo(), s.hi(), x);
        }
        t++;
        inOctave++;
        if (inOctave == s.stepsPerOctave() && octave > 0) {
            nextOctave();
        }
        return !done();
    }

    @Override
    public void close() {
        java.util.Set<Tensor> held = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        held.addAll(bases);
        java.util.Collections.addAll(held, x, lastGood, shifted, g, top, guide);
        for (Tensor t : held) {
            if (t != null) {
                t.close();
            }
        }
        bases.clear();
        x = lastGood = shifted = g = top = guide = null;
        net.releaseBlobs(); // the truncated copy made for this run (its weights are the caller's net's)
    }

    /** t when it has this shape, else a new tensor of the shape (t closed). */
    private Tensor ensure(Tensor t, Shape shape) {
        if (t != null && t.shape().equals(shape)) {
            return t;
        }
        if (t != null) {
            t.close();
        }
        return d.allocate(shape);
    }

    /** Carries the detail {@code x - base} up to the next larger octave. */
    private void nextOctave() {
        Tensor detail = d.allocate(x.shape());
        d.sub(x, bases.get(octave), detail);
        octave--;
        inOctave = 0;
        Tensor up = d.allocate(bases.get(octave).shape());
        d.resizeBilinear(detail, up);
        detail.close();
        x.close();
        lastGood.close();
        x = up;
        d.add(bases.get(octave), x, x);
        lastGood = d.allocate(x.shape());
        d.copy(x, lastGood);
    }

    /** The current image, at the current octave's size (the full size once done). */
    @Override
    public Tensor result() {
        return x;
    }
}
