package org.convscope.vis.optimize;

import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * What a finished image optimization should be told about itself: the objective that did not
 * move the right way, an image that collapsed to the mean (a blank or black picture) or ran into
 * the edges of the pixel range (a picture of pure colours). Each warning says what was measured and
 * what to change; an empty list means none of these was seen. The commands print them, so no
 * picture is written silently when the run failed.
 */
public final class Outcome {
    /** An image whose values sit within this many grey levels of the mean, on average (RMS), has collapsed. */
    public static final double COLLAPSED_GREY_LEVELS = 0.5;
    /**
     * A picture made from noise with more than this fraction of its values at 0 or 255 is saturated (a good
     * class model has well under 1%).
     */
    public static final double SATURATED_FRACTION = 0.25;
    /** The same for a picture made from a photo, which may have large white or black areas of its own. */
    public static final double SATURATED_FRACTION_PHOTO = 0.5;

    private final List<String> warnings = new ArrayList<>();

    /** The warnings, in the order found. */
    public List<String> warnings() {
        return warnings;
    }

    public boolean isEmpty() {
        return warnings.isEmpty();
    }

    /** Adds a warning (null: none). */
    public Outcome add(String warning) {
        if (warning != null) {
            warnings.add(warning);
        }
        return this;
    }

    /**
     * Whether {@code after} is better than {@code before} by more than a rounding error: for a
     * maximization higher, else lower, by at least {@code 1e-4 (|before| + |after|)} plus 1e-12.
     */
    public static boolean improved(double before, double after, boolean maximize) {
        if (!Double.isFinite(before) || !Double.isFinite(after)) {
            return Double.isFinite(after) && !Double.isFinite(before);
        }
        double margin = 1e-4 * (Math.abs(before) + Math.abs(after)) + 1e-12;
        return maximize ? after > before + margin : after < before - margin;
    }

    /**
     * "the class score did not rise (1.2e-07 -> 1.2e-07): hint" when the objective did not improve;
     * null when it did.
     */
    public static String notImproved(String what, double before, double after, boolean maximize, String hint) {
        if (improved(before, after, maximize)) {
            return null;
        }
        return String.format("%s did not %s (%.4g -> %.4g): %s", what, maximize ? "rise" : "fall", before, after, hint);
    }

    /**
     * "the image collapsed to the mean (RMS 0.01 grey levels): hint" when the RMS of {@code x}
     * (preprocessed, so 0 is the mean) is below {@link #COLLAPSED_GREY_LEVELS}; null otherwise.
     *
     * @param greyLevel one grey level in preprocessed units (the preprocessing scale)
     */
    public static String collapsed(Tensor x, float greyLevel, String hint) {
        Device d = x.device();
        double rms = d.l2Norm(x) / Math.sqrt(x.shape().size()) / greyLevel;
        if (rms >= COLLAPSED_GREY_LEVELS) {
            return null;
        }
        return String.format("the image collapsed to the mean (RMS %.3g grey levels): %s", rms, hint);
    }

    /**
     * "73% of the pixel values are at 0 or 255 (saturated): hint" when more than
     * {@link #SATURATED_FRACTION} of the values of {@code x} sit at the box's edges; null otherwise.
     *
     * @param scratch x's shape, overwritten
     */
    public static String saturated(PixelBox box, Tensor x, Tensor scratch, String hint) {
        return saturated(box, x, scratch, hint, SATURATED_FRACTION);
    }

    /** As {@link #saturated(PixelBox, Tensor, Tensor, String)} with another threshold (a fraction, 0-1). */
    public static String saturated(PixelBox box, Tensor x, Tensor scratch, String hint, double threshold) {
        double f = box.saturation(x, scratch);
        if (f <= threshold) {
            return null;
        }
        return String.format("%.0f%% of the pixel values are at 0 or 255 (saturated): %s", 100 * f, hint);
    }
}
