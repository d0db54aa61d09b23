package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.DeepDream;
import org.convscope.vis.optimize.Diverged;
import org.convscope.vis.render.Manifest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope deepdream}: amplify what a layer sees in an image. */
@Command(name = "deepdream", mixinStandardHelpOptions = true,
        description = {"DeepDream (Mordvintsev et al. 2015): gradient ascent on 1/2 |layer activations|^2, steps "
                + "normalized by the mean |gradient|, jitter, octaves with the detail carried up, pixels kept valid. "
                + "With --frames N, zoom into the centre by --zoom after each dream and dream again (\"going deeper\").",
                "Writes OUT/deepdream.png, frame_NNNN.png with --frames, iter_NNNNN.png with --save-every, and manifest.json.",
                "Example: convscope deepdream -m demo shape.png --layer conv3 --out out"})
final class DeepDreamCommand extends OptimizeCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to dream on.")
    Path image;

    @Option(names = "--layer", required = true, paramLabel = "BLOB", description = "The blob whose activations to amplify.")
    String layer;

    @Option(names = "--size", paramLabel = "PX",
            description = "Dream at PX x PX (default: the net's input size); layers above --layer do not limit it.")
    Integer size;

    @Option(names = "--octaves", defaultValue = "4", paramLabel = "N", description = "Octaves (default ${DEFAULT-VALUE}).")
    int octaves;

    @Option(names = "--octave-scale", defaultValue = "1.4", paramLabel = "S", description = "Size ratio between octaves (default ${DEFAULT-VALUE}).")
    float octaveScale;

    @Option(names = "--steps", defaultValue = "10", paramLabel = "N", description = "Steps per octave (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "1.5", paramLabel = "GREY", description = "Step per pixel in grey levels, gradient normalized (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--jitter", defaultValue = "32", paramLabel = "PX", description = "Largest random shift (default ${DEFAULT-VALUE}).")
    int jitter;

    @Option(names = "--guide", paramLabel = "FILE",
            description = "Guide image: pull each position toward the guide feature it resembles most, instead of the L2 objective.")
    Path guide;

    @Option(names = "--frames", defaultValue = "0", paramLabel = "N", description = "Zoom-and-repeat: write N frames (default ${DEFAULT-VALUE}: one dream).")
    int frames;

    @Option(names = "--zoom", defaultValue = "1.05", paramLabel = "Z", description = "Zoom per frame (default ${DEFAULT-VALUE}).")
    float zoom;

    @Override
    List<Path> inputFiles() {
        return guide != null ? List.of(image, guide) : List.of(image);
    }

    @Override
    int run(Run r) throws IOException {
        Run rs = r;
        if (size != null) {
            if (size < 8) {
                throw new IllegalArgumentException("--size must be at least 8, got " + size);
            }
            Preprocessing p = new Preprocessing(size, size, r.pre.meanBgr(), r.pre.meanImage(), r.pre.meanShape(),
                    r.pre.scale());
            rs = new Run(r.net, r.device, p, Shape.of(1, r.inputShape.c(), size, size), r.grey, r.out, r.manifest,
                    r.minSide);
        }
        if (frames < 0 || !(zoom >= 1)) {
            throw new IllegalArgumentException("--frames must be >= 0 and --zoom >= 1");
        }
        float sc = rs.pre.scale();
        float[] box = rs.box();
        Checks.stepSize("--lr", lr, sc, box);
        DeepDream.Settings s = new DeepDream.Settings(steps, octaves, octaveScale, lr * sc, jitter, box[0], box[1], seed);
        rs.manifest.setting("layer", layer);
        rs.manifest.setting("settings", Manifest.plain(s));
        rs.manifest.setting("frames", frames);
        rs.manifest.setting("zoom", frames > 0 ? zoom : null);
        Tensor x = rs.image(image);
        Tensor g = guide != null ? rs.image(guide) : null;
        rs.manifest.setting("objective", g != null ? "guided by " + guide : "L2");
        int status = 0;
        int count = Math.max(1, frames);
        Device d = rs.device;
        for (int f = 0; f < count; f++) {
            DeepDream dd = g != null ? DeepDream.init(rs.net, layer, x, s, g) : DeepDream.init(rs.net, layer, x, s);
            Diverged why = drive(rs, dd, s.totalSteps(), rs::pixels);
            x = dd.result();
            if (why != null) {
                status = DIVERGED;
                break;
            }
            if (frames > 0) {
                rs.png(String.format("frame_%04d.png", f), rs.pre.deprocess(x));
                x = zoomed(d, x, zoom);
            }
        }
        rs.png("deepdream.png", rs.pixels(x));
        check(rs, x, "objective", true, "raise --lr (now " + lr + ") or --steps",
                "the steps are too large: lower --lr (now " + lr + ")", false);
        return status;
    }

    /** The centre 1/zoom of x, enlarged back to x's size (bilinear). */
    private static Tensor zoomed(Device d, Tensor x, float zoom) {
        Shape s = x.shape();
        int h = Math.max(1, Math.round(s.h() / zoom));
        int w = Math.max(1, Math.round(s.w() / zoom));
        Tensor crop = d.allocate(Shape.of(1, s.c(), h, w));
        d.cropPad(x, (s.h() - h) / 2, (s.w() - w) / 2, 0f, crop);
        Tensor y = d.allocate(s);
        d.resizeBilinear(crop, y);
        crop.close();
        return y;
    }
}
