package org.convscope.app.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.convscope.app.report.Context;
import org.convscope.app.report.Report;
import org.convscope.app.report.Sections;
import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.AttributionImages;
import org.convscope.vis.attribution.ClassScores;
import org.convscope.vis.data.DataSpec;
import org.convscope.vis.data.QueryImages;
import org.convscope.vis.embed.LayerCodes;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.RunOutput;
import org.convscope.vis.patches.FolderImages;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convscope report}: the demo's sections for a model and images the user names, written as
 * one HTML page. Sections that do not apply (no labelled data set for t-SNE, no convolution) are
 * kept on the page with a note saying why.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Runs every visualization ConvScope has on a trained model and your images and writes one HTML "
                + "report (index.html beside its PNG pictures), like 'convscope demo'. t-SNE and nearest neighbours "
                + "need a labelled data set (--data); without it they use the images given when there are at least "
                + "12, else they are skipped with a note.",
                "Example: convscope report -w bvlc_alexnet.caffemodel --labels synset_words.txt photos/ --out report"})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files, or folders of images.")
    List<Path> imageArgs;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Class names, one per line (synset_words.txt: 'n01440764 tench, Tinca tinca').")
    Path labels;

    @Mixin
    ImageOptions imageOptions;

    @Option(names = "--data", paramLabel = "SPEC",
            description = "Labelled images for t-SNE and nearest neighbours: folder:DIR (one sub-folder per class), "
                    + "shapes:SEED:COUNT or mnist:DIR[:PREFIX] (@FROM-TO).")
    String data;

    @Option(names = "--max-images", defaultValue = "6", paramLabel = "N",
            description = "Explain at most the first N images (default: ${DEFAULT-VALUE}).")
    int maxImages;

    @Option(names = "--quick", description = "Reduced sizes (fewer samples and iterations).")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of SmoothGrad's noise and t-SNE (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutputOptions out = OutputOptions.withDefault("convscope-report", "Folder for index.html and its pictures (default: ${DEFAULT-VALUE}; inputs are never written).");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.time.Instant start = java.time.Instant.now();
        if (maxImages < 1) {
            throw new IllegalArgumentException("--max-images must be at least 1, got " + maxImages);
        }
        Device d = modelOptions.device();
        Net net = modelOptions.load(d);
        Checks.oneInput(net, "the report");
        Preprocessing pre = imageOptions.forDeclaredInput(net, modelOptions);
        Shape declared = net.declaredInputShape(net.inputNames().get(0));
        boolean grey = declared != null && declared.c() == 1;
        List<Path> files = FolderImages.expand(imageArgs);
        List<Context.Image> images = new ArrayList<>();
        List<Path> readable = new ArrayList<>();
        for (Path f : files) {
            BufferedImage img;
            try {
                if (!Files.isRegularFile(f)) {
                    throw new IOException("no such file");
                }
                img = org.convscope.tensor.Images.readImage(f);
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("convscope report: skipping " + f + ": " + e.getMessage());
                continue;
            }
            readable.add(f);
            if (images.size() < maxImages) {
                Tensor x = grey ? pre.applyGrey(img, d) : pre.apply(img, d);
                images.add(new Context.Image(f.getFileName().toString(), x, pre.deprocess(x), -1));
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no readable images in " + imageArgs);
        }
        String scoreBlob;
        try {
            scoreBlob = ClassScores.scoreBlob(net);
        } catch (IllegalArgumentException e) {
            scoreBlob = null;
        }
        ClassNames names = labels == null ? modelOptions.defaultClassNames() : ClassNames.read(labels);
        if (names != null && scoreBlob != null && names.size() != ClassScores.classCount(net, scoreBlob)) {
            throw new IllegalArgumentException((labels != null ? labels.toString() : "the class list") + " has "
                    + names.size() + " class names, the net has " + ClassScores.classCount(net, scoreBlob) + " classes");
        }
        int side = pre.resize() > 0 ? pre.resize() : pre.crop();
        Dataset set = null;
        String dataName = null;
        if (data != null) {
            set = DataSpec.open(data, side);
            dataName = data;
        } else if (readable.size() >= 12) {
            set = new QueryImages(readable, side);
            dataName = "the " + readable.size() + " images given (no classes)";
        }
        List<Path> inputs = new ArrayList<>(readable);
        inputs.addAll(modelOptions.files());
        if (labels != null) {
            inputs.add(labels);
        }
        if (imageOptions.meanFile != null) {
            inputs.add(imageOptions.meanFile);
        }
        Context c = new Context(net, pre, names, scoreBlob, images, set, dataName, LayerCodes.layer(net, scoreBlob),
                new RunOutput(out.dir(), inputs), new AttributionImages(AttributionImages.MIN_SIDE, ChannelOrder.BGR), quick,
                seed, System.out);
        List<Map.Entry<String, String>> facts = new ArrayList<>();
        facts.add(new SimpleEntry<>("model", net.name() + " (" + (modelOptions.model != null ? modelOptions.model
                : "recognized from the weights") + "), " + String.format("%,d", net.parameterCount()) + " parameters"));
        if (modelOptions.weights != null) {
            facts.add(new SimpleEntry<>("weights", modelOptions.weights.toString()));
        } else if (modelOptions.randomSeed != null) {
            facts.add(new SimpleEntry<>("weights", "random (seed " + modelOptions.randomSeed + "): the pictures show an "
                    + "untrained net"));
        }
        facts.add(new SimpleEntry<>("preprocessing", "resize " + pre.resize() + ", crop " + pre.crop()
                + (pre.meanBgr() != null ? ", mean BGR " + java.util.Arrays.toString(pre.meanBgr()) : "")
                + (imageOptions.meanFile != null ? ", mean image " + imageOptions.meanFile : "") + ", scale " + pre.scale() + (grey ? ", grey" : "")));
        facts.add(new SimpleEntry<>("images", images.size() + " explained" + (readable.size() > images.size()
                ? " (the first " + images.size() + " of " + readable.size() + "; --max-images)" : "")));
        facts.add(new SimpleEntry<>("classes", names == null ? "numbers (no --labels)" : names.size() + " names"
                + (labels != null ? " from " + labels : "")));
        facts.add(new SimpleEntry<>("device", d.name()));
        Report.Header h = new Report.Header("ConvScope report: " + net.name(),
                "Every visualization ConvScope has, run on this model and these images. Each section says what the "
                        + "pictures show and how to read them; click a picture to open it at full size.", facts);
        return ReportManifest.run("ConvScope report", spec, d.name(), c, Sections.all(), h, seed, quick, start,
                modelOptions.weights, modelOptions.modelFile(), readable);
    }
}
