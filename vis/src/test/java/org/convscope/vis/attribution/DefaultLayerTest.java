package org.convscope.vis.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The layer Grad-CAM and the deconvnet section explain by default, on the built-in architectures:
 * the last layer of spatial features, whatever the net's shape (AlexNet's conv5, GoogLeNet's last
 * inception module, SqueezeNet's last Fire module rather than its pooled 1x1 classifier).
 */
class DefaultLayerTest {
    @Test
    void theLastLayerOfSpatialFeaturesOfEachBuiltin() {
        assertEquals("conv5", GradCam.defaultLayer(BuiltinNets.create("alexnet", Devices.cpu())));
        assertEquals("conv5_3", GradCam.defaultLayer(BuiltinNets.create("vgg16", Devices.cpu())));
        assertEquals("conv2", GradCam.defaultLayer(BuiltinNets.create("lenet", Devices.cpu())));
        assertEquals("inception_5b/output", GradCam.defaultLayer(BuiltinNets.create("googlenet", Devices.cpu())));
        assertEquals("fire9/concat", GradCam.defaultLayer(BuiltinNets.create("squeezenet", Devices.cpu())));
    }

    @Test
    void gradCamOnSqueezeNetsLastFireModuleFindsEvidence() {
        Net net = BuiltinNets.pretrained("squeezenet", Devices.cpu());
        Tensor x = Tensor.uniform(Devices.cpu(), 3, -50f, 50f, 1, 3, 227, 227);
        int cls = ClassScores.predicted(net, x, "pool_final");
        GradCam.Result r = GradCam.compute(net, x, "pool_final", cls, GradCam.defaultLayer(net));
        assertEquals(13, r.cam().shape().h());
        float max = 0;
        for (float v : r.cam().toArray()) {
            max = Math.max(max, v);
        }
        assertTrue(max > 0, "the predicted class has positive evidence somewhere");
    }
}
