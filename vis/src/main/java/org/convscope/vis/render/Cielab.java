package org.convscope.vis.render;

/**
 * sRGB &lt;-&gt; CIELAB (D65 white) conversions, used to design the colormaps and to test them.
 *
 * <p>The chain is the standard one: sRGB companding ({@code c <= 0.04045 ? c/12.92 :
 * ((c+0.055)/1.055)^2.4}), the sRGB-to-XYZ matrix (IEC 61966-2-1), and CIE 1976 L*a*b* with the
 * cube-root function {@code f(t) = t > (6/29)^3 ? t^(1/3) : t/(3 (6/29)^2) + 4/29}:
 * {@code L* = 116 f(Y/Yn) - 16}, {@code a* = 500 (f(X/Xn) - f(Y/Yn))}, {@code b* = 200 (f(Y/Yn) - f(Z/Zn))}.
 * L* is perceived lightness (0 black, 100 white); chroma is {@code sqrt(a*^2 + b*^2)}.
 */
public final class Cielab {
    private static final double XN = 0.95047;
    private static final double YN = 1.0;
    private static final double ZN = 1.08883;
    private static final double D = 6.0 / 29.0;

    private Cielab() {
    }

    /** L*, a*, b* of an sRGB colour given as {@code 0xRRGGBB}. */
    public static double[] fromRgb(int rgb) {
        double r = linear(((rgb >> 16) & 0xff) / 255.0);
        double g = linear(((rgb >> 8) & 0xff) / 255.0);
        double b = linear((rgb & 0xff) / 255.0);
        double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
        double fx = f(x / XN);
        double fy = f(y / YN);
        double fz = f(z / ZN);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    /** Perceived lightness L* (0..100) of {@code 0xRRGGBB}. */
    public static double lightness(int rgb) {
        return fromRgb(rgb)[0];
    }

    /** Chroma {@code sqrt(a*^2 + b*^2)} of {@code 0xRRGGBB}. */
    public static double chroma(int rgb) {
        double[] lab = fromRgb(rgb);
        return Math.hypot(lab[1], lab[2]);
    }

    /**
     * Gamma-encoded sRGB components in [0,1] (unclipped, so a caller can tell
     * whether the colour is inside the gamut) of L*, a*, b*.
     */
    public static double[] toSrgb(double l, double a, double bStar) {
        double fy = (l + 16) / 116;
        double fx = fy + a / 500;
        double fz = fy - bStar / 200;
        double x = XN * finv(fx);
        double y = YN * finv(fy);
        double z = ZN * finv(fz);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return new double[] {encode(r), encode(g), encode(b)};
    }

    /** sRGB components of the CIE LCh(ab) colour (hue in degrees). */
    public static double[] lchToSrgb(double l, double c, double hueDegrees) {
        double h = Math.toRadians(hueDegrees);
        return toSrgb(l, c * Math.cos(h), c * Math.sin(h));
    }

    /** Whether every component lies in [0,1] (with a small tolerance for rounding). */
    public static boolean inGamut(double[] srgb) {
        for (double v : srgb) {
            if (v < -1e-9 || v > 1 + 1e-9) {
                return false;
            }
        }
        return true;
    }

    /**
     * The largest chroma, up to {@code wanted}, at which LCh(l, c, hue) is inside the sRGB gamut
     * (bisection; chroma 0 is always inside for 0 &lt;= l &lt;= 100). Lightness and hue are kept:
     * this is how the colormaps stay exact in L*.
     */
    public static double maxChroma(double l, double hueDegrees, double wanted) {
        if (inGamut(lchToSrgb(l, wanted, hueDegrees))) {
            return wanted;
        }
        double lo = 0;
        double hi = wanted;
        for (int i = 0; i < 40; i++) {
            double mid = 0.5 * (lo + hi);
            if (inGamut(lchToSrgb(l, mid, hueDegrees))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@code 0xRRGGBB} of sRGB components in [0,1] (clipped, rounded). */
    public static int pack(double r, double g, double b) {
        return (to8(r) << 16) | (to8(g) << 8) | to8(b);
    }

    static int to8(double v) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= 1 ? 255 : (int) Math.round(v * 255);
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double encode(double c) {
        if (c <= 0.0031308) {
            return 12.92 * c;
        }
        return 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
    }

    private static double f(double t) {
        return t > D * D * D ? Math.cbrt(t) : t / (3 * D * D) + 4.0 / 29.0;
    }

    private static double finv(double t) {
        return t > D ? t * t * t : 3 * D * D * (t - 4.0 / 29.0);
    }
}
