package org.convscope.app.report;

import java.util.List;
import java.util.Locale;

import org.convscope.vis.embed.EmbeddingPictures;
import org.convscope.vis.embed.Tsne;

/** t-SNE of the code layer over the data set: scatter by class and image grid. */
final class TsneSection implements Codes.Section {
    @Override
    public String id() {
        return "tsne";
    }

    @Override
    public String title() {
        return "t-SNE of the codes (van der Maaten & Hinton 2008)";
    }

    @Override
    public String explanation() {
        return "Each image's code (the values of a late fully connected layer) placed in 2-D so that images with "
                + "similar codes land close together. Tight single-colour clusters mean the net separates those "
                + "classes; distances between clusters mean little.";
    }

    @Override
    public SectionResult run(Context c, Codes codes) throws Exception {
        int n = codes.codes().length;
        if (n < 10) {
            return SectionResult.skipped("t-SNE needs at least 10 images; the data set has " + n);
        }
        int iterations = c.quick() ? 250 : 1000;
        double perplexity = Math.min(30, (n - 1) / 3.0);
        Tsne.Options opt = Tsne.Options.defaults().withPerplexity(perplexity).withIterations(iterations)
                .withSeed(c.seed());
        if (iterations < opt.exaggerationIterations() + 50) {
            opt = opt.withExaggeration(opt.exaggeration(), iterations / 2);
        }
        Tsne t = new Tsne(opt);
        t.init(codes.codes());
        double first = Double.NaN;
        while (!t.done()) {
            double kl = t.step();
            if (Double.isNaN(first)) {
                first = kl;
            }
        }
        double[][] y = t.result();
        SectionResult r = SectionResult.of();
        r.setting("codes", c.codeLayer() + " (" + codes.codes()[0].length + " values) of " + n + " images of "
                + c.dataName());
        r.setting("method", opt.method().toString().toLowerCase(Locale.ROOT).replace('_', '-'));
        r.setting("perplexity", perplexity);
        r.setting("iterations", iterations);
        r.setting("seed", c.seed());
        r.row("the map", List.of(
                c.figure("tsne_scatter.png", EmbeddingPictures.scatter(y, codes.labels(), codes.classes(),
                        c.quick() ? 400 : 640, 3), "coloured by class"),
                c.figure("tsne_grid.png", EmbeddingPictures.imageGrid(y, codes.pictures(), codes.labels(),
                        c.quick() ? 24 : 32, 1.0), "each image at its place")),
                List.of(String.format(Locale.ROOT, "KL divergence %.4f after %d iterations (first step %.4f, "
                        + "with exaggerated P)", t.kl(), iterations, first)));
        return r;
    }
}
