package org.convscope.app.report;

import java.util.List;

import org.convscope.vis.attribution.GradCam;
import org.convscope.vis.attribution.GuidedGradCam;

/** Grad-CAM and guided Grad-CAM of the predicted class on the last convolution. */
final class GradCamSection extends PerImageSection {
    @Override
    public String id() {
        return "gradcam";
    }

    @Override
    public String title() {
        return "Grad-CAM and guided Grad-CAM (Selvaraju et al. 2017)";
    }

    @Override
    public String explanation() {
        return "The last convolution's maps weighted by how much the class score grows with each, summed and "
                + "rectified: a coarse heat map of where the evidence for the class is. Guided Grad-CAM multiplies it "
                + "with guided backprop: sharp edges, but only inside the class's region.";
    }

    @Override
    void settings(Context c, SectionResult r) {
        r.setting("layer", GradCam.defaultLayer(c.net()));
        r.setting("overlay opacity", SaliencySection.ALPHA);
    }

    @Override
    List<SectionResult.Figure> explain(Context c, int i, int cls, List<String> lines) throws Exception {
        String layer = GradCam.defaultLayer(c.net());
        GuidedGradCam.Result g = GuidedGradCam.compute(c.net(), c.images().get(i).x(), c.scoreBlob(), cls, layer);
        GradCam.Result cam = g.gradCam();
        boolean zero = true;
        for (float v : cam.cam().toArray()) {
            zero &= v == 0f;
        }
        lines.add("Grad-CAM on " + layer + " (" + cam.cam().shape().h() + "x" + cam.cam().shape().w() + ")");
        if (zero) {
            lines.add("the map is 0 everywhere: no positive evidence for this class in " + layer);
        }
        return List.of(
                c.figure(file(i, "map"), c.drawing().heat(cam.upsampled()), "Grad-CAM"),
                c.figure(file(i, "overlay"), c.drawing().overlay(c.images().get(i).seen(), cam.upsampled(),
                        SaliencySection.ALPHA), "over the image"),
                c.figure(file(i, "guided"), c.drawing().signed(g.product()), "guided Grad-CAM"));
    }
}
