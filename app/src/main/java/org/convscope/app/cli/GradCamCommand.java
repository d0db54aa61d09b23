package org.convscope.app.cli;

import java.io.IOException;

import org.convscope.vis.attribution.GradCam;
import org.convscope.vis.attribution.GuidedGradCam;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convscope gradcam}: Grad-CAM and guided Grad-CAM. */
@Command(name = "gradcam", mixinStandardHelpOptions = true,
        description = {"Grad-CAM (Selvaraju et al. 2017): a convolutional layer's maps weighted by the spatial mean of "
                + "the class score's gradient, summed, rectified and resized to the image; and guided Grad-CAM, "
                + "its product with guided backpropagation.",
                "Writes OUT/input.png, gradcam.png, gradcam_overlay.png, guided_gradcam.png (signed, 0 = grey), manifest.json.",
                "Example: convscope gradcam -w bvlc_alexnet.caffemodel cat.jpg --layer conv5 --out out"})
final class GradCamCommand extends AttributionCommand {
    @Mixin
    ClassTargetOptions target;

    @Option(names = "--layer", paramLabel = "BLOB",
            description = "4-D blob whose maps are weighted (default: the last convolution's top, e.g. conv5).")
    String layer;

    @Override
    void run(Run r) throws IOException {
        String scoreBlob = target.scoreBlob(r.net);
        String maps = layer != null ? layer : GradCam.defaultLayer(r.net);
        if (r.net.inputNames().contains(maps)) {
            throw new IllegalArgumentException("--layer " + maps + " is the net's input, not a layer's maps: Grad-CAM"
                    + " weights the maps of a convolution (default: " + GradCam.defaultLayer(r.net) + ")");
        }
        if (r.net.shape(maps).rank() != 4) {
            throw new IllegalArgumentException("--layer " + maps + " is " + r.net.shape(maps) + ", not a stack of maps"
                    + " (N x C x H x W): choose a convolution or pooling layer (default: " + GradCam.defaultLayer(r.net) + ")");
        }
        int cls = r.chooseClass(target.cls, scoreBlob);
        GuidedGradCam.Result g = GuidedGradCam.compute(r.net, r.x, scoreBlob, cls, maps);
        GradCam.Result cam = g.gradCam();
        r.manifest.setting("layer", maps);
        boolean zero = true;
        for (float v : cam.cam().toArray()) {
            zero &= v == 0f;
        }
        System.out.printf("class %d, score %.4f, Grad-CAM on %s (%dx%d)%s%n", cls, cam.score(), maps,
                cam.cam().shape().h(), cam.cam().shape().w(), zero
                        ? ": the map is 0 everywhere (the weighted maps are nowhere positive: no evidence for this "
                        + "class in " + maps + ")" : "");
        r.png("input.png", r.images.input(r.seen));
        r.png("gradcam.png", r.images.heat(cam.upsampled()));
        r.png("gradcam_overlay.png", r.images.overlay(r.seen, cam.upsampled(), alpha));
        r.png("guided_gradcam.png", r.images.signed(g.product()));
    }
}
