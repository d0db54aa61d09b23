package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.vis.data.NetSpec;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every command that runs a net shares: which architecture, which weights, which
 * device. {@code --model} is a built-in name or a prototxt; with a built-in caffemodel alone the
 * architecture is recognized from the file.
 */
final class ModelOptions {
    /** {@code --model demo}: the shipped demo model ({@link org.convscope.vis.demo.DemoModel}). */
    static final String DEMO = NetSpec.DEMO;

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

    @Mixin
    DeviceOptions devices = new DeviceOptions();

    Device device() {
        return devices.open();
    }

    /** What the options name, for the library ({@link NetSpec} resolves and loads it). */
    NetSpec spec() {
        return new NetSpec(model, weights, randomSeed);
    }

    /** Builds the net and gives it weights: from --weights, from --random-weights, or refuses ({@link NetSpec#load}). */
    Net load(Device d) throws IOException {
        return spec().load(d, net -> Checks.netMemory(net, d, "declare a smaller input in the prototxt"));
    }

    /** {@link NetSpec#architecture}: the architecture alone, for commands that take their weights from elsewhere. */
    Net architecture(Device d, String weightsFrom) throws IOException {
        return spec().architecture(d, weightsFrom);
    }

    /** The built-in name the net answers to, or null for a user prototxt. */
    String builtinName(Net net) {
        return spec().builtinName(net);
    }

    /** The default preprocessing for this net (built-in nets know theirs). */
    Preprocessing defaultPreprocessing(Net net) {
        return spec().defaultPreprocessing(net);
    }

    /** {@link #defaultPreprocessing}, refused when none is known (for commands that read a data set through the net). */
    Preprocessing requirePreprocessing(Net net) {
        return spec().requirePreprocessing(net);
    }

    /** The prototxt file given as --model, or null for a built-in name or the demo. */
    Path modelFile() {
        return spec().modelFile();
    }

    /** The files the model was read from (the weights, then a prototxt), for a run's list of inputs. */
    java.util.List<Path> files() {
        return spec().files();
    }

    /** Class names the model knows by itself (the demo model's shapes, SqueezeNet's ImageNet classes), or null. */
    org.convscope.nn.ClassNames defaultClassNames() {
        return spec().defaultClassNames();
    }
}
