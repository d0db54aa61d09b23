package org.convscope.vis.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.convscope.nn.Net;
import org.convscope.nn.NetBuilder;
import org.convscope.tensor.Devices;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Guided backprop, the deconvnet and Grad-CAM on tiny nets whose weights are set by hand, against
 * the rules written out here with plain loops.
 */
class HandNetsTest {

    // ------------------------------------------------------------------ guided backprop and deconvnet

    /**
     * data 1x1x4x4 -> conv1 (1x1, two filters: +1 and -1, no bias) -> relu1 -> pool1 (MAX 2x2/2)
     * -> fc (one output). Channel 0 of conv1 is x, channel 1 is -x.
     */
    private static final float[] X = {
        1, -2, 3, 0.5f,
        -1, 4, -3, 2,
        2, -1, -4, 1,
        0.5f, 3, 1.5f, -2};
    private static final float[] FC = {0.5f, -1, 2, -0.5f, -1.5f, 1, 0.25f, -2};

    private static Net tiny() {
        Net net = Net.fromDef(new NetBuilder("tiny", 1, 1, 4, 4)
                .conv("conv1", "data", "conv1", 2, 1, 1, 0, 1)
                .relu("relu1", "conv1")
                .pool("pool1", "conv1", "pool1", "MAX", 2, 2, 0)
                .fc("fc", "pool1", "fc", 1)
                .build(), Devices.cpu());
        set(net, "conv1", new float[] {1, -1}, new int[] {2, 1, 1, 1}, 2);
        set(net, "fc", FC, new int[] {1, 8}, 1);
        return net;
    }

    private static void set(Net net, String layer, float[] w, int[] dims, int biases) {
        net.layer(layer).params().get(0).set(Tensor.of(Devices.cpu(), w, dims));
        net.layer(layer).params().get(1).set(Tensor.zeros(Devices.cpu(), biases));
    }

    /** relu1's output: channel 0 max(x,0), channel 1 max(-x,0). */
    private static float[] rectified() {
        float[] r = new float[32];
        for (int i = 0; i < 16; i++) {
            r[i] = Math.max(X[i], 0);
            r[16 + i] = Math.max(-X[i], 0);
        }
        return r;
    }

