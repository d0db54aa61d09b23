package org.convscope.vis.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.NetFiles;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Shapes;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.vis.demo.DemoModel;

/**
 * Which net a run loads, as the command line and the Spark jobs name it, and the preprocessing its
 * images get: one resolution for every front end.
 * <ul>
 * <li>{@code model}: a built-in architecture ({@link BuiltinNets#names()}), {@code demo} (the shipped
 *     shapes model, {@link DemoModel}) or a deploy {@code .prototxt}; may be null when {@code weights}
 *     is a built-in architecture's caffemodel;</li>
 * <li>{@code weights}: a {@code .caffemodel} (or Deep Compression {@code .net}), or null;</li>
 * <li>{@code randomSeed}: random weights from this seed instead of a file, or null.</li>
 * </ul>
 * Nets with weights inside the jar (SqueezeNet, the demo model) need neither.
 *
 * @param model      built-in name, {@code demo}, a prototxt path, or null
 * @param weights    weights file, or null
 * @param randomSeed seed of random weights, or null
 */
public record NetSpec(String model, Path weights, Long randomSeed) {
    /** {@code demo}: the shipped demo model ({@link DemoModel}). */
    public static final String DEMO = "demo";

    /** {@link #load(Device, Consumer)} with no check of a prototxt net before its weights. */
    public Net load(Device d) throws IOException {
        return load(d, net -> { });
    }

    /**
     * Builds the net and gives it weights: from {@code weights}, from {@code randomSeed}, from the jar,
     * or refuses with what to give.
     *
     * @param checkPrototxtNet runs on a net built from a prototxt (its input shapes declared) before the
     *                         weights are read, e.g. to refuse one too large for memory
     */
    public Net load(Device d, Consumer<Net> checkPrototxtNet) throws IOException {
        if (DEMO.equals(model) && (weights != null || randomSeed != null)) {
            throw new IllegalArgumentException("--model demo is the shipped demo model and has its own weights: leave out "
                    + (weights != null ? "--weights" : "--random-weights"));
        }
        requireWeightsFile();
        if (weights != null && randomSeed != null) {
            throw new IllegalArgumentException("give --weights or --random-weights, not both");
        }
        if (DEMO.equals(model)) {
            return DemoModel.load(d);
        }
        if (model == null && weights == null) {
            throw new IllegalArgumentException("give --model (a built-in name or a prototxt) and/or --weights");
        }
        Path prototxt = modelFile() == null ? null : prototxt();
        if (model != null && weights == null && randomSeed == null && !BuiltinNets.hasBundledWeights(model)) {
            throw new IllegalArgumentException("--model " + model + " needs weights: give --weights FILE.caffemodel"
                    + " (or --random-weights SEED to try it out)");
        }
        return NetFiles.load(model, weights, randomSeed, d, net -> {
            if (prototxt != null) {
                for (String in : net.inputNames()) {
                    net.requireDeclaredInputShape(in);
                }
                checkPrototxtNet.accept(net);
            }
        });
    }

    private void requireWeightsFile() {
        if (weights != null && Files.isDirectory(weights)) {
            throw new IllegalArgumentException("--weights " + weights + " is a directory; give the .caffemodel (or .net) file");
        }
        if (weights != null && !Files.exists(weights)) {
            throw new IllegalArgumentException("--weights " + weights + ": no such file");
        }
        if (weights != null && !Files.isReadable(weights)) {
            throw new IllegalArgumentException("--weights " + weights + ": permission denied");
        }
    }

    /**
     * The architecture alone, weights not loaded (zero): {@code demo}, a built-in name or a prototxt.
     * For runs that load several weight files into one definition; refuses {@code weights} and
     * {@code randomSeed}, which such a run takes from elsewhere.
     *
     * @param weightsFrom what the run takes its weights from, for the messages
     */
    public Net architecture(Device d, String weightsFrom) throws IOException {
        if (weights != null || randomSeed != null) {
            throw new IllegalArgumentException("this command takes its weights from " + weightsFrom + ", not from "
                    + (weights != null ? "--weights" : "--random-weights"));
        }
        if (model == null) {
            throw new IllegalArgumentException("give --model (a deploy prototxt, a built-in name or 'demo'): the "
                    + "architecture the weights of " + weightsFrom + " are loaded into");
        }
        if (DEMO.equals(model)) {
            return DemoModel.architecture(d);
        }
        if (modelFile() != null) {
            prototxt();
        }
        return NetFiles.architecture(model, d);
    }

