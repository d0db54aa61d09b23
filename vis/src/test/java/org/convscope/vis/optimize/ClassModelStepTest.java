package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.demo.DemoModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The class model's step rules and pixel box on the shipped demo model (no test data needed). */
class ClassModelStepTest {
    static Net net;
    static final Shape IN = Shape.of(1, 3, DemoModel.CROP, DemoModel.CROP);

    @BeforeAll
    static void load() throws IOException {
        net = DemoModel.load(Devices.cpu());
    }

    static Tensor noise() {
        return Tensor.normal(Devices.cpu(), 5, 0f, 0.5f, IN.dims());
    }

    static float[] run(Objective obj, ClassModel.Settings s) {
        ClassModel cm = ClassModel.init(obj, noise(), s);
        while (cm.step()) {
            // to the end
        }
        return cm.result().toArray();
    }

    static float maxAbsDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void normalizedAndAdamStepsGiveTheSameImageWhenTheScoresAre1000TimesLarger() {
        Objective obj = Objective.classScore(net, IN, "fc8", 3);
        Objective big = obj.scaled(1000f);
        float[] start = noise().toArray();
        for (ClassModel.Step rule : new ClassModel.Step[] {ClassModel.Step.NORMALIZED, ClassModel.Step.ADAM}) {
            ClassModel.Settings s = ClassModel.Settings.defaults().withIterations(8).withLr(0.1f, 0.05f)
                    .withJitter(2).withStep(rule);
            float[] a = run(obj, s);
            float[] b = run(big, s);
            float moved = maxAbsDiff(a, start);
            assertTrue(moved > 0.05f, rule + " moved the image: " + moved);
            assertTrue(maxAbsDiff(a, b) <= 1e-3f * moved, rule + ": scores x1000 changed the image by "
                    + maxAbsDiff(a, b) + " of a move of " + moved);
        }
        // the raw rule's step is the gradient itself: 1000 times larger scores, 1000 times the move
        ClassModel.Settings raw = ClassModel.Settings.defaults().withIterations(1).withBlur(0, 0f).withDecay(0f)
                .withLr(1e-4f, 1e-4f).withStep(ClassModel.Step.RAW);
        float small = maxAbsDiff(run(obj, raw), start);
        float large = maxAbsDiff(run(big, raw), start);
        assertEquals(1000.0, large / small, 10.0, "raw step ratio " + large + " / " + small);
    }

    @Test
    void everyIterateStaysInsideThePixelBoxChannelByChannel() {
        Preprocessing pre = Preprocessing.withChannelMean(DemoModel.CROP, new float[] {30, 120, 220});
        Device d = Devices.cpu();
        PixelBox box = PixelBox.of(pre, IN, d);
        ClassModel cm = ClassModel.init(Objective.classScore(net, IN, "fc8", 3),
                Tensor.normal(d, 1, 0f, 300f, IN.dims()),
                ClassModel.Settings.defaults().withIterations(3).withLr(500f, 500f), box);
        float[] start = cm.result().toArray();
        while (cm.step()) {
            // to the end
        }
        float[] means = {30, 120, 220};
        int plane = IN.h() * IN.w();
        for (float[] v : new float[][] {start, cm.result().toArray()}) {
            for (int i = 0; i < v.length; i++) {
                float pixel = v[i] + means[i / plane];
                assertTrue(pixel >= -1e-3f && pixel <= 255.001f, "pixel " + pixel + " at " + i);
            }
        }
        Tensor scratch = d.allocate(IN);
        assertTrue(box.saturation(cm.result(), scratch) > 0.5, "a step of 500 grey levels saturates the picture");
        assertTrue(box.saturation(Tensor.zeros(d, IN.dims()), scratch) == 0, "the mean image is not saturated");
    }
}
