package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;

import picocli.CommandLine.Option;

/**
 * The options every command that runs a net shares: which architecture, which weights, which
 * device. {@code --model} is a built-in name or a prototxt; with a built-in caffemodel alone the
 * architecture is recognized from the file.
 */
final class ModelOptions {
    /** {@code --model demo}: the shipped demo model ({@link org.convscope.vis.demo.DemoModel}). */
    static final String DEMO = "demo";

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|PROTOTXT",
            description = "Built-in architecture (alexnet, caffenet, vgg16, vgg19, googlenet, lenet, squeezenet), "
                    + "'demo' (the shipped shapes model, no weights needed) or a deploy .prototxt. 'squeezenet' is a "
                    + "trained ImageNet net shipped inside ConvScope: no weights needed. May be left out when "
                    + "--weights is a built-in architecture's caffemodel.")
    String model;

    @Option(names = {"-w", "--weights"}, paramLabel = "CAFFEMODEL|NET",
            description = "Trained weights: a .caffemodel, or a Deep Compression .net file with the deploy prototxt "
                    + "it was made for as --model.")
    Path weights;

    @Option(names = "--random-weights", paramLabel = "SEED",
            description = "Random weights from this seed instead of a file (for timing and trying things out).")
    Long randomSeed;

    @Option(names = "--device", paramLabel = "cpu|opencl|auto",
            description = "Compute device (default: the convscope.device property, else auto).")
    String device;

    Device device() {
        return device == null ? Devices.defaultDevice() : Devices.open(device);
    }

    /** Builds the net and gives it weights: from --weights, from --random-weights, or refuses. */
    Net load(Device d) throws IOException {
        if (DEMO.equals(model) && (weights != null || randomSeed != null)) {
            throw new IllegalArgumentException("--model demo is the shipped demo model and has its own weights: leave out "
                    + (weights != null ? "--weights" : "--random-weights"));
        }
        requireWeightsFile();
        if (weights != null && randomSeed != null) {
            throw new IllegalArgumentException("give --weights or --random-weights, not both");
        }
        Net net;
        if (DEMO.equals(model) && weights == null && randomSeed == null) {
            return org.convscope.vis.demo.DemoModel.load(d);
        }
        if (model == null) {
            if (weights == null) {
                throw new IllegalArgumentException("give --model (a built-in name or a prototxt) and/or --weights");
            }
            return BuiltinNets.load(weights, d);
        }
        if (BuiltinNets.isBuiltin(model)) {
            if (weights == null && randomSeed == null && BuiltinNets.hasBundledWeights(model)) {
                return BuiltinNets.pretrained(model, d);
            }
            net = BuiltinNets.create(model, d);
        } else {
            net = Net.fromPrototxt(prototxt(), d);
            for (String in : net.inputNames()) {
                net.requireDeclaredInputShape(in);
            }
            Checks.netMemory(net, d, "declare a smaller input in the prototxt");
        }
        if (weights != null) {
            net.loadWeights(weights);
        } else if (randomSeed != null) {
            net.randomizeWeights(randomSeed);
        } else {
            throw new IllegalArgumentException("net '" + net.name() + "' needs weights: give --weights FILE.caffemodel"
                    + " (or --random-weights SEED to try it out)");
        }
        return net;
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
     * For commands that load several weight files into one definition; refuses --weights and
     * --random-weights, which such a command takes from elsewhere.
     *
     * @param weightsFrom what the command takes its weights from, for the messages
     */
    Net architecture(Device d, String weightsFrom) throws IOException {
        if (weights != null || randomSeed != null) {
            throw new IllegalArgumentException("this command takes its weights from " + weightsFrom + ", not from "
                    + (weights != null ? "--weights" : "--random-weights"));
        }
        if (model == null) {
            throw new IllegalArgumentException("give --model (a deploy prototxt, a built-in name or 'demo'): the "
                    + "architecture the weights of " + weightsFrom + " are loaded into");
        }
        if (DEMO.equals(model)) {
            return org.convscope.vis.demo.DemoModel.architecture(d);
        }
        if (BuiltinNets.isBuiltin(model)) {
            return BuiltinNets.create(model, d);
        }
        return Net.fromPrototxt(prototxt(), d);
    }

    /** {@code --model} as a prototxt file ({@link #load} and {@link #architecture} read it), refused when there is none. */
    private Path prototxt() {
        Path proto = Path.of(model);
        if (!Files.isRegularFile(proto)) {
            throw new IllegalArgumentException("--model '" + model + "' is neither a built-in net ("
                    + String.join(", ", BuiltinNets.names()) + ") nor an existing prototxt file");
        }
        return proto;
    }

    /** The built-in name the net answers to, or null for a user prototxt. */
    String builtinName(Net net) {
        if (DEMO.equals(model)) {
            return null;
        }
        if (model != null) {
            return BuiltinNets.isBuiltin(model) ? BuiltinNets.canonical(model) : null;
        }
        return BuiltinNets.isBuiltin(net.name()) ? BuiltinNets.canonical(net.name()) : null;
    }

    /** The default preprocessing for this net (built-in nets know theirs). */
    Preprocessing defaultPreprocessing(Net net) {
        if (DEMO.equals(model)) {
            return org.convscope.vis.demo.DemoModel.preprocessing();
        }
        String b = builtinName(net);
        return b == null ? null : Preprocessing.forBuiltin(b);
    }

    /** {@link #defaultPreprocessing}, refused when none is known (for commands that read a data set through the net). */
    Preprocessing requirePreprocessing(Net net) {
        Preprocessing pre = defaultPreprocessing(net);
        if (pre == null) {
            throw new IllegalArgumentException("no preprocessing known for this net; use a built-in net or --model demo");
        }
        return pre;
    }

    /** The prototxt file given as --model, or null for a built-in name or the demo. */
    Path modelFile() {
        return model == null || DEMO.equals(model) || BuiltinNets.isBuiltin(model) ? null : Path.of(model);
    }

    /** The files the model was read from (the weights, then a prototxt), for a run's list of inputs. */
    java.util.List<Path> files() {
        java.util.List<Path> files = new java.util.ArrayList<>();
        if (weights != null) {
            files.add(weights);
        }
        if (modelFile() != null) {
            files.add(modelFile());
        }
        return files;
    }

    /** Class names the model knows by itself (the demo model's shapes, SqueezeNet's ImageNet classes), or null. */
    org.convscope.nn.ClassNames defaultClassNames() {
        if (model != null && BuiltinNets.isBuiltin(model)) {
            return BuiltinNets.classNames(model);
        }
        return DEMO.equals(model) ? org.convscope.nn.ClassNames.of(org.convscope.nn.data.Shapes.CLASSES) : null;
    }
}
