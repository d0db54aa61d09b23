package org.convscope.app.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Shape;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Pictures;

/** The first convolution's learned filters as colour pictures. */
final class WeightsSection implements ReportSection {
    @Override
    public String id() {
        return "weights";
    }

    @Override
    public String title() {
        return "Learned weights of the first convolution (Krizhevsky et al. 2012)";
    }

    @Override
    public String explanation() {
        return "Each filter of the first layer drawn as a small picture, grey = 0, brighter or more coloured = larger "
                + "weights. A well-trained net shows smooth oriented edges and colour blobs; noisy filters suggest "
                + "too little training.";
    }

    @Override
    public SectionResult run(Context c) throws Exception {
        Param w = null;
        String layer = null;
        for (Layer l : c.net().layers()) {
            if (l.type().equals("Convolution")) {
                for (Param p : l.params()) {
                    if (p.shape() != null && p.shape().rank() == 4) {
                        w = p;
                        layer = l.name();
                        break;
                    }
                }
                break;
            }
        }
        if (w == null) {
            return SectionResult.skipped("the net has no convolutional layer");
        }
        Shape s = w.shape();
        int k = s.dim(0);
        int ch = s.dim(1);
        int kh = s.dim(2);
        int kw = s.dim(3);
        float[] v = w.value().toArray();
        float m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        int zoom = Math.max(1, 48 / Math.max(kh, kw));
        List<BufferedImage> tiles = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            BufferedImage img = new BufferedImage(kw, kh, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    int[] rgb = new int[3];
                    for (int j = 0; j < 3; j++) {
                        // Caffe nets take BGR: channel 2 is red; a one-channel filter is grey
                        int src = ch == 3 ? 2 - j : 0;
                        float u = m > 0 ? v[((f * ch + src) * kh + y) * kw + x] / m : 0;
                        rgb[j] = Math.round(127.5f + 127.5f * u);
                    }
                    img.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
                }
            }
            tiles.add(Pictures.upscale(img, zoom));
        }
        int columns = (int) Math.ceil(Math.sqrt(k * 1.5));
        BufferedImage grid = Grid.standard().withColumns(columns).withBackground(Color.WHITE).withPadding(2)
                .render(tiles);
        SectionResult r = SectionResult.of();
        r.setting("layer", layer);
        r.setting("filters", k + " x " + ch + " x " + kh + " x " + kw);
        r.setting("scale", String.format(Locale.ROOT, "one range for all filters: \u00b1%.4g", m));
        r.row(layer + " filters", List.of(c.figure(id() + "_" + layer + ".png", grid,
                k + " filters, each enlarged " + zoom + "x")));
        return r;
    }
}
