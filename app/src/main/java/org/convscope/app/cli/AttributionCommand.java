package org.convscope.app.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.AttributionImages;
import org.convscope.vis.attribution.ClassScores;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Manifest;
import org.convscope.vis.render.RunOutput;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the attribution commands (saliency, guided, deconv, gradcam, smoothgrad, intgrad) share:
 * a model, one image preprocessed as {@code classify} does, an output folder that never receives
 * a file over an input, the pictures' size and opacity, and the manifest. A subclass computes
 * with the classes of {@code org.convscope.vis.attribution} and writes its pictures through the
 * {@link Run} it is given.
 */
abstract class AttributionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image (JPEG, PNG, BMP, GIF).")
    Path image;

    @Mixin
    OutputOptions out = OutputOptions.required("Folder for the pictures and manifest.json (created; files of the same name are replaced, inputs never).");

    @Mixin
    ImageOptions imageOptions;

    @Option(names = "--alpha", defaultValue = "0.7", paramLabel = "A",
            description = "Opacity of a heat map over the image where the map is strongest, 0-1; it fades to 0 with "
                    + "the map (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--clip", paramLabel = "PERCENTILE",
            description = "Saturate the colours above this percentile of the values, (0,100] (default: 100, "
                    + "99 for smoothgrad and intgrad).")
    Double clip;

    @Option(names = "--min-side", defaultValue = "" + AttributionImages.MIN_SIDE, paramLabel = "PX",
            description = "Enlarge small inputs (whole pixels) until the longer side is at least PX (default ${DEFAULT-VALUE}).")
    int minSide;

    /** Everything a subcommand needs once the net and the image are ready. */
    static final class Run {
        final Net net;
        final Preprocessing pre;
        final Tensor x;
        final BufferedImage seen;
        final RunOutput out;
        final Manifest manifest;
        final AttributionImages images;

        Run(Net net, Preprocessing pre, Tensor x, BufferedImage seen, RunOutput out, Manifest manifest,
            AttributionImages images) {
            this.net = net;
            this.pre = pre;
            this.x = x;
            this.seen = seen;
            this.out = out;
            this.manifest = manifest;
            this.images = images;
        }

        /** Writes a picture under {@code name} and says so. */
        void png(String name, BufferedImage img) throws IOException {
            Path p = out.writePng(name, img);
            System.out.println("wrote " + p);
        }

        /** The class: the one asked for (checked), else the net's prediction; recorded either way. */
        int chooseClass(Integer asked, String scoreBlob) {
            int cls;
            if (asked != null) {
                ClassScores.checkClass(net, scoreBlob, asked);
                cls = asked;
            } else {
                cls = ClassScores.predicted(net, x, scoreBlob);
            }
            manifest.setting("class", cls);
            manifest.setting("classChosenBy", asked != null ? "option" : "prediction");
            manifest.setting("scoreBlob", scoreBlob);
            return cls;
        }
    }

    /** Computes, writes the pictures and records the settings that shaped them. */
    abstract void run(Run r) throws IOException;

    /** The clip percentile when --clip is not given. */
    double defaultClip() {
        return 100;
    }

    /** The seed of the command's own randomness, or null. */
    Long seed() {
        return null;
    }

    @Override
    public final Integer call() throws Exception {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("--alpha must be in [0,1], got " + alpha);
        }
        if (clip != null && !(clip > 0 && clip <= 100)) {
            throw new IllegalArgumentException("--clip must be a percentile in (0,100], got " + clip);
        }
        if (minSide < 1) {
            throw new IllegalArgumentException("--min-side must be at least 1, got " + minSide);
        }
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException("cannot read image " + image + ": no such file");
        }
        Checks.outputDir(out.dir());
        Device device = modelOptions.device();
        Net net = modelOptions.load(device);
        Checks.oneInput(net, "attribution");
        Preprocessing pre = imageOptions.forDeclaredInput(net, modelOptions);
        BufferedImage img;
        try {
            img = org.convscope.tensor.Images.readImage(image);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read image " + image + ": " + e.getMessage(), e);
        }
        Shape declared = net.declaredInputShape(net.inputNames().get(0));
        boolean grey = declared != null && declared.c() == 1;
        Tensor x = grey ? pre.applyGrey(img, device) : pre.apply(img, device);
        Checks.pictureMemory(x.shape().h(), x.shape().w(), minSide);
        BufferedImage seen = pre.deprocess(x);

        RunRecord record = new RunRecord(spec, modelOptions, device, out.dir(), imageOptions.andMean(List.of(image)));
        Manifest manifest = record.manifest;
        manifest.input("image", image);
        record.net(net, modelOptions, pre, imageOptions, grey);
        manifest.setting("alpha", alpha);
        manifest.setting("minSide", minSide);
        double percentile = clip != null ? clip : defaultClip();
        manifest.setting("clipPercentile", percentile);
        Long seed = seed();
        manifest.seed(seed != null ? seed : modelOptions.randomSeed);
        AttributionImages images = new AttributionImages(minSide, ChannelOrder.BGR, percentile);
        run(new Run(net, pre, x, seen, record.out, manifest, images));
        System.out.println("wrote " + record.finish());
        return 0;
    }
}
