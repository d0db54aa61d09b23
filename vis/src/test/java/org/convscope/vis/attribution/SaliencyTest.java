package org.convscope.vis.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Saliency against central finite differences of the class score on a real LeNet digit. */
class SaliencyTest {

    @Test
    void saliencyIsTheFiniteDifferenceOfTheClassScore() throws Exception {
        Net net = Mnist.lenet();
        Tensor x = Mnist.digit(0); // a 7
        String scores = ClassScores.scoreBlob(net);
        assertEquals("ip2", scores, "the score is read before the softmax");
        int cls = ClassScores.predicted(net, x, scores);
        assertEquals(7, cls);
        Saliency.Result s = Saliency.compute(net, x, scores, cls);
        float[] g = s.gradient().toArray();
        float[] map = s.map().toArray();

        // the eight most salient pixels and eight random ones on the stroke's grey edge: background
        // pixels are 0, where every pooling window of a flat area is a tie (a kink at x itself)
        List<Integer> pixels = new ArrayList<>();
        Integer[] order = new Integer[784];
        for (int i = 0; i < 784; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(Math.abs(g[b]), Math.abs(g[a])));
        for (int i = 0; i < 8; i++) {
            pixels.add(order[i]);
        }
        float[] base = x.toArray();
        Random r = new Random(3);
        while (pixels.size() < 16) {
            int p = r.nextInt(784);
            if (!pixels.contains(p) && base[p] > 0.05f && base[p] < 0.95f) {
                pixels.add(p);
            }
        }
        double f0 = ClassScores.score(net, x, scores, cls);
        assertEquals(f0, s.score(), 1e-4);
        // float32 scores near 15 carry ~1e-5 of rounding: 2e-3 steps keep that below 1e-2 in a slope
        float eps = 2e-3f;
        int checked = 0;
        for (int p : pixels) {
            assertEquals(Math.abs(g[p]), map[p], 0f, "one channel: the map is |gradient|");
            double plus = score(net, base, p, eps, scores, cls);
            double minus = score(net, base, p, -eps, scores, cls);
            // a kink (max-pool switch or ReLU flipping) between x-eps and x+eps makes the one-sided slopes differ
            double right = (plus - f0) / eps;
            double left = (f0 - minus) / eps;
            if (Math.abs(right - left) > 1e-2 + 2e-2 * Math.abs(right)) {
                continue;
            }
            double fd = (plus - minus) / (2 * eps);
            assertEquals(fd, g[p], 5e-3 + 2e-2 * Math.abs(fd), "pixel " + p / 28 + "," + p % 28);
            checked++;
        }
        assertTrue(checked >= 10, "only " + checked + " of 16 pixels away from kinks");
    }

    private static double score(Net net, float[] base, int p, float delta, String blob, int cls) {
        float[] v = base.clone();
        v[p] += delta;
        return ClassScores.score(net, Tensor.of(Devices.cpu(), v, 1, 1, 28, 28), blob, cls);
    }
}
