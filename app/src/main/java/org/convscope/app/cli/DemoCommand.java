package org.convscope.app.cli;

import java.awt.image.BufferedImage;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Shapes;
import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.AttributionImages;
import org.convscope.vis.demo.DemoModel;
import org.convscope.vis.demo.DemoPhotos;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.RunOutput;
import org.convscope.app.report.Context;
import org.convscope.app.report.Report;
import org.convscope.app.report.ReportSection;
import org.convscope.app.report.Sections;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code convscope demo}: the report's algorithms on a real ImageNet net, the built-in SqueezeNet,
 * and four bundled public-domain photos (classification, model summary, conv1's filters, saliency,
 * guided backprop, deconvnet, Grad-CAM, occlusion, class models, DeepDream), and the sections that
 * need a labelled data set (t-SNE, nearest neighbours) on the shipped shapes model and its
 * generated data, written as one HTML page. {@code --shapes} runs every section on the shapes
 * model instead. Nothing to download; the same settings write the same pictures.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs ConvScope's visualizations on the built-in SqueezeNet (a real ImageNet classifier shipped "
                + "in the jar) and four bundled public-domain photos: classification, model summary, conv1's filters, "
                + "saliency, guided backprop, deconvnet, Grad-CAM, occlusion, class models, DeepDream; and t-SNE and "
                + "nearest neighbours, which need a labelled data set, on the shipped shapes model (a small "
                + "AlexNet-shaped net trained on 10 classes of generated shapes). Writes one HTML report (index.html "
                + "beside its PNG pictures): a section per algorithm with the pictures, what they show, the settings "
                + "and the time taken. Prints the path of the report.",
                "With --shapes, every section runs on the shapes model and generated images instead.",
                "Example: convscope demo --out convscope-demo"})
final class DemoCommand implements Callable<Integer> {
    /** The classes whose class models the ImageNet demo draws: flamingo, Granny Smith, volcano. */
    static final int[] CLASS_MODELS = {130, 948, 980};
    /** The layer DeepDream amplifies in SqueezeNet: a middle Fire module's output. */
    static final String DREAM_LAYER = "fire7/concat";
    /** Seed of the generated images the per-image sections explain. */
    static final long IMAGES_SEED = 7;
    /** Seed of the generated data set of the t-SNE and nearest-neighbour sections. */
    static final long DATA_SEED = 3;

    @Mixin
    OutputOptions out = OutputOptions.withDefault("convscope-demo", "Folder for index.html and its pictures (default: ${DEFAULT-VALUE}).");

    @Option(names = "--quick", description = "Reduced sizes (2 images, fewer samples and iterations): seconds, for tests.")
    boolean quick;

    @Option(names = "--images", paramLabel = "N",
            description = "Images explained (default: the 4 photos, 1 with --quick; with --shapes 4, 2 with --quick).")
    Integer count;

