package org.convscope.vis.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.Set;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.data.CachedDataset;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.data.PcaColour;
import org.convscope.nn.data.Shapes;
import org.convscope.nn.train.Evaluation;
import org.convscope.nn.train.SolverSettings;
import org.convscope.nn.train.Trainer;
import org.convscope.nn.train.TrainingListener;
import org.convscope.tensor.Device;

/**
 * ConvScope's own model, shipped in the jar so that every visualization runs on a fresh machine
 * with nothing downloaded: a small AlexNet-shaped net (conv-relu-pool-LRN blocks, a grouped conv2,
 * fc6/fc7 with dropout, fc8) trained by ConvScope on the procedural {@link Shapes} (10 classes,
 * 64x64). Resources in {@code org/convscope/vis/demo/}: {@code shapes_deploy.prototxt},
 * {@code shapes_train_test.prototxt}, {@code solver.prototxt}, {@code shapes.caffemodel} and
 * {@code shapes.properties} (how it was made and its held-out accuracy).
 *
 * <p>Input: the 64x64 image, centre crop 56, BGR, {@code (x - 128) / 64} ({@link #preprocessing()}).
 * Training ({@link #train}): {@link #TRAIN_IMAGES} shapes from seed {@link #TRAIN_SEED}, random 56
 * crops, flips, colour jitter and AlexNet's PCA colour offset; held-out accuracy on
 * {@link #TEST_IMAGES} shapes from seed {@link #TEST_SEED}.
 */
public final class DemoModel {
    /** Where the resources are, on the class path. */
    public static final String RESOURCES = "/org/convscope/vis/demo/";
    public static final long TRAIN_SEED = 1;
    public static final int TRAIN_IMAGES = 12000;
    public static final long TEST_SEED = 1_000_001;
    public static final int TEST_IMAGES = 2000;
    public static final int SIZE = 64;
    public static final int CROP = 56;
    public static final float[] MEAN = {128f, 128f, 128f};
    public static final float SCALE = 1f / 64;

    private DemoModel() {
    }

    /** The test-time preprocessing of an image file or picture for the demo model. */
    public static Preprocessing preprocessing() {
        return new Preprocessing(SIZE, CROP, MEAN.clone(), null, null, SCALE);
    }

    /** The transform used for training (with augmentation; {@link InputTransform#test} for evaluation). */
    public static InputTransform transform(PcaColour pca) {
        return InputTransform.plain(MEAN.clone(), SCALE).withCrop(CROP, true).withJitter(0.2f, 0.2f, 0.2f)
                .withPca(pca, 0.1f);
    }

    /** The deploy definition alone (weights zero until loaded): for loading other weights, e.g. epoch snapshots. */
    public static Net architecture(Device device) throws IOException {
        return Net.fromDef(NetDef.parse(text("shapes_deploy.prototxt"), "shapes_deploy.prototxt"), device);
    }

    /** The shipped net (deploy definition + shipped weights), ready for inference. */
    public static Net load(Device device) throws IOException {
        Net net = architecture(device);
        Path tmp = Files.createTempFile("convscope-demo", ".caffemodel");
        try (InputStream in = open("shapes.caffemodel")) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            net.loadWeights(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return net;
    }

    /** What {@code shapes.properties} says about the shipped model (accuracy, seeds, command, time). */
    public static Properties info() {
        Properties p = new Properties();
        try (InputStream in = open("shapes.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A resource of the demo folder as text. */
    public static String text(String name) throws IOException {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = DemoModel.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IOException("resource " + RESOURCES + name + " is missing from the class path");
        }
        return in;
    }

    /** What {@link #train} did. */
    public record Outcome(Path caffemodel, Path properties, double accuracy, double seconds, int iterations) {
    }

    /**
     * Trains the demo model from scratch (the solver and net of the resources) and writes
     * {@code shapes.caffemodel}, the prototxts and {@code shapes.properties} into {@code outDir}.
     *
     * @param epochSnapshots epochs after which to also write {@code shapes_epoch_E.caffemodel} (feature evolution)
     */
    public static Outcome train(Path outDir, Device device, TrainingListener listener, Set<Integer> epochSnapshots)
            throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(outDir);
        SolverSettings s = SolverSettings.parse(text("solver.prototxt"), "solver.prototxt", null)
                .withSnapshot(0, outDir.resolve("shapes").toString());
        Dataset train = CachedDataset.of(new Shapes(TRAIN_SEED, TRAIN_IMAGES, SIZE));
        Dataset test = CachedDataset.of(new Shapes(TEST_SEED, TEST_IMAGES, SIZE));
        PcaColour pca = PcaColour.of(train, 500);
        Net net = Trainer.trainingNet(NetDef.parse(text("shapes_train_test.prototxt"), "shapes_train_test.prototxt"),
                device);
        InputTransform t = transform(pca);
        Trainer trainer = Trainer.init(net, s, train, Trainer.Options.of(64, t).withSeed(s.randomSeed())
                .withListener(listener).withSnapshotEpochs(epochSnapshots));
        Trainer.Result r = trainer.run();
        Evaluation.Result e = Evaluation.run(net, test, t, "data", "label", "fc8", 200);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path model = outDir.resolve("shapes.caffemodel");
        net.saveWeights(model);
        for (String f : new String[] {"shapes_deploy.prototxt", "shapes_train_test.prototxt", "solver.prototxt"}) {
            Files.writeString(outDir.resolve(f), text(f));
        }
        Properties p = new Properties();
        p.setProperty("command", "convscope train-demo --out " + outDir);
        p.setProperty("train.seed", Long.toString(TRAIN_SEED));
        p.setProperty("train.images", Integer.toString(TRAIN_IMAGES));
        p.setProperty("train.iterations", Integer.toString(r.iterations()));
        p.setProperty("train.epochs", String.format(java.util.Locale.ROOT, "%.2f", r.epochs()));
        p.setProperty("train.batch", "64");
        p.setProperty("test.seed", Long.toString(TEST_SEED));
        p.setProperty("test.images", Integer.toString(TEST_IMAGES));
        p.setProperty("test.accuracy", String.format(java.util.Locale.ROOT, "%.4f", e.accuracy()));
        p.setProperty("seconds", String.format(java.util.Locale.ROOT, "%.0f", seconds));
        p.setProperty("device", device.name());
        p.setProperty("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        Path props = outDir.resolve("shapes.properties");
        try (var w = Files.newBufferedWriter(props)) {
            p.store(w, "ConvScope demo model: how it was made (convscope train-demo) and its held-out accuracy");
        }
        return new Outcome(model, props, e.accuracy(), seconds, r.iterations());
    }
}
