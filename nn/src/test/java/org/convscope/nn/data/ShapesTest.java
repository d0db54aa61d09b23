package org.convscope.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The shapes generator: deterministic by seed (in any order), every class present, 0-255 BGR images. */
class ShapesTest {

    @Test
    void sameSeedSameImagesInAnyOrder() {
        Shapes a = new Shapes(7, 30, 64);
        Shapes b = new Shapes(7, 30, 64);
        float[] last = b.image(29); // b is read backwards
        for (int i = 29; i >= 0; i--) {
            assertArrayEquals(a.image(i), b.image(i), "image " + i);
            assertEquals(a.label(i), b.label(i));
        }
        assertArrayEquals(last, a.image(29));
    }

    @Test
    void otherSeedOtherImages() {
        Shapes a = new Shapes(7, 10, 64);
        Shapes b = new Shapes(8, 10, 64);
        for (int i = 0; i < 10; i++) {
            assertFalse(Arrays.equals(a.image(i), b.image(i)), "image " + i);
            assertEquals(a.label(i), b.label(i), "labels cycle through the classes");
        }
    }

    @Test
    void everyClassPresentAndBalanced() {
        Shapes s = new Shapes(1, 95, 48);
        int[] count = new int[Shapes.CLASSES.size()];
        for (int i = 0; i < s.size(); i++) {
            count[s.label(i)]++;
        }
        for (int c = 0; c < count.length; c++) {
            assertTrue(count[c] == 9 || count[c] == 10, Shapes.CLASSES.get(c) + ": " + count[c]);
        }
        assertEquals(10, s.classNames().size());
    }

    @Test
    void imagesAreWholeNumbersInRangeAndNotFlat() {
        Shapes s = new Shapes(2, 20, 64);
        for (int i = 0; i < s.size(); i++) {
            float[] v = s.image(i);
            assertEquals(3 * 64 * 64, v.length);
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (float f : v) {
                assertTrue(f >= 0 && f <= 255 && f == Math.round(f));
                lo = Math.min(lo, f);
                hi = Math.max(hi, f);
            }
            assertTrue(hi - lo > 60, "a shape stands out from its background: range " + (hi - lo));
        }
    }

    @Test
    void cacheHoldsTheSameImages() {
        Shapes s = new Shapes(4, 12, 32);
        CachedDataset c = CachedDataset.of(s);
        for (int i = 0; i < s.size(); i++) {
            assertArrayEquals(s.image(i), c.image(i));
            assertEquals(s.label(i), c.label(i));
        }
        Dataset r = c.range(2, 5);
        assertEquals(3, r.size());
        assertArrayEquals(s.image(3), r.image(1));
    }
}
