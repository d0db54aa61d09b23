package org.convscope.app.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convscope.vis.embed.NeighbourRows;
import org.convscope.vis.embed.PixelCodeNeighbours;

/** For a few images of the data set, the nearest others by pixels and by codes. */
final class NeighboursSection implements Codes.Section {
    static final int K = 6;

    @Override
    public String id() {
        return "neighbours";
    }

    @Override
    public String title() {
        return "Nearest neighbours: pixels vs codes (Krizhevsky et al. 2012)";
    }

    @Override
    public String explanation() {
        return "For each query image (left), the closest images of the data set by L2 distance between raw pixels, "
                + "then by L2 distance between codes. Pixel neighbours share colours and layout; code neighbours "
                + "share the class (names green when they match the query's, red when not).";
    }

    @Override
    public SectionResult run(Context c, Codes codes) throws Exception {
        int n = codes.codes().length;
        int queries = Math.min(c.quick() ? 4 : 8, n / (K + 1));
        if (queries < 1) {
            return SectionResult.skipped("nearest neighbours need at least " + (K + 1) + " images; the data set has " + n);
        }
        float[][] pixels = new float[n][];
        for (int i = 0; i < n; i++) {
            pixels[i] = c.data().image(i);
        }
        int[] q = PixelCodeNeighbours.evenlySpaced(queries, n);
        float[][] qp = new float[queries][];
        float[][] qc = new float[queries][];
        List<BufferedImage> qImages = new ArrayList<>();
        List<String> qClasses = new ArrayList<>();
        for (int j = 0; j < queries; j++) {
            qp[j] = pixels[q[j]];
            qc[j] = codes.codes()[q[j]];
            qImages.add(codes.pictures().get(q[j]));
            qClasses.add(codes.classes().get(codes.labels()[q[j]]));
        }
        PixelCodeNeighbours found = PixelCodeNeighbours.search(qp, qc, pixels, codes.codes(), K, q);
        List<String> classes = new ArrayList<>();
        for (int l : codes.labels()) {
            classes.add(codes.classes().get(l));
        }
        int[] same = found.sameClass(qClasses, classes);
        BufferedImage pic = NeighbourRows.render(qImages, qClasses, found.byPixel(), found.byCode(), codes.pictures(), classes,
                c.codeLayer(), c.quick() ? 48 : 64);
        double total = (double) queries * K;
        SectionResult r = SectionResult.of();
        r.setting("data set", c.dataName() + " (" + n + " images)");
        r.setting("queries", queries + " images of the data set, evenly spaced (none is its own neighbour)");
        r.setting("k", K);
        r.setting("codes", c.codeLayer());
        List<String> lines = codes.classes().size() < 2 ? List.of("the images have no classes: judge the rows by eye")
                : List.of(String.format(Locale.ROOT, "same class as the query: %.0f%% by pixels, %.0f%% by %s codes",
                        100 * same[0] / total, 100 * same[1] / total, c.codeLayer()));
        r.row("queries and their neighbours", List.of(c.figure("neighbours.png", pic, "pixels | " + c.codeLayer())),
                lines);
        return r;
    }
}