    /** {@code model} as a prototxt file, refused (naming the option) when there is none. */
    private Path prototxt() {
        Path proto = Path.of(model);
        if (!Files.isRegularFile(proto)) {
            throw new IllegalArgumentException("--model '" + model + "' is neither a built-in net ("
                    + String.join(", ", BuiltinNets.names()) + ") nor an existing prototxt file");
        }
        return proto;
    }

    /** The built-in name the net answers to, or null for a user prototxt or the demo model. */
    public String builtinName(Net net) {
        if (DEMO.equals(model)) {
            return null;
        }
        String name = model != null ? model : net.name();
        return BuiltinNets.isBuiltin(name) ? BuiltinNets.canonical(name) : null;
    }

    /** The net's own preprocessing (built-in nets and the demo model know theirs), or null for a prototxt net. */
    public Preprocessing defaultPreprocessing(Net net) {
        if (DEMO.equals(model)) {
            return DemoModel.preprocessing();
        }
        String b = builtinName(net);
        return b == null ? null : Preprocessing.forBuiltin(b);
    }

    /** {@link #defaultPreprocessing}, refused when none is known (for runs that read a data set through the net). */
    public Preprocessing requirePreprocessing(Net net) {
        Preprocessing pre = defaultPreprocessing(net);
        if (pre == null) {
            throw new IllegalArgumentException("no preprocessing known for this net; use a built-in net or --model demo");
        }
        return pre;
    }

    /**
     * The preprocessing of images fed to the net: its own ({@link #defaultPreprocessing}), or for a
     * prototxt net a resize to its input size; then {@code meanFile} or {@code meanBgr} instead of the
     * default mean, and {@code scale} after it. A built-in net keeps its resize (then the centre crop).
     *
     * @param in       the net's input shape (N x C x H x W)
     * @param meanFile mean image (.binaryproto or .npy, 3 x H x W, BGR), or null
     * @param meanBgr  per-channel mean B,G,R, or null
     * @param scale    factor after the mean, or null
     */
    public Preprocessing preprocessing(Net net, Shape in, Path meanFile, float[] meanBgr, Float scale) throws IOException {
        if (meanFile != null && meanBgr != null) {
            throw new IllegalArgumentException("give --mean FILE or --mean-bgr B,G,R, not both: each replaces the net's mean");
        }
        Preprocessing base = defaultPreprocessing(net);
        int resize = base != null ? base.resize() : in.h();
        if (meanFile != null) {
            if (!Files.isRegularFile(meanFile)) {
                throw new IllegalArgumentException("mean file " + meanFile + " does not exist");
            }
            Preprocessing m = Preprocessing.withMeanFile(in.h(), meanFile);
            base = new Preprocessing(resize, in.h(), null, m.meanImage(), m.meanShape(), 1f);
        } else if (meanBgr != null) {
            if (meanBgr.length != 3) {
                throw new IllegalArgumentException("--mean-bgr needs three values B,G,R");
            }
            base = new Preprocessing(resize, in.h(), meanBgr.clone(), null, null, 1f);
        } else if (base == null) {
            base = new Preprocessing(in.h(), in.h(), null, null, null, 1f);
        }
        if (scale != null) {
            base = new Preprocessing(base.resize(), base.crop(), base.meanBgr(), base.meanImage(), base.meanShape(), scale);
        }
        return base;
    }

    /** The prototxt file given as {@code model}, or null for a built-in name or the demo. */
    public Path modelFile() {
        return model == null || DEMO.equals(model) || BuiltinNets.isBuiltin(model) ? null : Path.of(model);
    }

    /** The files the model is read from (the weights, then a prototxt), for a run's list of inputs. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        if (weights != null) {
            files.add(weights);
        }
        if (modelFile() != null) {
            files.add(modelFile());
        }
        return files;
    }

    /** Class names the model knows by itself (the demo model's shapes, SqueezeNet's ImageNet classes), or null. */
    public ClassNames defaultClassNames() {
        if (model != null && BuiltinNets.isBuiltin(model)) {
            return BuiltinNets.classNames(model);
        }
        return DEMO.equals(model) ? ClassNames.of(Shapes.CLASSES) : null;
    }
}
