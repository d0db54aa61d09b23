package org.convscope.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The linear softmax classifier of transfer learning: separable codes are learned; the split is stratified. */
class LinearClassifierTest {

    @Test
    void learnsSeparableCodes() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 300;
        int d = 20;
        float[][] codes = new float[n][d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < d; j++) {
                codes[i][j] = (float) (r.nextGaussian() + (j == labels[i] ? 4 : 0) + 100); // offset: standardization matters
            }
        }
        List<int[]> split = LinearClassifier.split(labels, 0.3, 1);
        assertEquals(210, split.get(0).length);
        assertEquals(90, split.get(1).length);
        float[][] tr = new float[210][];
        int[] trl = new int[210];
        for (int k = 0; k < 210; k++) {
            tr[k] = codes[split.get(0)[k]];
            trl[k] = labels[split.get(0)[k]];
        }
        float[][] te = new float[90][];
        int[] tel = new int[90];
        int[] perClass = new int[3];
        for (int k = 0; k < 90; k++) {
            te[k] = codes[split.get(1)[k]];
            tel[k] = labels[split.get(1)[k]];
            perClass[tel[k]]++;
        }
        assertEquals(30, perClass[0]);
        LinearClassifier c = LinearClassifier.train(tr, trl, 3, 20, 0.05, 1e-4, 1);
        assertTrue(c.accuracy(te, tel) > 0.95, "held-out accuracy " + c.accuracy(te, tel));
    }
}