    /** For each of the 8 pool outputs, the flat index in relu1's output of its window's maximum. */
    private static int[] switches() {
        float[] r = rectified();
        int[] s = new int[8];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    int best = -1;
                    for (int di = 0; di < 2; di++) {
                        for (int dj = 0; dj < 2; dj++) {
                            int k = c * 16 + (2 * i + di) * 4 + 2 * j + dj;
                            if (best < 0 || r[k] > r[best]) {
                                best = k;
                            }
                        }
                    }
                    s[c * 4 + i * 2 + j] = best;
                }
            }
        }
        return s;
    }

    /** The signal from fc down to the input under a ReLU rule, by hand. */
    private static float[] byHand(ReluMode mode) {
        float[] conv = new float[32];
        for (int i = 0; i < 16; i++) {
            conv[i] = X[i];
            conv[16 + i] = -X[i];
        }
        int[] sw = switches();
        float[] dr = new float[32]; // unpooled: fc's weights at the switches
        for (int u = 0; u < 8; u++) {
            dr[sw[u]] += FC[u];
        }
        float[] dc = new float[32];
        for (int k = 0; k < 32; k++) {
            dc[k] = switch (mode) {
                case STANDARD -> conv[k] > 0 ? dr[k] : 0;
                case DECONVNET -> Math.max(dr[k], 0);
                case GUIDED -> conv[k] > 0 ? Math.max(dr[k], 0) : 0;
            };
        }
        float[] dx = new float[16];
        for (int i = 0; i < 16; i++) {
            dx[i] = 1 * dc[i] + (-1) * dc[16 + i]; // transposed 1x1 convolution
        }
        return dx;
    }

    @Test
    void theSwitchesAreWhereTheHandSaysSoTheTestIsNotVacuous() {
        // no ties, and both channels take their maxima from mixed-sign windows
        assertArrayEquals(new int[] {5, 2, 13, 14, 16 + 1, 16 + 6, 16 + 9, 16 + 10}, switches());
    }

    @Test
    void guidedBackpropEqualsTheHandComputation() {
        Net net = tiny();
        Tensor x = Tensor.of(Devices.cpu(), X, 1, 1, 4, 4);
        GuidedBackprop.Result g = GuidedBackprop.forClass(net, x, "fc", 0);
        float[] expected = byHand(ReluMode.GUIDED);
        assertArrayEquals(expected, g.gradient().toArray(), 1e-6f);
        // written out: only the positive fc weights (0.5, 2 on channel 0; 1, 0.25 on channel 1) come down,
        // each at its switch, channel 1 through the -1 filter
        assertArrayEquals(new float[] {
            0, 0, 0, 0,
            0, 0.5f, -1, 0,
            0, -0.25f, 0, 0,
            0, 2, 0, 0}, g.gradient().toArray(), 1e-6f);
        float[] standard = byHand(ReluMode.STANDARD);
        assertFalse(Arrays.equals(standard, expected), "guided differs from plain backprop here");
        assertArrayEquals(standard, Saliency.compute(net, x, "fc", 0).gradient().toArray(), 1e-6f);
    }

    @Test
    void deconvnetEqualsTheHandComputation() {
        Net net = tiny();
        Tensor x = Tensor.of(Devices.cpu(), X, 1, 1, 4, 4);
        net.forward(x, "fc");
        float[] viaNet = net.backward("fc", Tensor.of(Devices.cpu(), new float[] {1}, 1, 1), ReluMode.DECONVNET)
                .toArray();
        float[] expected = byHand(ReluMode.DECONVNET);
        assertArrayEquals(expected, viaNet, 1e-6f);

        // from relu1's output with a signed signal everywhere: the deconvnet passes max(dy, 0) even where
        // conv1 was negative, guided backprop only where it was positive
        float[] top = new float[32];
        for (int k = 0; k < 32; k++) {
            top[k] = ((k * 7) % 5 - 2) * 0.5f;
        }
        net.forward(x, "conv1");
        float[] deconv = net.backward("conv1", Tensor.of(Devices.cpu(), top, 1, 2, 4, 4), ReluMode.DECONVNET).toArray();
        float[] guided = net.backward("conv1", Tensor.of(Devices.cpu(), top, 1, 2, 4, 4), ReluMode.GUIDED).toArray();
        float[] deconvByHand = new float[16];
        float[] guidedByHand = new float[16];
        for (int i = 0; i < 16; i++) {
            deconvByHand[i] = Math.max(top[i], 0) - Math.max(top[16 + i], 0);
            guidedByHand[i] = (X[i] > 0 ? Math.max(top[i], 0) : 0) - (-X[i] > 0 ? Math.max(top[16 + i], 0) : 0);
        }
        assertArrayEquals(deconvByHand, deconv, 1e-6f);
        assertArrayEquals(guidedByHand, guided, 1e-6f);
        assertNotEquals(Arrays.toString(deconv), Arrays.toString(guided), "the forward mask matters here");

        // one unit: pool1 channel 1 at (0,0) holds max(-x) over the top-left window = 2 (x = -2 at (0,1));
        // the deconvnet passes 2 down to conv1 channel 1 at (0,1), then through the -1 filter: -2 at x(0,1)
        Deconvnet.Result d = Deconvnet.project(net, x, "pool1", new Unit(1, 0, 0));
        assertEquals(2f, d.activation());
        float[] one = new float[16];
        one[1] = -2;
        assertArrayEquals(one, d.projection().toArray(), 1e-6f);
    }

    @Test
    void deconvnetUnpoolingPutsSignalOnlyAtTheSwitches() {
        Net net = tiny();
        Tensor x = Tensor.of(Devices.cpu(), X, 1, 1, 4, 4);
        int[] sw = switches();
        for (int u = 0; u < 8; u++) {
            int c = u / 4;
            Deconvnet.Result d = Deconvnet.project(net, x, "pool1", new Unit(c, (u % 4) / 2, u % 2));
            float[] unpooled = net.grad("conv1").toArray(); // the signal arriving at relu1's output
            for (int k = 0; k < 32; k++) {
                if (k == sw[u]) {
                    assertEquals(d.activation(), unpooled[k], 0f, "unit " + u + ": the activation lands on its switch");
                } else {
                    assertEquals(0f, unpooled[k], "unit " + u + ": position " + k + " is not its switch");
                }
            }
            assertTrue(d.activation() > 0);
        }
        // every pool unit at once: signal exactly at the 8 switches
        net.forward(x, "pool1");
        net.backward("pool1", Tensor.full(Devices.cpu(), 1f, 1, 2, 2, 2), ReluMode.DECONVNET);
        float[] unpooled = net.grad("conv1").toArray();
        int nonZero = 0;
        for (int k = 0; k < 32; k++) {
            final int at = k;
            boolean isSwitch = Arrays.stream(sw).anyMatch(s -> s == at);
            assertEquals(isSwitch ? 1f : 0f, unpooled[k], "position " + k);
            nonZero += unpooled[k] != 0 ? 1 : 0;
        }
        assertEquals(8, nonZero);
    }

    @Test
    void unitsAndBlobsAreChecked() {
        Net net = tiny();
        Tensor x = Tensor.of(Devices.cpu(), X, 1, 1, 4, 4);
        IllegalArgumentException blob = assertThrows(IllegalArgumentException.class,
                () -> Deconvnet.project(net, x, "conv9", Unit.channelMax(0)));
        assertTrue(blob.getMessage().contains("pool1"), "lists the blobs: " + blob.getMessage());
        IllegalArgumentException unit = assertThrows(IllegalArgumentException.class,
                () -> GuidedBackprop.forUnit(net, x, "pool1", Unit.channelMax(2)));
        assertTrue(unit.getMessage().contains("channels 0..1"), unit.getMessage());
        IllegalArgumentException pos = assertThrows(IllegalArgumentException.class,
                () -> GuidedBackprop.forUnit(net, x, "pool1", new Unit(0, 2, 0)));
        assertTrue(pos.getMessage().contains("outside the 2x2 maps"), pos.getMessage());
        IllegalArgumentException cls = assertThrows(IllegalArgumentException.class,
                () -> Saliency.compute(net, x, "fc", 1));
        assertTrue(cls.getMessage().contains("class 1 is out of range"), cls.getMessage());
    }

    // ------------------------------------------------------------------ Grad-CAM

    @Test
    void gradCamEqualsItsFormulaByHand() {
        // data 1x2x4x4 -> conv1 (3 filters 2x2, stride 2: 3x2x2 maps) -> relu1 -> fc (4 classes) -> prob.
        // With fc right above the rectified maps A, d s_y / d A[k,i,j] = W_fc[y, k, i, j].
        Net net = Net.fromDef(new NetBuilder("cam", 1, 2, 4, 4)
                .conv("conv1", "data", "conv1", 3, 2, 2, 0, 1)
                .relu("relu1", "conv1")
                .fc("fc", "conv1", "fc", 4)
                .softmax("prob", "fc", "prob")
                .build(), Devices.cpu());
        net.randomizeWeights(11);
        float[] w = net.layer("conv1").params().get(0).value().toArray(); // 3 x 2 x 2 x 2
        float[] b = net.layer("conv1").params().get(1).value().toArray();
        float[] fc = net.layer("fc").params().get(0).value().toArray(); // 4 x 12
        Tensor x = Tensor.uniform(Devices.cpu(), 5, -1, 1, 1, 2, 4, 4);
        float[] xv = x.toArray();
        assertEquals("fc", ClassScores.scoreBlob(net));
        assertEquals("conv1", GradCam.defaultLayer(net));

        // A by hand
        float[] a = new float[12];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    double s = b[k];
                    for (int c = 0; c < 2; c++) {
                        for (int di = 0; di < 2; di++) {
                            for (int dj = 0; dj < 2; dj++) {
                                s += w[((k * 2 + c) * 2 + di) * 2 + dj] * xv[(c * 4 + 2 * i + di) * 4 + 2 * j + dj];
                            }
                        }
                    }
                    a[k * 4 + i * 2 + j] = (float) Math.max(0, s);
                }
            }
        }
        boolean anyPositiveCam = false;
        for (int y = 0; y < 4; y++) {
            GradCam.Result r = GradCam.compute(net, x, "fc", y, "conv1");
            float[] alpha = new float[3];
            for (int k = 0; k < 3; k++) {
                for (int p = 0; p < 4; p++) {
                    alpha[k] += fc[y * 12 + k * 4 + p] / 4f;
                }
            }
            assertArrayEquals(alpha, r.weights(), 1e-6f, "class " + y + " weights");
            float[] cam = new float[4];
            for (int p = 0; p < 4; p++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += alpha[k] * a[k * 4 + p];
                }
                cam[p] = (float) Math.max(0, s);
                anyPositiveCam |= cam[p] > 0;
            }
            assertArrayEquals(cam, r.cam().toArray(), 1e-5f, "class " + y + " map");
            // 2x2 -> 4x4 bilinear, half-pixel centres: source coordinates -0.25, 0.25, 0.75, 1.25 clamp to 0, .25, .75, 1
            float[] t = {0, 0.25f, 0.75f, 1};
            float[] up = r.upsampled().toArray();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    float top = cam[0] * (1 - t[j]) + cam[1] * t[j];
                    float bottom = cam[2] * (1 - t[j]) + cam[3] * t[j];
                    assertEquals(top * (1 - t[i]) + bottom * t[i], up[i * 4 + j], 1e-5f, "class " + y + " at " + i + "," + j);
                }
            }
            // guided Grad-CAM: the guided gradient times the upsampled map, per colour channel
            GuidedGradCam.Result gg = GuidedGradCam.compute(net, x, "fc", y, "conv1");
            float[] guided = GuidedBackprop.forClass(net, x, "fc", y).gradient().toArray();
            float[] prod = gg.product().toArray();
            for (int c = 0; c < 2; c++) {
                for (int p = 0; p < 16; p++) {
                    assertEquals(guided[c * 16 + p] * up[p], prod[c * 16 + p], 1e-6f);
                }
            }
        }
        assertTrue(anyPositiveCam, "some class has a non-zero map (the test is not all zeros)");
        assertThrows(IllegalArgumentException.class, () -> GradCam.compute(net, x, "fc", 0, "fc"));
    }
}
