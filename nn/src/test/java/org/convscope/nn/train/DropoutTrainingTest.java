package org.convscope.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.layers.DropoutLayer;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/** Dropout: identity at inference; in training a seeded mask keeps 1-p of the values, scaled by 1/(1-p), and backward uses the same mask. */
class DropoutTrainingTest {

    @Test
    void trainingMaskAndInferenceIdentity() throws Exception {
        Device d = CpuDevice.shared();
        var def = NetDef.parse("""
                name: "n"
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 10000 } } }
                layer { name: "drop" type: "Dropout" bottom: "data" top: "data" dropout_param { dropout_ratio: 0.25 } }
                """, "n").layer("drop");
        DropoutLayer l = new DropoutLayer(def);
        float[] ones = new float[10000];
        java.util.Arrays.fill(ones, 2f);
        Tensor x = Tensor.of(d, ones, 1, 10000);
        Tensor y = d.allocate(x.shape());
        l.forward(d, List.of(x), List.of(y));
        assertArrayEquals(ones, y.toArray());

        l.train(42);
        l.forward(d, List.of(x), List.of(y));
        float[] v = y.toArray();
        int kept = 0;
        for (float f : v) {
            if (f != 0f) {
                assertEquals(2f / 0.75f, f, 1e-6);
                kept++;
            }
        }
        assertEquals(7500, kept, 150); // binomial(10000, 0.75): sd 43
        Tensor dx = d.allocate(x.shape());
        l.backward(d, List.of(x), List.of(y), List.of(x), List.of(dx), ReluMode.STANDARD, false);
        assertArrayEquals(v, dx.toArray(), "dy = 2 everywhere: dx equals y");
        l.forward(d, List.of(x), List.of(y));
        assertArrayEquals(v, y.toArray(), "same seed, same mask");

        l.inference();
        l.forward(d, List.of(x), List.of(y));
        assertArrayEquals(ones, y.toArray());
    }
}
