package org.convscope.app.report;

import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.ClassNames;
import org.convscope.vis.attribution.GradCam;
import org.convscope.vis.attribution.GuidedBackprop;

/**
 * The same image explained for its first and its second class: Grad-CAM moves with the class,
 * guided backprop hardly does (Selvaraju et al. 2017, figure 1; Adebayo et al. 2018).
 */
final class ClassContrastSection implements ReportSection {
    @Override
    public String id() {
        return "contrast";
    }

    @Override
    public String title() {
        return "First class vs second class: which maps depend on the class?";
    }

    @Override
    public String explanation() {
        return "Each image explained twice, for the class the net ranks first and for the one it ranks second. "
                + "A class-discriminative method (Grad-CAM) should move to the evidence for each class; guided "
                + "backprop barely changes, because it mostly shows the image's edges.";
    }

    @Override
    public SectionResult run(Context c) throws Exception {
        if (c.scoreBlob() == null) {
            return SectionResult.skipped("the net has no blob of class scores");
        }
        String layer;
        try {
            layer = GradCam.defaultLayer(c.net());
        } catch (IllegalArgumentException e) {
            return SectionResult.skipped("the net has no convolutional layer for Grad-CAM");
        }
        SectionResult r = SectionResult.of();
        r.setting("classes", "first and second by score");
        r.setting("Grad-CAM layer", layer);
        for (int i = 0; i < c.images().size(); i++) {
            Context.Image im = c.images().get(i);
            float[] s = c.net().forward(im.x(), c.scoreBlob()).toArray();
            if (s.length < 2) {
                return SectionResult.skipped("the net has a single class");
            }
            List<ClassNames.Prediction> top = ClassNames.top(s, 0, s.length, 2, null);
            List<SectionResult.Figure> figs = new ArrayList<>();
            figs.add(c.input(i));
            for (int k = 0; k < 2; k++) {
                int cls = top.get(k).index();
                String which = (k == 0 ? "1st: " : "2nd: ") + c.label(cls);
                GradCam.Result cam = GradCam.compute(c.net(), im.x(), c.scoreBlob(), cls, layer);
                GuidedBackprop.Result g = GuidedBackprop.forClass(c.net(), im.x(), c.scoreBlob(), cls);
                figs.add(c.figure(id() + "_" + i + "_" + k + "_gradcam.png",
                        c.drawing().overlay(im.seen(), cam.upsampled(), SaliencySection.ALPHA), "Grad-CAM, " + which));
                figs.add(c.figure(id() + "_" + i + "_" + k + "_guided.png", c.drawing().signed(g.gradient()),
                        "guided backprop, " + which));
            }
            r.row(im.name(), figs);
        }
        return r;
    }
}
