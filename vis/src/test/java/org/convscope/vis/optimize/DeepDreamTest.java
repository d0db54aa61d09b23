package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.demo.DemoModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DeepDream on the demo model. */
class DeepDreamTest {
    static Net net;
    static final Shape IN = Shape.of(1, 3, DemoModel.CROP, DemoModel.CROP);
    static final float LO = -128 * DemoModel.SCALE;
    static final float HI = 127 * DemoModel.SCALE;

    @BeforeAll
    static void load() throws IOException {
        net = DemoModel.load(Devices.cpu());
    }

    /** A bright disc in the left half of a flat grey image (the right half has nothing to see). */
    static Tensor discLeft() {
        float[] v = new float[IN.size()];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 56; i++) {
                for (int j = 0; j < 56; j++) {
                    boolean in = (i - 28) * (i - 28) + (j - 14) * (j - 14) < 100;
                    v[(c * 56 + i) * 56 + j] = (in ? 100f - 40 * c : 0f) * DemoModel.SCALE;
                }
            }
        }
        return Tensor.of(Devices.cpu(), v, IN.dims());
    }

    @Test
    void oneStepRaisesTheObjective() {
        Tensor x = discLeft();
        DeepDream dd = DeepDream.init(net, "conv2", x, DeepDream.Settings.defaults(DemoModel.SCALE, LO, HI)
                .withOctaves(1, 5).withJitter(0));
        float before = dd.objective(x);
        dd.step();
        float after = dd.objective(dd.result());
        assertTrue(after > before, before + " -> " + after);
    }

    @Test
    void oneGuidedStepRaisesTheGuidedObjective() {
        Tensor x = discLeft();
        Tensor guide = Tensor.normal(Devices.cpu(), 4, 0f, 1f, 1, 3, 40, 40);
        DeepDream.Settings s = DeepDream.Settings.defaults(DemoModel.SCALE, LO, HI).withOctaves(1, 5).withJitter(0);
        DeepDream dd = DeepDream.init(net, "conv2", x, s, guide);
        dd.step();
        double first = dd.losses().get("objective");
        dd.step();
        double second = dd.losses().get("objective");
        assertTrue(second > first, "sum of best matches " + first + " -> " + second);
    }

    @Test
    void theImageChangesMostWhereTheLayerWasMostActive() {
        Tensor x = discLeft();
        float[] a = net.forward(x, "conv2").toArray();
        Shape as = net.shape("conv2");
        int ah = as.h();
        int aw = as.w();
        // activation energy per position of conv2, summed over channels
        double[] energy = new double[ah * aw];
        for (int c = 0; c < as.c(); c++) {
            for (int p = 0; p < ah * aw; p++) {
                energy[p] += (double) a[c * ah * aw + p] * a[c * ah * aw + p];
            }
        }
        DeepDream dd = DeepDream.init(net, "conv2", x, DeepDream.Settings.defaults(DemoModel.SCALE, LO, HI)
                .withOctaves(1, 10).withJitter(0));
        while (dd.step()) {
            // the caller owns the loop
        }
        float[] x0 = x.toArray();
        float[] x1 = dd.result().toArray();
        // mean |change| of the input pixels under the most and the least active quarter of conv2's positions
        double[] sorted = energy.clone();
        java.util.Arrays.sort(sorted);
        double hiCut = sorted[(int) (0.75 * (sorted.length - 1))];
        double loCut = sorted[(int) (0.25 * (sorted.length - 1))];
        double hiSum = 0;
        double loSum = 0;
        int hiN = 0;
        int loN = 0;
        for (int i = 0; i < 56; i++) {
            for (int j = 0; j < 56; j++) {
                double e = energy[Math.min(ah - 1, i * ah / 56) * aw + Math.min(aw - 1, j * aw / 56)];
                double change = 0;
                for (int c = 0; c < 3; c++) {
                    int k = (c * 56 + i) * 56 + j;
                    change += Math.abs(x1[k] - x0[k]);
                }
                if (e >= hiCut) {
                    hiSum += change;
                    hiN++;
                } else if (e <= loCut) {
                    loSum += change;
                    loN++;
                }
            }
        }
        double hiMean = hiSum / hiN;
        double loMean = loSum / loN;
        assertTrue(hiMean > 2 * loMean, "change where active " + hiMean + " vs where quiet " + loMean);
    }

    @Test
    void octavesEndAtTheFullSizeAndRepeatBitForBit() {
        float[][] runs = new float[2][];
        for (int r = 0; r < 2; r++) {
            DeepDream dd = DeepDream.init(net, "conv2", discLeft(), DeepDream.Settings.defaults(DemoModel.SCALE, LO, HI)
                    .withOctaves(3, 3).withJitter(4));
            int steps = 0;
            while (dd.step()) {
                steps++;
            }
            assertEquals(9, dd.iteration());
            assertEquals(IN, dd.result().shape());
            runs[r] = dd.result().toArray();
        }
        assertArrayEquals(runs[0], runs[1], 0f);
    }
}
