package org.convscope.vis.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColormapTest {

    /** L* of every tabulated entry never falls, and rises clearly over any 1/32 of the map. */
    private static void assertMonotoneLightness(Colormap map, double minRiseOverStep) {
        int[] t = map.table();
        double prev = -1;
        for (int i = 0; i < t.length; i++) {
            double l = Cielab.lightness(t[i]);
            assertTrue(l >= prev - 0.25, map + ": L* falls at entry " + i + ": " + prev + " -> " + l);
            prev = Math.max(prev, l);
        }
        for (int i = 0; i + 8 < t.length; i += 8) {
            double rise = Cielab.lightness(t[i + 8]) - Cielab.lightness(t[i]);
            assertTrue(rise > minRiseOverStep, map + ": L* rises only " + rise + " from entry " + i);
        }
    }

    @Test
    void heatLightnessIsLinearAndMonotone() {
        Colormap heat = Colormap.heat();
        assertMonotoneLightness(heat, 2.0);
        // designed as L* = 10 + 86 t: after 8-bit rounding within half a unit
        for (double t = 0; t <= 1.0; t += 0.125) {
            assertEquals(10 + 86 * t, Cielab.lightness(heat.rgb(t)), 0.6, "L* at t=" + t);
        }
        // it is a colour map, not grey: the middle carries chroma
        assertTrue(Cielab.chroma(heat.rgb(0.5)) > 40, "chroma in the middle");
    }

    @Test
    void cubehelixLightnessIsMonotone() {
        assertMonotoneLightness(Colormap.cubehelix(), 1.0);
        assertEquals(0x000000, Colormap.cubehelix().rgb(0));
        assertEquals(0xffffff, Colormap.cubehelix().rgb(1));
    }

    @Test
    void divergingIsSymmetricInLightnessAndChroma() {
        Colormap d = Colormap.diverging();
        for (int i = 0; i < Colormap.SIZE / 2; i++) {
            int lo = d.table()[i];
            int hi = d.table()[Colormap.SIZE - 1 - i];
            assertEquals(Cielab.lightness(lo), Cielab.lightness(hi), 0.6, "L* at entry " + i);
            assertEquals(Cielab.chroma(lo), Cielab.chroma(hi), 1.5, "chroma at entry " + i);
        }
        double[] neg = Cielab.fromRgb(d.rgb(0));
        double[] pos = Cielab.fromRgb(d.rgb(1));
        assertTrue(neg[2] < -20, "negative end is blue (b* < 0): " + neg[2]);
        assertTrue(pos[1] > 20, "positive end is red (a* > 0): " + pos[1]);
        assertTrue(Cielab.chroma(d.rgb(0.5)) < 2, "the centre is neutral");
        assertTrue(Cielab.lightness(d.rgb(0.5)) > 95, "the centre is the lightest");
        // lightness falls monotonically away from the centre on each side
        for (int i = 1; i < Colormap.SIZE / 2; i++) {
            assertTrue(Cielab.lightness(d.table()[i]) >= Cielab.lightness(d.table()[i - 1]) - 0.25);
        }
        assertEquals(d.rgb(0.5), d.signed(0, 3));
        assertEquals(d.rgb(0), d.signed(-3, 3));
    }

    @Test
    void clipsAndNaN() {
        Colormap heat = Colormap.heat();
        assertEquals(heat.rgb(0), heat.rgb(-5));
        assertEquals(heat.rgb(1), heat.rgb(7));
        assertEquals(heat.rgb(0), heat.rgb(Double.NaN));
    }

    @Test
    void cielabRoundTripsKnownColours() {
        assertEquals(100, Cielab.lightness(0xffffff), 0.01);
        assertEquals(0, Cielab.lightness(0x000000), 0.01);
        // sRGB red is L* 53.24, a* 80.09, b* 67.20 (D65)
        double[] red = Cielab.fromRgb(0xff0000);
        assertEquals(53.24, red[0], 0.05);
        assertEquals(80.09, red[1], 0.1);
        assertEquals(67.20, red[2], 0.1);
        double[] back = Cielab.toSrgb(red[0], red[1], red[2]);
        assertEquals(1, back[0], 1e-3);
        assertEquals(0, back[1], 1e-3);
        assertEquals(0, back[2], 1e-3);
    }
}
