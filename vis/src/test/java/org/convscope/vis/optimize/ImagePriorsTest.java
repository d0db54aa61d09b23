package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.Approx;
import org.convscope.tensor.testing.GradCheck;
import org.junit.jupiter.api.Test;

/** The alpha-norm and total-variation regularizers against finite differences and hand values. */
class ImagePriorsTest {
    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void alphaNormGradientMatchesFiniteDifferences() {
        for (double a : new double[] {1.5, 2, 6}) {
            float[] x = random(3 * 5 * 4, 11);
            float[] g = new float[x.length];
            ImagePriors.alphaNorm(x, a, g, 1);
            GradCheck.check("alpha-norm a=" + a, x, g, v -> ImagePriors.alphaNorm(v, a, null, 0), 60, 1e-3, 2e-2, 1);
        }
    }

    @Test
    void totalVariationGradientMatchesFiniteDifferences() {
        for (double b : new double[] {1, 1.5, 2}) {
            float[] x = random(2 * 6 * 5, 12);
            float[] g = new float[x.length];
            ImagePriors.totalVariation(x, 2, 6, 5, b, g, 1);
            GradCheck.check("TV b=" + b, x, g, v -> ImagePriors.totalVariation(v, 2, 6, 5, b, null, 0), 60, 1e-3,
                    2e-2, 2);
        }
    }

    @Test
    void theDeviceOpsAgreeWithTheseHostPriors() {
        // the optimizations use Device#absPow, #absPowGradient and #totalVariation; these loops are their reference
        Device d = Devices.cpu();
        float[] x = random(2 * 7 * 6, 13);
        Tensor t = Tensor.of(d, x, 1, 2, 7, 6);
        Tensor y = d.allocate(t.shape());
        for (double a : new double[] {1.5, 2, 6}) {
            float[] g = new float[x.length];
            double host = ImagePriors.alphaNorm(x, a, g, 1);
            d.absPow(t, (float) a, y);
            assertEquals(host, d.sum(y), 1e-5 * host, "alpha-norm a=" + a);
            d.absPowGradient(t, (float) a, y);
            Approx.assertClose("alpha-norm gradient a=" + a, g, y.toArray());
        }
        for (double b : new double[] {1, 1.5, 2}) {
            float[] g = new float[x.length];
            double host = ImagePriors.totalVariation(x, 2, 7, 6, b, g, 1);
            assertEquals(host, d.totalVariation(t, (float) b, y), 1e-5 * host, "TV b=" + b);
            Approx.assertClose("TV gradient b=" + b, g, y.toArray());
        }
    }

    @Test
    void handValues() {
        // 1 x 2 x 2: [[0, 1], [2, 0]]: one (i, j) = (0, 0): dh = 1, dv = 2 -> 5^(b/2)
        float[] x = {0, 1, 2, 0};
        assertEquals(5, ImagePriors.totalVariation(x, 1, 2, 2, 2, null, 0), 1e-9);
        assertEquals(Math.sqrt(5), ImagePriors.totalVariation(x, 1, 2, 2, 1, null, 0), 1e-9);
        assertEquals(1 + 64, ImagePriors.alphaNorm(x, 6, null, 0), 1e-9);
        assertEquals(0, ImagePriors.totalVariation(new float[] {3, 3, 3, 3}, 1, 2, 2, 2, null, 0), 0);
    }
}
