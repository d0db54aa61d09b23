package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.Unit;
import org.convscope.vis.demo.DemoModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Class model / unit visualization on the shipped demo model (no test data needed). */
class ClassModelTest {
    static Net net;
    static final Shape IN = Shape.of(1, 3, DemoModel.CROP, DemoModel.CROP);

    @BeforeAll
    static void load() throws IOException {
        net = DemoModel.load(Devices.cpu());
    }

    /** Noise of 32 grey levels around the mean (the demo net's ReLUs are all off on the mean image itself). */
    static Tensor noise() {
        return Tensor.normal(Devices.cpu(), 5, 0f, 0.5f, IN.dims());
    }

    @Test
    void oneStepRaisesTheClassScore() {
        Objective obj = Objective.classScore(net, IN, "fc8", 3);
        Tensor start = noise();
        float before = obj.value(start);
        ClassModel cm = ClassModel.init(obj, start, ClassModel.Settings.defaults().withBlur(0, 0f).withDecay(0f)
                .withJitter(0).withLr(0.01f, 0.01f));
        assertTrue(cm.step());
        float after = cm.objectiveValue();
        assertTrue(after > before, "class score " + before + " -> " + after);
    }

    @Test
    void oneStepRaisesAUnitAndAChannel() {
        // a unit that is alive on the start image: the largest of conv2
        Tensor conv2 = net.forward(noise(), "conv2");
        int i = Devices.cpu().argmax(conv2);
        Shape s2 = conv2.shape();
        int plane = s2.h() * s2.w();
        Unit alive = new Unit(i / plane, i % plane / s2.w(), i % s2.w());
        for (Objective obj : new Objective[] {Objective.unit(net, IN, "conv2", alive),
                Objective.unit(net, IN, "conv3", Unit.channelMax(Devices.cpu().argmax(net.forward(noise(), "fc7"))
                        % 96))}) {
            Tensor start = noise();
            float before = obj.value(start);
            ClassModel cm = ClassModel.init(obj, start, ClassModel.Settings.defaults().withBlur(0, 0f)
                    .withDecay(0f).withJitter(0).withLr(0.01f, 0.01f));
            cm.step();
            float after = cm.objectiveValue();
            assertTrue(after > before, obj + ": " + before + " -> " + after);
        }
    }

    @Test
    void manyStepsWithRegularizersReachAHighScoreAndRepeatBitForBit() {
        // the defaults at the demo model's scale (1/64), with 2 pixels of jitter for its 56-pixel input
        ClassModel.Settings s = ClassModel.Settings.defaults(DemoModel.SCALE).withIterations(40)
                .withJitter(2).withSeed(7);
        float[][] runs = new float[2][];
        for (int r = 0; r < 2; r++) {
            Objective obj = Objective.classScore(net, IN, "fc8", 3);
            ClassModel cm = ClassModel.init(obj, noise(), s);
            float first = obj.value(cm.result());
            while (cm.step()) {
                // the caller owns the loop
            }
            assertEquals(40, cm.iteration());
            float last = cm.objectiveValue();
            assertTrue(last > first + 5, "score " + first + " -> " + last);
            float[] probs = net.forward(cm.result(), "prob").toArray();
            int best = 0;
            for (int k = 1; k < probs.length; k++) {
                best = probs[k] > probs[best] ? k : best;
            }
            assertEquals(3, best, "the synthesized image is seen as class 3: " + java.util.Arrays.toString(probs));
            runs[r] = cm.result().toArray();
        }
        assertArrayEquals(runs[0], runs[1], 0f);
    }

    @Test
    void anExplodingRunStopsNamingTheStepAndTermAndKeepsTheLastGoodIterate() {
        Objective obj = Objective.classScore(net, IN, "fc8", 3);
        ClassModel cm = ClassModel.init(obj, noise(),
                ClassModel.Settings.defaults().withLr(1e6f, 1e6f).withExplodeLimit(1e5));
        while (cm.step()) {
            // until it stops
        }
        Diverged why = cm.diverged();
        assertNotNull(why);
        assertTrue(why.step() >= 1 && why.step() < 200, why.toString());
        assertTrue(why.message().contains("step " + why.step()) && why.message().contains(why.term()),
                why.message());
        for (float v : cm.result().toArray()) {
            assertTrue(Float.isFinite(v));
        }
        double kept = Math.max(Math.abs(obj.value(cm.result())), cm.result().device().l2Norm(cm.result()));
        assertTrue(kept <= 1e5, "the kept iterate is within the limit: " + kept);
    }
}
