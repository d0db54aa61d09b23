package org.convscope.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.convscope.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * Augmentation keeps shapes (and never sees a label); crops and flips move pixels as stated; the
 * PCA colour offset lies along the eigenvectors, each scaled by its eigenvalue times N(0, sigma).
 */
class AugmentationTest {

    @Test
    void shapesKeptAndPixelsMovedAsStated() {
        Shapes s = new Shapes(9, 10, 64);
        float[] img = s.image(3);
        InputTransform t = InputTransform.plain(null, 1f).withCrop(56, true).withJitter(0.2f, 0.2f, 0.2f)
                .withPca(PcaColour.of(s, 10), 0.1f);
        assertEquals(Shape.of(1, 3, 56, 56), t.shape(s));
        float[] out = new float[3 * 56 * 56 + 5];
        t.train(img, 3, 64, 64, new SplittableRandom(1), out, 5);
        for (int i = 5; i < out.length; i++) {
            assertTrue(Float.isFinite(out[i]));
        }
        // crop + flip only: every output row is a (possibly mirrored) window of the image
        InputTransform geo = InputTransform.plain(null, 1f).withCrop(56, true);
        boolean sawFlip = false;
        boolean sawPlain = false;
        for (int seed = 0; seed < 20; seed++) {
            float[] o = new float[3 * 56 * 56];
            geo.train(img, 3, 64, 64, new SplittableRandom(seed), o, 0);
            boolean found = false;
            for (int top = 0; top <= 8 && !found; top++) {
                for (int left = 0; left <= 8 && !found; left++) {
                    for (boolean flip : new boolean[] {false, true}) {
                        if (matches(img, o, top, left, flip)) {
                            found = true;
                            sawFlip |= flip;
                            sawPlain |= !flip;
                            break;
                        }
                    }
                }
            }
            assertTrue(found, "seed " + seed + ": output is no crop of the input");
        }
        assertTrue(sawFlip && sawPlain);
        // test time: the centre crop, normalized
        float[] centre = new float[3 * 56 * 56];
        InputTransform.plain(new float[] {10, 20, 30}, 0.5f).withCrop(56, true).test(img, 3, 64, 64, centre, 0);
        assertEquals((img[64 * 64 + 4 * 64 + 4] - 20) * 0.5f, centre[56 * 56], 0f);
    }

    private static boolean matches(float[] img, float[] o, int top, int left, boolean flip) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 56; y++) {
                for (int x = 0; x < 56; x++) {
                    int sx = flip ? left + 55 - x : left + x;
                    if (o[c * 56 * 56 + y * 56 + x] != img[c * 64 * 64 + (top + y) * 64 + sx]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void eigenvectorsOfAKnownCovariance() {
        // covariance = 0.04 u u^T + 0.01 v v^T + 0.0025 w w^T with orthonormal u, v, w
        double[] u = {1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)};
        double[] v = {1 / Math.sqrt(2), -1 / Math.sqrt(2), 0};
        double[] w = {1 / Math.sqrt(6), 1 / Math.sqrt(6), -2 / Math.sqrt(6)};
        double[][] cov = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                cov[a][b] = 0.04 * u[a] * u[b] + 0.01 * v[a] * v[b] + 0.0025 * w[a] * w[b];
            }
        }
        PcaColour p = PcaColour.ofCovariance(cov);
        assertEquals(0.04, p.value(0), 1e-12);
        assertEquals(0.01, p.value(1), 1e-12);
        assertEquals(0.0025, p.value(2), 1e-12);
        double[][] expected = {u, v, w};
        for (int i = 0; i < 3; i++) {
            assertEquals(1, Math.abs(dot(p.vector(i), expected[i])), 1e-9, "eigenvector " + i);
        }
        float[] o = p.offset(new double[] {0, 2, 0});
        for (int c = 0; c < 3; c++) {
            assertEquals(255 * 2 * 0.01 * p.vector(1)[c], o[c], 1e-5);
        }
    }

    @Test
    void pcaOffsetIsAlongTheEigenvectorsScaledByEigenvalues() {
        Shapes s = new Shapes(11, 40, 32);
        PcaColour pca = PcaColour.of(s, 40);
        float sigma = 0.1f;
        InputTransform t = InputTransform.plain(null, 1f).withPca(pca, sigma);
        float[] img = s.image(0);
        int plane = 32 * 32;
        int draws = 2000;
        double[] sumSq = new double[3];
        for (int k = 0; k < draws; k++) {
            float[] o = new float[img.length];
            t.train(img, 3, 32, 32, new SplittableRandom(k), o, 0);
            double[] off = new double[3];
            for (int c = 0; c < 3; c++) {
                off[c] = o[c * plane] - img[c * plane];
                for (int i = 0; i < plane; i++) {
                    assertEquals(off[c], o[c * plane + i] - img[c * plane + i], 1e-3, "one offset per image and channel");
                }
            }
            for (int i = 0; i < 3; i++) {
                double alpha = dot(off, pca.vector(i)) / (255 * pca.value(i));
                sumSq[i] += alpha * alpha;
            }
        }
        for (int i = 0; i < 3; i++) {
            double sd = Math.sqrt(sumSq[i] / draws);
            assertEquals(sigma, sd, 0.01, "alpha_" + i + " has standard deviation sigma");
        }
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    @Test
    void sameRandomSourceSameAugmentation() {
        Shapes s = new Shapes(9, 2, 64);
        InputTransform t = InputTransform.plain(new float[] {128, 128, 128}, 1 / 64f).withCrop(48, true)
                .withJitter(0.3f, 0.3f, 0.3f).withPca(PcaColour.of(s, 2), 0.1f);
        float[] a = new float[3 * 48 * 48];
        float[] b = new float[3 * 48 * 48];
        t.train(s.image(1), 3, 64, 64, new SplittableRandom(77), a, 0);
        t.train(s.image(1), 3, 64, 64, new SplittableRandom(77), b, 0);
        assertArrayEquals(a, b);
    }
}
