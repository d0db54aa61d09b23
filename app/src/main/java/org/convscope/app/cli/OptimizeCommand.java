package org.convscope.app.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.Diverged;
import org.convscope.vis.optimize.ImageSpace;
import org.convscope.vis.optimize.Iterative;
import org.convscope.vis.render.Manifest;
import org.convscope.vis.render.RunOutput;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the image-optimization commands (classmodel, adversarial, ...) share: a model and its
 * preprocessing, an output folder that never receives a file over an input, a seed, the loop that
 * drives an {@link Iterative} algorithm with a progress line per report (iteration, loss terms,
 * rate) and saves every N-th iterate, and the manifest. A run that diverges writes its last good
 * iterate, says which step and which loss term, and exits with status 3.
 */
abstract class OptimizeCommand implements Callable<Integer> {
    /** Exit status of a run stopped by a NaN or exploding loss (its last good iterate is written). */
    static final int DIVERGED = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    OutputOptions out = OutputOptions.required("Folder for the pictures and manifest.json (created; files of the same name are replaced, inputs never).");

    @Mixin
    ImageOptions imageOptions;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of every random choice (noise, jitter, ...): the same seed gives the same bytes (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save-every", defaultValue = "0", paramLabel = "N",
            description = "Also write every N-th iterate as iter_NNNNN.png (default ${DEFAULT-VALUE}: only the result).")
    int saveEvery;

    @Option(names = "--report-every", paramLabel = "N",
            description = "Print the loss terms every N iterations (default: about 10 lines per run).")
    Integer reportEvery;

    @Mixin
    ProgressOptions progress = ProgressOptions.described("Print no progress lines.");

    @Option(names = "--min-side", defaultValue = "224", paramLabel = "PX",
            description = "Enlarge small images (whole pixels) until the longer side is at least PX (default ${DEFAULT-VALUE}).")
    int minSide;

    /** Everything a subcommand needs once the net is ready: the net, its input space, the output and manifest. */
    static final class Run extends ImageSpace {
        final Net net;
        final RunOutput out;
        final Manifest manifest;

        Run(Net net, Device device, Preprocessing pre, Shape inputShape, boolean grey, RunOutput out,
            Manifest manifest, int minSide) {
            super(device, pre, inputShape, grey, minSide);
            this.net = net;
            this.out = out;
            this.manifest = manifest;
        }

        /** {@link #readBack(Path)} of a picture this run wrote. */
        Tensor readBack(String name) throws IOException {
            return readBack(out.dir().resolve(name));
        }

        /** Writes a picture under {@code name} and says so. */
        void png(String name, BufferedImage img) throws IOException {
            Path p = out.writePng(name, img);
            System.out.println("wrote " + p);
        }
    }

    /** Computes, writes the pictures and records the settings; returns the exit status. */
    abstract int run(Run r) throws IOException;

    /** Files the command reads besides the model (never overwritten). */
    List<Path> inputFiles() {
        return List.of();
    }

    /**
     * Drives an algorithm to its end: a line of loss terms every report interval, the iterate as
     * {@code iter_NNNNN.png} every {@code --save-every} steps. Records the iterations done, the last
     * loss terms and a divergence in the manifest.
     *
     * @param render how an iterate is pictured
     * @return the divergence, or null when the run finished
     */
    Diverged drive(Run r, Iterative algo, int iterations, java.util.function.Function<Tensor, BufferedImage> render)
            throws IOException {
        PrintStream o = System.out;
        int every = reportEvery != null ? Math.max(1, reportEvery) : Math.max(1, iterations / 10);
        long t0 = System.nanoTime();
        firstLosses = null;
        while (!algo.done()) {
            algo.step();
            int t = algo.iteration();
            if (firstLosses == null && algo.diverged() == null) {
                firstLosses = new LinkedHashMap<>(algo.losses());
            }
            if (!progress.quiet && algo.diverged() == null && (t % every == 0 || t == 1 || algo.done())) {
                double secs = (System.nanoTime() - t0) / 1e9;
                o.printf("step %d/%d  %s  (%.1f it/s)%n", t, iterations, Iterative.format(algo.losses()), t / Math.max(secs, 1e-9));
            }
            if (saveEvery > 0 && t % saveEvery == 0 && algo.diverged() == null && !algo.done()) {
                r.png(String.format("iter_%05d.png", t), render.apply(algo.result()));
            }
        }
        lastLosses = new LinkedHashMap<>(algo.losses());
        r.manifest.setting("iterationsDone", algo.iteration());
        r.manifest.setting("finalLosses", new LinkedHashMap<>(algo.losses()));
        Diverged why = algo.diverged();
        if (why != null) {
            r.manifest.setting("stopped", why.message());
            spec.commandLine().getErr().println("convscope " + spec.name() + ": " + why.message());
            spec.commandLine().getErr().flush();
        }
        return why;
    }

