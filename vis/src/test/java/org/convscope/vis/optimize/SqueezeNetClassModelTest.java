package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class models on a real ImageNet net (SqueezeNet v1.0, scores before any softmax): the default
 * settings make a picture the net itself classifies confidently after it was written as a PNG, and
 * a run that failed says so and what to change.
 */
class SqueezeNetClassModelTest {
    static final int FLAMINGO = 130;
    /**
     * An input size at which the flamingo score has a gradient on the seeded noise start (at 99 and
     * at 227 every unit of its channel of the last convolution is off on plain noise).
     */
    static final int ALIVE = 131;
    static Net net;
    static Device d;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        d = Devices.defaultDevice();
        net = SqueezeNetData.load(d);
    }

    static Tensor noise(Shape in) {
        return Tensor.normal(d, 0, 0f, 10f, in.dims());
    }

    static ClassModel run(int size, ClassModel.Settings s, Tensor start) {
        Shape in = Shape.of(1, 3, size, size);
        Preprocessing pre = SqueezeNetData.preprocessing(size);
        ClassModel cm = ClassModel.init(Objective.classScore(net, in, SqueezeNetData.SCORES, FLAMINGO), start, s,
                PixelBox.of(pre, in, d));
        while (cm.step()) {
            // to the end
        }
        return cm;
    }

    @Test
    void theDefaultsMakeAFlamingoTheNetStillSeesAfterThePngRoundTrip() throws IOException {
        int size = 227;
        Shape in = Shape.of(1, 3, size, size);
        Preprocessing pre = SqueezeNetData.preprocessing(size);
        ClassModel cm = run(size, ClassModel.Settings.defaults().withIterations(20), noise(in));
        Classifier c = new Classifier(net, SqueezeNetData.SCORES);
        Path png = dir.resolve("flamingo.png");
        javax.imageio.ImageIO.write(pre.deprocess(cm.result()), "png", png.toFile());
        float p = c.probability(pre.apply(png, d), FLAMINGO);
        assertTrue(p >= 0.9, "p(flamingo) from the PNG after 20 default steps: " + p);
        assertTrue(cm.outcome(pre.scale()).isEmpty(), cm.outcome(pre.scale()).warnings().toString());
    }

    @Test
    void aStartWhereNothingIsActiveWarnsToStartFromNoise() {
        // on the mean image every unit of the last convolution is off: the gradient is exactly zero
        int size = 99;
        ClassModel cm = run(size, ClassModel.Settings.defaults().withIterations(2),
                Tensor.zeros(d, 1, 3, size, size));
        Outcome o = cm.outcome(1f);
        assertTrue(o.warnings().stream().anyMatch(w -> w.contains("did not rise") && w.contains("--start noise")),
                o.warnings().toString());
        assertTrue(o.warnings().stream().anyMatch(w -> w.contains("collapsed")), o.warnings().toString());
    }

    @Test
    void tooMuchDecayCollapsesTheImageAndSaysSo() {
        int size = ALIVE;
        ClassModel cm = run(size, ClassModel.Settings.defaults().withIterations(4).withDecay(0.99f),
                noise(Shape.of(1, 3, size, size)));
        Outcome o = cm.outcome(1f);
        assertTrue(o.warnings().stream().anyMatch(w -> w.contains("collapsed") && w.contains("--decay")),
                o.warnings().toString());
    }

    @Test
    void aHugeLearningRateSaturatesThePictureAndSaysSo() {
        int size = ALIVE;
        ClassModel cm = run(size, ClassModel.Settings.defaults().withIterations(2).withLr(1e30f, 1e30f).withBlur(0, 0f),
                noise(Shape.of(1, 3, size, size)));
        Outcome o = cm.outcome(1f);
        assertTrue(o.warnings().stream().anyMatch(w -> w.contains("saturated") && w.contains("--lr")),
                o.warnings().toString());
    }
}
