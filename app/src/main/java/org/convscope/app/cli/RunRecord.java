package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.vis.render.Manifest;
import org.convscope.vis.render.RunOutput;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The bookkeeping every picture-writing command shares: the output folder (never an input file),
 * and the manifest (command, arguments, settings, seed, model and weight hashes, device, time).
 */
final class RunRecord {
    final Manifest manifest = new Manifest();
    final RunOutput out;
    private final long start = System.nanoTime();

    RunRecord(CommandSpec spec, ModelOptions model, Device device, Path outDir, Collection<Path> inputs)
            throws IOException {
        List<Path> all = new ArrayList<>(inputs);
        Path proto = model.modelFile(); // null for a built-in name and for the demo model
        if (proto != null) {
            all.add(proto);
        }
        if (model.weights != null) {
            all.add(model.weights);
        }
        if (Files.isRegularFile(outDir)) {
            throw new IllegalArgumentException("--out " + outDir + " is a file; give a folder");
        }
        this.out = new RunOutput(outDir, all);
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        manifest.command(spec.name(), args).device(device.name()).seed(model.randomSeed)
                .model(proto).weights(model.weights).version(version());
        if (ModelOptions.DEMO.equals(model.model)) {
            manifest.setting("model", ModelOptions.DEMO);
        } else if (model.model != null && proto == null) {
            manifest.setting("model", BuiltinNets.canonical(model.model));
        }
    }

    /**
     * Records the net's architecture and the preprocessing its images get ({@code --mean}'s file hashed),
     * as the attribution and optimization commands do.
     */
    void net(Net net, ModelOptions model, Preprocessing pre, ImageOptions images, boolean grey) throws IOException {
        String builtin = model.builtinName(net);
        manifest.setting("architecture", builtin != null ? builtin : net.name());
        manifest.setting("randomWeightsSeed", model.randomSeed);
        if (images.meanFile != null) {
            manifest.input("mean", images.meanFile);
        }
        manifest.setting("preprocessing.resize", pre.resize()).setting("preprocessing.crop", pre.crop())
                .setting("preprocessing.meanBgr", pre.meanBgr())
                .setting("preprocessing.meanImage", images.meanFile != null ? images.meanFile.toString() : null)
                .setting("preprocessing.scale", pre.scale()).setting("preprocessing.grey", grey);
    }

    /** At most this many input images are hashed into the manifest (a folder of thousands is named, not hashed). */
    static final int HASHED_INPUTS = 32;

    /** Records the input images: each hashed when there are few, else their count. */
    void inputs(List<Path> files) throws IOException {
        if (files.size() <= HASHED_INPUTS) {
            for (int i = 0; i < files.size(); i++) {
                if (Files.isRegularFile(files.get(i))) {
                    manifest.input(files.size() == 1 ? "images" : String.format("images[%03d]", i), files.get(i));
                }
            }
        }
        manifest.setting("imageFiles", files.size());
    }

    /** Writes the manifest; returns its path. */
    Path finish() throws IOException {
        manifest.elapsed(Duration.ofNanos(System.nanoTime() - start));
        return manifest.write(out);
    }

    private static String version() {
        String v = RunRecord.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** A file-name-safe form of a blob or layer name. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
