package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Images;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.ClassScores;
import org.convscope.vis.patches.FolderImages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convscope classify}: the top-k classes of each image. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classifies images with a trained net and prints the top-k classes with their probabilities.",
                "Built-in nets use their standard Caffe preprocessing (BGR, 0-255, resize 256, centre crop, mean; "
                        + "squeezenet: plain resize to 227, mean 104,117,123); a prototxt net gets its input size, no "
                        + "mean and --scale, unless --mean/--mean-bgr say otherwise.",
                "Example: convscope classify --model squeezenet cat.jpg (the bundled ImageNet net and class names)",
                "Example: convscope classify -w bvlc_alexnet.caffemodel --labels synset_words.txt cat.jpg"})
final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files, or folders of images.")
    List<Path> images;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Class names, one per line (synset_words.txt: 'n01440764 tench, Tinca tinca').")
    Path labels;

    @Option(names = {"-k", "--top"}, defaultValue = "5", description = "How many classes to show (default ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    ImageOptions imageOptions;

    @Option(names = "--json", description = "Print JSON (one object per image) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + top);
        }
        Device device = modelOptions.device();
        Net net = modelOptions.load(device);
        Preprocessing pre = imageOptions.forDeclaredInput(net, modelOptions);
        if (labels != null && !Files.isRegularFile(labels)) {
            throw new IllegalArgumentException("--labels " + labels + ": " + (Files.isDirectory(labels)
                    ? "is a directory; give a text file of class names, one a line" : "no such file"));
        }
        ClassNames names = labels == null ? modelOptions.defaultClassNames() : ClassNames.read(labels);
        String input = net.inputNames().get(0);
        boolean grey = net.declaredInputShape(input).c() == 1;
        String output = net.outputName();
        boolean isSoftmax = net.layer(net.layerNames().get(net.layerNames().size() - 1)).type().equals("Softmax");

        List<Path> files = FolderImages.expand(images);
        List<Map<String, Object>> results = new ArrayList<>();
        int failed = 0;
        for (Path file : files) {
            Tensor x;
            try {
                if (!Files.isRegularFile(file)) {
                    throw new IOException("no such file");
                }
                var img = Images.readImage(file);
                x = grey ? pre.applyGrey(img, device) : pre.apply(img, device);
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("convscope classify: skipping " + file + ": " + e.getMessage());
                failed++;
                continue;
            }
            float[] scores = net.forward(x, output).toArray();
            Checks.finiteResult(scores, new int[] {scores.length}, "the output '" + output + "' for " + file);
            if (!isSoftmax) {
                scores = ClassScores.softmax(scores);
            }
            if (names != null && names.size() != scores.length) {
                throw new IllegalArgumentException(labels + " has " + names.size() + " class names, the net has "
                        + scores.length + " outputs");
            }
            List<ClassNames.Prediction> best = ClassNames.top(scores, 0, scores.length, top, names);
            if (json) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("image", file.toString());
                r.put("top", best.stream().map(p -> names == null
                        ? Map.of("index", p.index(), "probability", p.score())
                        : Map.of("index", p.index(), "probability", p.score(), "label", p.label())).toList());
                results.add(r);
            } else {
                System.out.println(file);
                for (ClassNames.Prediction p : best) {
                    System.out.printf("  %7.4f  %4d  %s%n", p.score(), p.index(), names == null ? "" : p.label());
                }
            }
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            System.out.println(mapper.writeValueAsString(results));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images found in " + images);
        }
        return failed == 0 ? 0 : 2; // the lines above say which images could not be read, and why
    }
}
