package org.convscope.vis.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Snapping an embedding to grid cells. */
class EmbeddingPicturesTest {

    @Test
    void pointsOnAGridKeepTheirCells() {
        int side = 7;
        double[][] y = new double[side * side][];
        for (int i = 0; i < y.length; i++) {
            // point i at the centre of cell (row i / side, column i % side), listed in a scrambled order
            int c = (i * 17) % y.length;
            y[i] = new double[] {c % side + 0.5, c / side + 0.5};
        }
        // the bounding box of the centres is [0.5, side - 0.5]: stretch it to the full grid
        int[] cell = EmbeddingPictures.snapToGrid(y, side, side);
        for (int i = 0; i < y.length; i++) {
            assertEquals((i * 17) % y.length, cell[i], "point " + i);
        }
    }

    @Test
    void everyImageGetsItsOwnCellNearItsPoint() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 300;
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double cx = (i % 3) * 10;
            y[i] = new double[] {cx + Pca.gaussian(r), 5 * (i % 2) + Pca.gaussian(r)};
        }
        int side = 18;
        int[] cell = EmbeddingPictures.snapToGrid(y, side, side);
        Set<Integer> used = new HashSet<>();
        for (int c : cell) {
            assertTrue(c >= 0 && c < side * side);
            assertTrue(used.add(c), "cell " + c + " given twice");
        }
        // the three clusters (left, middle, right) stay in order from left to right on average
        double[] meanCol = new double[3];
        for (int i = 0; i < n; i++) {
            meanCol[i % 3] += (cell[i] % side) / (n / 3.0);
        }
        assertTrue(meanCol[0] < meanCol[1] && meanCol[1] < meanCol[2], java.util.Arrays.toString(meanCol));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingPictures.snapToGrid(y, 10, 10));
    }
}
