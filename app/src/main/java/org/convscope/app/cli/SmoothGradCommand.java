package org.convscope.app.cli;

import java.io.IOException;

import org.convscope.tensor.ReluMode;
import org.convscope.vis.attribution.Saliency;
import org.convscope.vis.attribution.SmoothGrad;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convscope smoothgrad}: the saliency gradient averaged over noisy copies of the image. */
@Command(name = "smoothgrad", mixinStandardHelpOptions = true,
        description = {"SmoothGrad (Smilkov et al. 2017): the class-score gradient averaged over N copies of the image "
                + "with Gaussian noise of standard deviation NOISE x (max - min of the input); per pixel max over "
                + "colour channels of its absolute value. The single-gradient saliency map is written beside it.",
                "Writes OUT/input.png, smoothgrad.png, smoothgrad_overlay.png, smoothgrad_gradient.png (signed), "
                        + "saliency.png (no noise, same colours) and manifest.json.",
                "Example: convscope smoothgrad -w bvlc_alexnet.caffemodel cat.jpg --samples 50 --noise 0.15 --seed 1 --out out"})
final class SmoothGradCommand extends AttributionCommand {
    @Mixin
    ClassTargetOptions target;

    @Option(names = {"-n", "--samples"}, defaultValue = "50", paramLabel = "N",
            description = "Noisy copies (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--noise", defaultValue = "0.15", paramLabel = "FRACTION",
            description = "Noise standard deviation as a fraction of the input's range (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Seed of the noise (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mode", defaultValue = "standard", paramLabel = "standard|guided",
            description = "Gradient averaged: plain backprop or guided backprop (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--batch", defaultValue = "10", paramLabel = "B",
            description = "Copies per forward/backward pass (speed and memory only; default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    Long seed() {
        return seed;
    }

    @Override
    double defaultClip() {
        return 99;
    }

    @Override
    void run(Run r) throws IOException {
        ReluMode m = BackwardCommand.parseMode(mode);
        if (m == ReluMode.DECONVNET) {
            throw new IllegalArgumentException("--mode must be standard or guided for SmoothGrad");
        }
        String scoreBlob = target.scoreBlob(r.net);
        int cls = r.chooseClass(target.cls, scoreBlob);
        SmoothGrad.Result s = SmoothGrad.compute(r.net, r.x, scoreBlob, cls, samples, noise, seed, m, batch);
        Saliency.Result plain = Saliency.compute(r.net, r.x, scoreBlob, cls);
        r.manifest.setting("samples", samples);
        r.manifest.setting("noise", noise);
        r.manifest.setting("sigma", s.sigma());
        r.manifest.setting("mode", m);
        r.manifest.setting("batch", batch);
        System.out.printf("class %d, %d samples, sigma %.4g%n", cls, samples, s.sigma());
        r.png("input.png", r.images.input(r.seen));
        r.png("smoothgrad.png", r.images.heat(s.map()));
        r.png("smoothgrad_overlay.png", r.images.overlay(r.seen, s.map(), alpha));
        r.png("smoothgrad_gradient.png", r.images.signed(s.meanGradient()));
        r.png("saliency.png", r.images.heat(plain.map()));
    }
}
