package org.convscope.vis.attribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.convscope.nn.Net;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The model-randomization sanity check (Adebayo et al. 2018, "Sanity checks for saliency maps"):
 * a map that explains the model must change when the model's learned weights are replaced by
 * random ones. The top layers of the trained LeNet are re-randomized in cascade ({@code ip2},
 * then {@code ip1} too) and the Spearman rank correlation of the saliency with and without is
 * compared with a control: the saliency of a second, independently trained LeNet (same
 * architecture and data), i.e. of a model that learned the same task.
 *
 * <p>Measured on test digits 0-7 (signed gradient): re-randomized ip2 -0.22..0.32, ip1 and ip2
 * -0.12..0.11, the whole net -0.11..0.01; the independently trained LeNet 0.52..0.64. The
 * threshold {@value #THRESHOLD} lies between: a saliency method that ignored the top layers (an
 * edge detector, or the input itself) would stay near the control, not fall below it.
 *
 * <p>The absolute maps {@code |gradient|} keep more in common whatever the weights (about 0.5 even
 * for a fully random net: which pixels any LeNet can reach, and the zero gradients at the
 * borders, are geometry, not learning), as Adebayo et al. also observe for absolute values; for
 * them the test only asks that randomizing ip1 and ip2 falls clearly below the control on average.
 */
class RandomizationSanityTest {
    private static final int[] DIGITS = {0, 1, 2, 3, 4, 5, 6, 7};

    /** |rho| of the signed maps below this: "differs clearly" (see the class comment). */
    private static final double THRESHOLD = 0.4;

    @Test
    void saliencyChangesWhenTheTopLayersAreRandomized() throws Exception {
        Net trained = Mnist.lenet();
        java.nio.file.Path d1 = org.convscope.tensor.testing.TestData.require("models/lenet_mnist_v1");
        Net control = Net.load(d1.resolve("lenet.prototxt"), d1.resolve("lenet_iter_10000.caffemodel"), Devices.cpu());
        String scores = ClassScores.scoreBlob(trained);
        double absBoth = 0;
        double absControl = 0;
        for (int k : DIGITS) {
            Tensor x = Mnist.digit(k);
            int cls = ClassScores.predicted(trained, x, scores);
            Saliency.Result real = Saliency.compute(trained, x, scores, cls);
            Saliency.Result again = Saliency.compute(Mnist.lenet(), x, scores, cls);
            assertTrue(spearman(real.gradient().toArray(), again.gradient().toArray()) > 0.999,
                    "the same weights give the same map");

            Net top = Mnist.lenet();
            randomize(top, "ip2", 100 + k);
            Saliency.Result rTop = Saliency.compute(top, x, scores, cls);
            Net both = Mnist.lenet();
            randomize(both, "ip2", 100 + k);
            randomize(both, "ip1", 200 + k);
            Saliency.Result rBoth = Saliency.compute(both, x, scores, cls);
            Saliency.Result other = Saliency.compute(control, x, scores, cls);

            float[] g = real.gradient().toArray();
            double rhoTop = spearman(g, rTop.gradient().toArray());
            double rhoBoth = spearman(g, rBoth.gradient().toArray());
            double rhoControl = spearman(g, other.gradient().toArray());
            System.out.printf("digit %d (class %d): rank correlation of the gradient with ip2 randomized %.3f, "
                    + "ip1+ip2 %.3f, independently trained LeNet %.3f%n", k, cls, rhoTop, rhoBoth, rhoControl);
            assertTrue(Math.abs(rhoTop) < THRESHOLD, "digit " + k + ": ip2 randomized, rho " + rhoTop);
            assertTrue(Math.abs(rhoBoth) < THRESHOLD, "digit " + k + ": ip1 and ip2 randomized, rho " + rhoBoth);
            assertTrue(rhoControl > THRESHOLD, "digit " + k + ": two trained LeNets should agree, rho " + rhoControl);

            absBoth += spearman(real.map().toArray(), rBoth.map().toArray()) / DIGITS.length;
            absControl += spearman(real.map().toArray(), other.map().toArray()) / DIGITS.length;
        }
        System.out.printf("absolute maps, mean rank correlation: ip1+ip2 randomized %.3f, independently trained %.3f%n",
                absBoth, absControl);
        assertTrue(absBoth < absControl - 0.1, "absolute maps: randomized " + absBoth + " vs control " + absControl);
    }

    /** Replaces a layer's weights and bias with N(0, 2/fan_in) and N(0, 0.1^2), as {@code Net.randomizeWeights}. */
    private static void randomize(Net net, String layer, long seed) {
        long s = seed;
        for (Param p : net.layer(layer).params()) {
            int[] dims = p.shape().dims();
            int fanIn = dims.length > 1 ? p.shape().size() / dims[0] : 1;
            float std = p.role().equals("bias") ? 0.1f : (float) Math.sqrt(2.0 / fanIn);
            p.set(Tensor.normal(Devices.cpu(), s++, 0f, std, dims));
        }
    }

    /** Spearman's rho: the Pearson correlation of the ranks (ties get their mean rank). */
    static double spearman(float[] a, float[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < ra.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double[] ranks(float[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Float.compare(v[i], v[j]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                r[order[t]] = mean;
            }
            i = j + 1;
        }
        return r;
    }
}
