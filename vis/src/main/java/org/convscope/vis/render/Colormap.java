package org.convscope.vis.render;

import java.util.function.DoubleFunction;

/**
 * A map from a value in [0,1] to an sRGB colour, tabulated at {@value #SIZE} entries.
 *
 * <p>Maps:
 * <ul>
 *   <li>{@link #heat()}: the default sequential map for heat maps, designed in CIE LCh(ab): lightness
 *       rises linearly, {@code L*(t) = 10 + 86 t}, the hue turns from violet (300 deg) through
 *       magenta and red to yellow (460 deg = 100 deg), and the chroma follows
 *       {@code C(t) = 78 sin(pi t)^0.6}, reduced at each (L*, hue) to the largest chroma inside the sRGB
 *       gamut. Only chroma is ever reduced, so L* is exactly linear in t before 8-bit rounding: the
 *       map reads the same in grey scale and to colour-blind readers.</li>
 *   <li>{@link #cubehelix(double, double, double, double)}: D. A. Green's cubehelix (Bull. Astr.
 *       Soc. India 39, 289, 2011): a helix around the grey diagonal of the RGB cube whose
 *       brightness rises monotonically; {@link #cubehelix()} uses Green's defaults
 *       (start 0.5, rotations -1.5, hue 1.0, gamma 1.0).</li>
 *   <li>{@link #diverging()}: for signed values, designed in CIE LCh(ab): 0.5 is a near-white
 *       neutral (L* 97), the two ends are a blue (hue 285 deg) and a red (hue 40 deg) of the same
 *       lightness L* 40 and the same chroma, so {@code t} and {@code 1 - t} differ in hue only.</li>
 *   <li>{@link #grey()}: black to white, for reference.</li>
 * </ul>
 * NaN maps to the colour of 0.
 */
public final class Colormap {
    /** Number of tabulated entries; {@code rgb(t)} returns entry {@code round(t * (SIZE - 1))}. */
    public static final int SIZE = 256;

    private static final Colormap HEAT = new Colormap("heat", Colormap::heatSrgb);
    private static final Colormap CUBEHELIX = cubehelix(0.5, -1.5, 1.0, 1.0);
    private static final Colormap DIVERGING = new Colormap("diverging", Colormap::divergingSrgb);
    private static final Colormap GREY = new Colormap("grey", t -> new double[] {t, t, t});

    private final String name;
    private final int[] table = new int[SIZE];

    private Colormap(String name, DoubleFunction<double[]> srgb) {
        this.name = name;
        for (int i = 0; i < SIZE; i++) {
            double[] c = srgb.apply(i / (double) (SIZE - 1));
            table[i] = Cielab.pack(c[0], c[1], c[2]);
        }
    }

    /** The default sequential map (see the class comment). */
    public static Colormap heat() {
        return HEAT;
    }

    /** Green's cubehelix with his default parameters. */
    public static Colormap cubehelix() {
        return CUBEHELIX;
    }

    /**
     * Green's cubehelix. For {@code l in [0,1]}: {@code lg = l^gamma}, {@code amp = hue * lg (1 - lg) / 2},
     * {@code phi = 2 pi (start/3 + 1 + rotations * l)}, and
     * {@code R = lg + amp (-0.14861 cos phi + 1.78277 sin phi)},
     * {@code G = lg + amp (-0.29227 cos phi - 0.90649 sin phi)}, {@code B = lg + amp (1.97294 cos phi)},
     * clipped to [0,1].
     *
     * @param start     start colour: 0 blue, 1 red, 2 green (Green's "start")
     * @param rotations R -> G -> B turns over the whole map (negative turns the other way)
     * @param hue       saturation of the helix (0 gives grey)
     * @param gamma     exponent on the intensity (below 1 brightens the low end)
     */
    public static Colormap cubehelix(double start, double rotations, double hue, double gamma) {
        return new Colormap(String.format(java.util.Locale.ROOT, "cubehelix(%s,%s,%s,%s)", start, rotations, hue, gamma),
                l -> {
                    double lg = Math.pow(l, gamma);
                    double amp = hue * lg * (1 - lg) / 2;
                    double phi = 2 * Math.PI * (start / 3 + 1 + rotations * l);
                    double c = Math.cos(phi);
                    double s = Math.sin(phi);
                    return new double[] {
                        lg + amp * (-0.14861 * c + 1.78277 * s),
                        lg + amp * (-0.29227 * c - 0.90649 * s),
                        lg + amp * (1.97294 * c)};
                });
    }

    /** The diverging map for signed values (see the class comment); use {@link #signed} to map a value. */
    public static Colormap diverging() {
        return DIVERGING;
    }

    /** Black to white. */
    public static Colormap grey() {
        return GREY;
    }

    /** The map named {@code heat}, {@code cubehelix}, {@code diverging} or {@code grey}. */
    public static Colormap named(String name) {
        return switch (name) {
            case "heat" -> HEAT;
            case "cubehelix" -> CUBEHELIX;
            case "diverging" -> DIVERGING;
            case "grey", "gray" -> GREY;
            default -> throw new IllegalArgumentException("unknown colormap '" + name
                    + "' (known: heat, cubehelix, diverging, grey)");
        };
    }

    public String name() {
        return name;
    }

    /** {@code 0xRRGGBB} of {@code t}, clipped to [0,1]; NaN gives the colour of 0. */
    public int rgb(double t) {
        if (!(t > 0)) {
            return table[0];
        }
        if (t >= 1) {
            return table[SIZE - 1];
        }
        return table[(int) Math.round(t * (SIZE - 1))];
    }

    /** {@code 0xRRGGBB} of a signed value: {@code rgb(0.5 + 0.5 * v / maxAbs)}, so 0 is the middle colour. */
    public int signed(double v, double maxAbs) {
        return rgb(maxAbs > 0 ? 0.5 + 0.5 * v / maxAbs : 0.5);
    }

    /** A copy of the {@value #SIZE} tabulated colours. */
    public int[] table() {
        return table.clone();
    }

    @Override
    public String toString() {
        return "Colormap[" + name + "]";
    }

    private static double[] heatSrgb(double t) {
        double l = 10 + 86 * t;
        double hue = 300 + 160 * t;
        double wanted = 78 * Math.pow(Math.sin(Math.PI * t), 0.6);
        double c = Cielab.maxChroma(l, hue, wanted);
        return clip(Cielab.lchToSrgb(l, c, hue));
    }

    private static final double DIV_MID_L = 97;
    private static final double DIV_END_L = 40;
    private static final double DIV_NEG_HUE = 285;
    private static final double DIV_POS_HUE = 40;

    private static double[] divergingSrgb(double t) {
        double u = 2 * t - 1; // -1 .. 1
        double s = Math.abs(u);
        double l = DIV_MID_L - (DIV_MID_L - DIV_END_L) * s;
        double wanted = 70 * Math.pow(s, 0.8);
        // the same chroma on both sides: the smaller of the two hues' gamut limits
        double c = Math.min(Cielab.maxChroma(l, DIV_NEG_HUE, wanted), Cielab.maxChroma(l, DIV_POS_HUE, wanted));
        return clip(Cielab.lchToSrgb(l, c, u < 0 ? DIV_NEG_HUE : DIV_POS_HUE));
    }

    private static double[] clip(double[] c) {
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.max(0, Math.min(1, c[i]));
        }
        return c;
    }
}
