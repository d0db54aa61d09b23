package org.convscope.app.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.io.Npy;
import org.convscope.vis.data.DataSpec;
import org.convscope.vis.embed.EmbeddingPictures;
import org.convscope.vis.embed.LayerCodes;
import org.convscope.vis.embed.NeighbourRows;
import org.convscope.vis.embed.Tsne;
import org.convscope.vis.render.Manifest;
import org.convscope.vis.render.Progress;
import org.convscope.vis.render.RunOutput;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convscope tsne --codes codes/codes.npy --out tsne} or
 * {@code convscope tsne --model demo --data shapes:7:500 --out tsne}: a t-SNE map of a layer's
 * codes, drawn as a scatter coloured by class and as an image grid.
 */
@Command(name = "tsne", mixinStandardHelpOptions = true,
        description = {"Embeds a layer's codes (fc7 or the net's equivalent by default) in 2-D with t-SNE (Barnes-Hut or exact) and writes "
                + "scatter.png (coloured by class, with a legend), grid.png (each image snapped to a grid cell at its "
                + "embedded point; needs --data), embedding.npy (N x 2) and manifest.json. The codes come from a "
                + ".npy written by 'convscope codes' (--codes; labels.npy and classes.txt beside it are used when "
                + "present), or are computed from --model and --data. The KL divergence is printed as it falls."})