    @Option(names = "--shapes", description = "Every section on the shipped shapes model and generated images (the "
            + "demo of before the built-in SqueezeNet).")
    boolean shapes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of SmoothGrad's noise and t-SNE (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DeviceOptions devices;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!shapes) {
            return imagenet();
        }
        java.time.Instant start = java.time.Instant.now();
        int n = count != null ? count : quick ? 2 : 4;
        if (n < 1 || n > Shapes.CLASSES.size()) {
            throw new IllegalArgumentException("--images must be 1.." + Shapes.CLASSES.size() + ", got " + n);
        }
        Device d = devices.open();
        Net net = DemoModel.load(d);
        Preprocessing pre = DemoModel.preprocessing();
        List<Context.Image> images = images(pre, d, n);
        int dataCount = quick ? 120 : 500;
        Shapes data = new Shapes(DATA_SEED, dataCount, DemoModel.SIZE);
        String dataName = "shapes:" + DATA_SEED + ":" + dataCount;
        Context c = new Context(net, pre, ClassNames.of(Shapes.CLASSES), "fc8", images, data, dataName, "fc7",
                new RunOutput(out.dir(), List.of()), new AttributionImages(quick ? 112 : AttributionImages.MIN_SIDE,
                ChannelOrder.BGR), quick, seed, System.out);
        var info = DemoModel.info();
        List<Map.Entry<String, String>> facts = new ArrayList<>();
        facts.add(new SimpleEntry<>("model", "the demo model: " + net.name() + ", " + String.format("%,d",
                net.parameterCount()) + " parameters, trained on " + info.getProperty("train.images", "?")
                + " generated shapes images; held-out accuracy " + info.getProperty("test.accuracy", "?")));
        facts.add(new SimpleEntry<>("classes", String.join(", ", Shapes.CLASSES)));
        facts.add(new SimpleEntry<>("images", n + " generated images (shapes seed " + IMAGES_SEED + "), one per class"));
        facts.add(new SimpleEntry<>("data set", dataName + " (" + dataCount + " images) for t-SNE and neighbours"));
        facts.add(new SimpleEntry<>("device", d.name()));
        facts.add(new SimpleEntry<>("command", "convscope demo" + (quick ? " --quick" : "") + " --seed " + seed));
        Report.Header h = new Report.Header("ConvScope demo report",
                "Every visualization ConvScope has, run on its shipped demo model. Each section says what the pictures "
                        + "show and how to read them; click a picture to open it at full size.", facts);
        return ReportManifest.run("ConvScope demo", spec, d.name(), c, Sections.all(), h, seed, quick, start, null, null,
                List.of());
    }

    /** The ImageNet demo: SqueezeNet on the bundled photos, the data-set sections on the shapes model. */
    private int imagenet() throws Exception {
        java.time.Instant start = java.time.Instant.now();
        int n = count != null ? count : quick ? 1 : DemoPhotos.NAMES.size();
        if (n < 1 || n > DemoPhotos.NAMES.size()) {
            throw new IllegalArgumentException("--images must be 1.." + DemoPhotos.NAMES.size() + " (the bundled photos), "
                    + "got " + n);
        }
        Device d = devices.open();
        Net net = BuiltinNets.pretrained(BuiltinNets.SQUEEZENET, d);
        Preprocessing pre = Preprocessing.forBuiltin(BuiltinNets.SQUEEZENET);
        List<Context.Image> images = new ArrayList<>();
        for (String name : DemoPhotos.NAMES.subList(0, n)) {
            BufferedImage img = DemoPhotos.read(name);
            Tensor x = pre.apply(img, d);
            images.add(new Context.Image(name, x, pre.deprocess(x), -1));
        }
        int dataCount = quick ? 120 : 500;
        Shapes data = new Shapes(DATA_SEED, dataCount, DemoModel.SIZE);
        String dataName = "shapes:" + DATA_SEED + ":" + dataCount;
        RunOutput output = new RunOutput(out.dir(), List.of());
        AttributionImages drawing = new AttributionImages(quick ? 112 : AttributionImages.MIN_SIDE, ChannelOrder.BGR);
        Net shapesNet = DemoModel.load(d);
        Context onShapes = new Context(shapesNet, DemoModel.preprocessing(), ClassNames.of(Shapes.CLASSES), "fc8",
                List.of(), data, dataName, "fc7", output, drawing, quick, seed, System.out);
        Context c = new Context(net, pre, BuiltinNets.classNames(BuiltinNets.SQUEEZENET), BuiltinNets.SQUEEZENET_SCORES,
                images, null, dataName + " on the shapes model", "fire9/concat", output, drawing, quick, seed, System.out);
        List<ReportSection> sections = new ArrayList<>(Sections.imagenet(DREAM_LAYER, CLASS_MODELS));
        for (ReportSection s : Sections.datasets()) {
            sections.add(Sections.on(onShapes, "shapes model", s));
        }
        var info = DemoModel.info();
        List<Map.Entry<String, String>> facts = new ArrayList<>();
        facts.add(new SimpleEntry<>("model", "squeezenet: SqueezeNet v1.0 (ImageNet, 1000 classes; top-1 57.5%), "
                + String.format("%,d", net.parameterCount()) + " parameters, its Deep Compression weights shipped in "
                + "the jar; preprocessing: resize to 227 x 227, BGR, mean 104/117/123"));
        facts.add(new SimpleEntry<>("images", n + " public-domain photos shipped in the jar: "
                + String.join(", ", DemoPhotos.NAMES.subList(0, n))));
        facts.add(new SimpleEntry<>("class models", classList(c)));
        facts.add(new SimpleEntry<>("data-set sections", "t-SNE and neighbours on the shapes model ("
                + info.getProperty("train.images", "?") + " training images, held-out accuracy "
                + info.getProperty("test.accuracy", "?") + ") and " + dataName + " (" + dataCount + " images)"));
        facts.add(new SimpleEntry<>("device", d.name()));
        facts.add(new SimpleEntry<>("command", "convscope demo" + (quick ? " --quick" : "") + " --seed " + seed));
        Report.Header h = new Report.Header("ConvScope demo report",
                "What a real ImageNet network sees in four photos, and how it thinks of its classes: SqueezeNet, shipped "
                        + "inside ConvScope. The last sections need a labelled data set and run on the shapes model. "
                        + "Each section says what the pictures show and how to read them; click a picture to open it "
                        + "at full size.", facts);
        return ReportManifest.run("ConvScope demo", spec, d.name(), c, sections, h, seed, quick, start, null, null,
                List.of());
    }

    private static String classList(Context c) {
        List<String> l = new ArrayList<>();
        for (int k : CLASS_MODELS) {
            l.add(k + " " + c.label(k));
        }
        return String.join(", ", l);
    }

    /** The first {@code n} generated images of distinct classes, preprocessed. */
    static List<Context.Image> images(Preprocessing pre, Device d, int n) {
        Shapes pool = new Shapes(IMAGES_SEED, 200, DemoModel.SIZE);
        List<Context.Image> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < pool.size() && out.size() < n; i++) {
            int label = pool.label(i);
            if (seen.add(label)) {
                BufferedImage img = pool.render(i);
                Tensor x = pre.apply(img, d);
                out.add(new Context.Image(Shapes.CLASSES.get(label) + " (shapes #" + i + ")", x, pre.deprocess(x), label));
            }
        }
        return out;
    }
}
