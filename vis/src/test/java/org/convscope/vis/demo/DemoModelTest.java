package org.convscope.vis.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;

import org.convscope.nn.Net;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.data.Shapes;
import org.convscope.nn.train.Evaluation;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/**
 * The shipped demo model reaches its stated accuracy on a freshly generated set of shapes (a seed
 * that neither its training nor its held-out set used), through the same preprocessing a user gets.
 */
class DemoModelTest {

    @Test
    void shippedModelReachesItsStatedAccuracyOnFreshShapes() throws Exception {
        Properties info = DemoModel.info();
        double stated = Double.parseDouble(info.getProperty("test.accuracy"));
        assertTrue(stated >= 0.95, "stated accuracy " + stated);
        Net net = DemoModel.load(CpuDevice.shared());
        Shapes fresh = new Shapes(20_261_122L, 400, DemoModel.SIZE);
        InputTransform t = InputTransform.plain(DemoModel.MEAN, DemoModel.SCALE).withCrop(DemoModel.CROP, false);
        double acc = Evaluation.run(net, fresh, t, "data", null, "prob", 100).accuracy();
        System.out.printf("demo model: %.2f%% on 400 fresh shapes (stated %.2f%% on %s)%n", 100 * acc, 100 * stated,
                info.getProperty("test.images"));
        // 400 images: one standard error of the stated accuracy is about 1 point
        assertTrue(acc >= Math.min(0.95, stated - 0.03), "accuracy " + acc + " on fresh shapes, stated " + stated);
    }

    @Test
    void preprocessingMatchesTheTrainingTransform() throws Exception {
        Shapes s = new Shapes(5, 1, DemoModel.SIZE);
        Tensor viaPre = DemoModel.preprocessing().apply(s.render(0), CpuDevice.shared());
        float[] viaTransform = new float[3 * DemoModel.CROP * DemoModel.CROP];
        InputTransform.plain(DemoModel.MEAN, DemoModel.SCALE).withCrop(DemoModel.CROP, false)
                .test(s.image(0), 3, DemoModel.SIZE, DemoModel.SIZE, viaTransform, 0);
        float[] a = viaPre.toArray();
        assertEquals(viaTransform.length, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(viaTransform[i], a[i], 1e-5f, "value " + i);
        }
    }
}