final class TsneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--codes", paramLabel = "NPY", description = "Codes (N x D .npy) written by 'convscope codes'.")
    Path codes;

    @Option(names = "--data", paramLabel = "SPEC",
            description = "Images: folder:DIR (one sub-folder per class), shapes:SEED:COUNT or mnist:DIR[:PREFIX] "
                    + "(@FROM-TO). Codes are computed from them unless --codes is given; they fill grid.png.")
    String data;

    @Mixin
    CodeLayerOptions codeLayer;

    @Option(names = "--method", defaultValue = "barnes-hut", paramLabel = "barnes-hut|exact",
            description = "Gradient: barnes-hut (O(N log N)) or exact (O(N^2)) (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--perplexity", defaultValue = "30", description = "Effective number of neighbours (default: ${DEFAULT-VALUE}).")
    double perplexity;

    @Option(names = "--theta", defaultValue = "0.5", description = "Barnes-Hut accuracy, 0 = exact sums (default: ${DEFAULT-VALUE}).")
    double theta;

    @Option(names = "--iterations", defaultValue = "1000", description = "Gradient steps (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--learning-rate", defaultValue = "200", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--exaggeration", defaultValue = "12", description = "Early exaggeration of P (default: ${DEFAULT-VALUE}).")
    double exaggeration;

    @Option(names = "--exaggeration-iterations", defaultValue = "250",
            description = "Iterations with early exaggeration (default: ${DEFAULT-VALUE}).")
    int exaggerationIterations;

    @Option(names = "--init", defaultValue = "pca", paramLabel = "pca|random", description = "Initial map (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tile", defaultValue = "32", description = "Image side in grid.png, pixels (default: ${DEFAULT-VALUE}).")
    int tile;

    @Option(names = "--report-every", defaultValue = "50", description = "Print the KL divergence every N iterations (default: ${DEFAULT-VALUE}).")
    int reportEvery;

    @Option(names = "--image-size", defaultValue = "64",
            description = "Side images are read at with --codes and --data (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Mixin
    ProgressOptions progress = ProgressOptions.described("No progress bar and no KL lines.");

    @Mixin
    OutputOptions out = OutputOptions.requiredWithShortName("Folder for the pictures, embedding.npy and manifest.json (created; inputs are never written).");

    @Override
    public Integer call() throws Exception {
        Instant t0 = Instant.now();
        Tsne.Options opt = options();
        if (codes == null && data == null) {
            throw new IllegalArgumentException("give --codes NPY (from 'convscope codes') or --data SPEC with --model");
        }
        if (tile < 4) {
            throw new IllegalArgumentException("--tile must be at least 4, got " + tile);
        }
        List<Path> inputs = new ArrayList<>();
        float[][] x;
        int[] labels = null;
        List<String> classes = null;
        Dataset set = null;
        String device = "none";
        Manifest manifest = new Manifest().command("tsne", spec.commandLine().getParseResult().originalArgs());
        if (codes != null) {
            if (!Files.isRegularFile(codes)) {
                throw new IllegalArgumentException("codes file " + codes + " does not exist");
            }
            inputs.add(codes);
            LayerCodes.Saved saved = LayerCodes.read(codes);
            x = saved.codes();
            manifest.input("codes", codes);
            labels = saved.labels();
            classes = saved.classes();
            if (labels != null) {
                Path lab = codes.resolveSibling("labels.npy");
                inputs.add(lab);
                manifest.input("labels", lab);
            }
            if (classes != null) {
                inputs.add(codes.resolveSibling("classes.txt"));
            }
            if (data != null) {
                set = DataSpec.open(data, sideFor());
                if (set.size() != x.length) {
                    throw new IllegalArgumentException("--data has " + set.size() + " images but --codes has " + x.length + " rows");
                }
            }
        } else {
            org.convscope.tensor.Device d = modelOptions.device();
            device = d.name();
            Net net = modelOptions.load(d);
            String layer = codeLayer.of(net);
            Preprocessing pre = modelOptions.requirePreprocessing(net);
            set = DataSpec.open(data, LayerCodes.side(pre));
            if (!progress.quiet) {
                System.out.printf(Locale.ROOT, "computing %s codes of %d images%n", layer, set.size());
            }
            x = LayerCodes.compute(net, pre, set, layer);
            if (modelOptions.weights != null) {
                inputs.add(modelOptions.weights);
                manifest.weights(modelOptions.weights);
            }
            manifest.setting("model", modelOptions.model);
            manifest.setting("layer", layer);
        }
        if (set != null) {
            labels = LayerCodes.labels(set);
            classes = set.classNames();
            manifest.setting("data", data);
        }
        if (labels != null) {
            classes = LayerCodes.classNames(labels, classes);
        }
        RunOutput output = new RunOutput(out.dir(), inputs);

        Tsne t = new Tsne(opt);
        if (!progress.quiet) {
            System.out.printf(Locale.ROOT, "t-SNE (%s) of %d codes of %d values: perplexity %s, %d iterations%n",
                    method, x.length, x[0].length, perplexity, iterations);
        }
        t.init(x);
        List<Double> klHistory = new ArrayList<>();
        try (Progress p = progress.start("t-SNE", iterations)) {
            while (!t.done()) {
                double kl = t.step();
                p.step();
                int it = t.iteration() - 1;
                if (reportEvery > 0 && (it % reportEvery == 0)) {
                    klHistory.add(kl);
                    if (!progress.quiet) {
                        System.out.printf(Locale.ROOT, "iteration %4d  KL %.4f%s%n", it, kl,
                                it < exaggerationIterations ? "  (exaggerated P)" : "");
                    }
                }
            }
        }
        double[][] y = t.result();
        float[] flat = new float[2 * y.length];
        for (int i = 0; i < y.length; i++) {
            flat[2 * i] = (float) y[i][0];
            flat[2 * i + 1] = (float) y[i][1];
        }
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npy.write(npy, flat, y.length, 2);
        output.writeBytes("embedding.npy", npy.toByteArray());
        output.writePng("scatter.png", EmbeddingPictures.scatter(y, labels, classes, 800, 3));
        if (set != null) {
            List<BufferedImage> images = new ArrayList<>(set.size());
            for (int i = 0; i < set.size(); i++) {
                images.add(NeighbourRows.picture(set, i));
            }
            output.writePng("grid.png", EmbeddingPictures.imageGrid(y, images, labels, tile, 1.0));
        } else if (!progress.quiet) {
            System.out.println("no images (--data) given: grid.png is not drawn");
        }
        manifest.device(device).seed(seed);
        manifest.setting("method", opt.method());
        manifest.setting("perplexity", perplexity);
        manifest.setting("theta", opt.method() == Tsne.Method.BARNES_HUT ? theta : null);
        manifest.setting("iterations", iterations);
        manifest.setting("learningRate", learningRate);
        manifest.setting("exaggeration", exaggeration);
        manifest.setting("exaggerationIterations", exaggerationIterations);
        manifest.setting("momentum", List.of(opt.initialMomentum(), opt.finalMomentum(), opt.momentumSwitch()));
        manifest.setting("init", opt.init());
        manifest.setting("points", x.length);
        manifest.setting("dimensions", x[0].length);
        manifest.setting("klEvery", reportEvery);
        manifest.setting("klHistory", klHistory);
        manifest.setting("finalKl", t.kl());
        manifest.setting("tile", tile);
        manifest.elapsed(Duration.between(t0, Instant.now()));
        Path m = manifest.write(output);
        System.out.printf(Locale.ROOT, "KL %.4f after %d iterations; wrote %s to %s%n", t.kl(), iterations,
                String.join(", ", output.files()), m.getParent());
        return 0;
    }

    private int sideFor() {
        return imageSize;
    }

    private Tsne.Options options() {
        Tsne.Method m = switch (method.toLowerCase(Locale.ROOT)) {
            case "barnes-hut", "bh" -> Tsne.Method.BARNES_HUT;
            case "exact" -> Tsne.Method.EXACT;
            default -> throw new IllegalArgumentException("--method is barnes-hut or exact, got '" + method + "'");
        };
        Tsne.Init i = switch (init.toLowerCase(Locale.ROOT)) {
            case "pca" -> Tsne.Init.PCA;
            case "random" -> Tsne.Init.RANDOM;
            default -> throw new IllegalArgumentException("--init is pca or random, got '" + init + "'");
        };
        Tsne.Options d = Tsne.Options.defaults();
        return new Tsne.Options(m, perplexity, theta, iterations, learningRate, exaggeration, exaggerationIterations,
                d.initialMomentum(), d.finalMomentum(), d.momentumSwitch(), i, seed);
    }
}