    /** The loss terms after the first step of the last {@link #drive} (the start's, for most algorithms), or null. */
    Map<String, Double> firstLosses;
    /** The loss terms after the last step of the last {@link #drive}. */
    Map<String, Double> lastLosses;

    /**
     * Warns (see {@link #warn}) when the last {@link #drive} did not improve the loss term {@code term}
     * (higher is better with {@code maximize}) from its first step to its last, when the picture
     * {@code x} is saturated (more than a quarter of its values at 0 or 255 for a {@code generated}
     * picture, half for one made from a photo), or, for a generated picture, when it collapsed to the
     * mean. The hints say what to change.
     */
    void check(Run r, Tensor x, String term, boolean maximize, String noProgressHint, String saturatedHint,
               boolean generated) {
        org.convscope.vis.optimize.Outcome o = new org.convscope.vis.optimize.Outcome();
        if (term != null && firstLosses != null && lastLosses != null && firstLosses.containsKey(term)
                && lastLosses.containsKey(term)) {
            o.add(org.convscope.vis.optimize.Outcome.notImproved("the " + term, firstLosses.get(term),
                    lastLosses.get(term), maximize, noProgressHint));
        }
        if (generated) {
            o.add(org.convscope.vis.optimize.Outcome.collapsed(x, r.pre.scale(), noProgressHint));
        }
        try (Tensor scratch = r.device.allocate(x.shape())) {
            o.add(org.convscope.vis.optimize.Outcome.saturated(
                    org.convscope.vis.optimize.PixelBox.of(r.pre, x.shape(), r.device), x, scratch, saturatedHint,
                    generated ? org.convscope.vis.optimize.Outcome.SATURATED_FRACTION
                            : org.convscope.vis.optimize.Outcome.SATURATED_FRACTION_PHOTO));
        }
        warn(r, o);
    }

    /**
     * Prints each warning of a finished run as {@code convscope <command>: warning: ...} on the error
     * stream and records them in the manifest: a run that failed never writes its picture silently.
     */
    void warn(Run r, org.convscope.vis.optimize.Outcome outcome) {
        r.manifest.setting("warnings", outcome.isEmpty() ? null : new ArrayList<>(outcome.warnings()));
        for (String w : outcome.warnings()) {
            spec.commandLine().getErr().println("convscope " + spec.name() + ": warning: " + w);
        }
        spec.commandLine().getErr().flush();
    }

    @Override
    public final Integer call() throws Exception {
        if (saveEvery < 0) {
            throw new IllegalArgumentException("--save-every must be >= 0, got " + saveEvery);
        }
        if (minSide < 1) {
            throw new IllegalArgumentException("--min-side must be at least 1, got " + minSide);
        }
        Checks.outputDir(out.dir());
        Device device = modelOptions.device();
        Net net = modelOptions.load(device);
        Checks.oneInput(net, "an image optimization");
        Shape declared = net.declaredInputShape(net.inputNames().get(0));
        if (declared == null) {
            throw new IllegalArgumentException("net '" + net.name() + "' declares no input shape");
        }
        Preprocessing pre = imageOptions.preprocessing(net, declared, modelOptions);
        boolean grey = declared.c() == 1;
        Shape inputShape = Shape.of(1, declared.c(), pre.crop(), pre.crop());
        Checks.pictureMemory(inputShape.h(), inputShape.w(), minSide);

        RunRecord record = new RunRecord(spec, modelOptions, device, out.dir(), imageOptions.andMean(inputFiles()));
        Manifest manifest = record.manifest;
        for (Path p : inputFiles()) {
            manifest.input(p.getFileName().toString(), p);
        }
        record.net(net, modelOptions, pre, imageOptions, grey);
        manifest.setting("minSide", minSide);
        manifest.seed(seed);
        int status = run(new Run(net, device, pre, inputShape, grey, record.out, manifest, minSide));
        System.out.println("wrote " + record.finish());
        return status;
    }
}
