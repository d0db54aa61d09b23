package org.convscope.app.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.Deconvnet;
import org.convscope.vis.attribution.GradCam;
import org.convscope.vis.attribution.Maps;
import org.convscope.vis.attribution.Unit;

/** Zeiler and Fergus's deconvnet: the strongest unit of the last convolution projected to the pixels. */
final class DeconvnetSection implements ReportSection {
    @Override
    public String id() {
        return "deconv";
    }

    @Override
    public String title() {
        return "Deconvnet projection (Zeiler & Fergus 2014)";
    }

    @Override
    public String explanation() {
        return "The most active feature map of the last convolution, its strongest unit alone sent back down "
                + "through unpooling (at the recorded switches), rectification and transposed convolution. It shows "
                + "the pixel pattern that unit responds to in this image; grey is 0.";
    }

    @Override
    public SectionResult run(Context c) throws Exception {
        String blob;
        try {
            blob = GradCam.defaultLayer(c.net());
        } catch (IllegalArgumentException e) {
            return SectionResult.skipped("the net has no convolutional layer: " + e.getMessage());
        }
        SectionResult r = SectionResult.of();
        r.setting("blob", blob);
        r.setting("unit", "the channel with the largest activation, at its strongest position");
        for (int i = 0; i < c.images().size(); i++) {
            Context.Image im = c.images().get(i);
            Tensor a = c.net().forward(im.x(), blob);
            int channel = strongestChannel(a);
            Deconvnet.Result d = Deconvnet.project(c.net(), im.x(), blob, Unit.channelMax(channel));
            List<SectionResult.Figure> figs = new ArrayList<>();
            figs.add(c.input(i));
            figs.add(c.figure(id() + "_" + i + "_signed.png", c.drawing().signed(d.projection()), "projection"));
            figs.add(c.figure(id() + "_" + i + "_overlay.png",
                    c.drawing().overlay(im.seen(), Maps.l2OverChannels(d.projection()), SaliencySection.ALPHA),
                    "where, over the image"));
            Unit u = d.unit();
            r.row(im.name() + ": " + blob + " channel " + u.channel() + (u.atMax() ? "" : " at row " + u.y()
                    + ", column " + u.x()), figs,
                    List.of(String.format(Locale.ROOT, "activation %.3f", d.activation())));
        }
        return r;
    }

    /** The channel of item 0 of a 4-D value with the largest single activation. */
    static int strongestChannel(Tensor a) {
        Shape s = a.shape();
        float[] v = a.toArray();
        int plane = s.h() * s.w();
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int ch = 0; ch < s.c(); ch++) {
            for (int p = 0; p < plane; p++) {
                if (v[ch * plane + p] > max) {
                    max = v[ch * plane + p];
                    best = ch;
                }
            }
        }
        return best;
    }
}
