package org.convscope.vis.render;

import java.util.ArrayList;
import java.util.List;

/**
 * How values become display intensities in [0,1]: the Deep Visualization Toolbox's display modes
 * (Yosinski et al. 2015), a gamma boost, and per-map or shared normalization.
 *
 * <p>Modes, for planes {@code x} (any number of channels unless said):
 * <ul>
 *   <li>{@link Mode#RAW}: values are pixels already: {@code clip(x, 0, 255) / 255}; colour kept.</li>
 *   <li>{@link Mode#GRAY}: the mean over channels, centred: {@code 0.5 + 0.5 x / max|x|}, so 0 is
 *       grey 128 (as DVT's "gray" view of a signed gradient).</li>
 *   <li>{@link Mode#CENTRED}: as GRAY but every channel kept: a signed RGB gradient with 0 at grey
 *       (DVT's "raw" back-propagation view).</li>
 *   <li>{@link Mode#NORM}: {@code (x - min) / (max - min)}, filling the whole range; colour kept.</li>
 *   <li>{@link Mode#NORMBLUR}: each channel Gaussian-blurred with {@link #blurSigma()} pixels,
 *       then NORM.</li>
 * </ul>
 * DVT's norm and normblur views of a gradient first take the L2 norm over the colour channels;
 * here that is an explicit step the caller takes ({@link Planes#channelNorm()}), so the modes
 * also serve colour images.
 *
 * <p>{@link #gamma()} boosts faint values after the mapping to [0,1]: {@code u^gamma} (gamma &lt; 1
 * brightens), or for the centred modes {@code 0.5 + 0.5 sign(s) |s|^gamma} with {@code s = 2u - 1}.
 * With {@link #shared()} one min/max (or max |x|) is taken over every map of a call to
 * {@link #apply(List)}, so maps compare with each other; otherwise each map fills the range alone.
 */
public record Display(Mode mode, double gamma, boolean shared, double blurSigma) {

    /** The display modes (see the class comment). */
    public enum Mode {
        RAW, GRAY, CENTRED, NORM, NORMBLUR;

        /** The mode named as DVT names it: {@code raw}, {@code gray}, {@code centred}, {@code norm}, {@code normblur}. */
        public static Mode named(String name) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            if (name.equalsIgnoreCase("grey")) {
                return GRAY;
            }
            if (name.equalsIgnoreCase("centered")) {
                return CENTRED;
            }
            throw new IllegalArgumentException("unknown display mode '" + name + "' (known: raw, gray, centred, norm, normblur)");
        }

        boolean centred() {
            return this == GRAY || this == CENTRED;
        }
    }

    /** Default blur for NORMBLUR, in pixels of the displayed map. */
    public static final double DEFAULT_BLUR_SIGMA = 2.0;

    public Display {
        if (mode == null) {
            throw new IllegalArgumentException("display mode is required");
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be positive and finite, got " + gamma);
        }
        if (blurSigma < 0 || Double.isNaN(blurSigma)) {
            throw new IllegalArgumentException("blur sigma must be >= 0, got " + blurSigma);
        }
    }

    /** {@code mode} with gamma 1, per-map normalization and the default blur. */
    public static Display of(Mode mode) {
        return new Display(mode, 1.0, false, DEFAULT_BLUR_SIGMA);
    }

    public Display withGamma(double g) {
        return new Display(mode, g, shared, blurSigma);
    }

    public Display withShared(boolean s) {
        return new Display(mode, gamma, s, blurSigma);
    }

    public Display withBlurSigma(double sigma) {
        return new Display(mode, gamma, shared, sigma);
    }

    /** The step before normalization: channel mean for GRAY, the blur for NORMBLUR, nothing otherwise. */
    public Planes prepare(Planes p) {
        return switch (mode) {
            case GRAY -> p.channelMean();
            case NORMBLUR -> Resample.gaussianBlur(p, blurSigma);
            default -> p;
        };
    }

    /** The range this mode maps onto [0,1] for prepared planes. */
    public Range range(Planes prepared) {
        return switch (mode) {
            case RAW -> new Range(0, 255);
            case GRAY, CENTRED -> Range.symmetric(prepared.data());
            case NORM, NORMBLUR -> Range.of(prepared.data());
        };
    }

    /** Prepared planes mapped onto [0,1] through {@code range}, with the gamma boost. */
    public Planes toUnit(Planes prepared, Range range) {
        float[] in = prepared.data();
        float[] out = new float[in.length];
        boolean centred = mode.centred();
        for (int i = 0; i < in.length; i++) {
            float u = range.unit(in[i]);
            if (centred && range.hi() <= range.lo()) {
                u = 0.5f; // all zeros: grey, not black
            }
            out[i] = boost(u, centred);
        }
        return new Planes(prepared.channels(), prepared.height(), prepared.width(), out);
    }

    /** One map shown alone. */
    public Planes apply(Planes p) {
        Planes q = prepare(p);
        return toUnit(q, range(q));
    }

    /** Many maps, each alone or with one shared range (see {@link #shared()}). */
    public List<Planes> apply(List<Planes> maps) {
        List<Planes> prepared = new ArrayList<>(maps.size());
        for (Planes p : maps) {
            prepared.add(prepare(p));
        }
        Range common = null;
        if (shared) {
            for (Planes q : prepared) {
                Range r = range(q);
                common = common == null ? r : common.union(r);
            }
        }
        List<Planes> out = new ArrayList<>(maps.size());
        for (Planes q : prepared) {
            out.add(toUnit(q, common != null ? common : range(q)));
        }
        return out;
    }

    private float boost(float u, boolean centred) {
        if (gamma == 1.0) {
            return u;
        }
        if (centred) {
            float s = 2 * u - 1;
            float b = (float) Math.pow(Math.abs(s), gamma);
            return 0.5f + 0.5f * Math.signum(s) * b;
        }
        return (float) Math.pow(u, gamma);
    }
}
