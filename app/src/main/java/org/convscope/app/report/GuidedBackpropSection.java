package org.convscope.app.report;

import java.util.List;

import org.convscope.vis.attribution.GuidedBackprop;
import org.convscope.vis.attribution.Maps;

/** Springenberg's guided backpropagation of the predicted class. */
final class GuidedBackpropSection extends PerImageSection {
    @Override
    public String id() {
        return "guided";
    }

    @Override
    public String title() {
        return "Guided backpropagation (Springenberg et al. 2015)";
    }

    @Override
    public String explanation() {
        return "The class score's gradient with every ReLU letting through only positive signal where its input "
                + "was positive. It draws sharp, image-like edges of what raised the score; grey is 0, colours show "
                + "which colour change would raise it. It is sharp but hardly depends on the class.";
    }

    @Override
    void settings(Context c, SectionResult r) {
        r.setting("ReLU rule", "dx = max(dy, 0) * [x > 0]");
    }

    @Override
    List<SectionResult.Figure> explain(Context c, int i, int cls, List<String> lines) throws Exception {
        GuidedBackprop.Result g = GuidedBackprop.forClass(c.net(), c.images().get(i).x(), c.scoreBlob(), cls);
        return List.of(
                c.figure(file(i, "signed"), c.drawing().signed(g.gradient()), "guided backprop"),
                c.figure(file(i, "magnitude"), c.drawing().heat(Maps.l2OverChannels(g.gradient())), "magnitude"));
    }
}
