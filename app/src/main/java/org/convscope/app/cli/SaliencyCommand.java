package org.convscope.app.cli;

import java.io.IOException;

import org.convscope.vis.attribution.Saliency;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code convscope saliency}: Simonyan's image-specific class saliency map. */
@Command(name = "saliency", mixinStandardHelpOptions = true,
        description = {"Saliency map (Simonyan et al. 2014): the gradient of the class score (before the softmax) "
                + "with respect to the pixels; per pixel max over colour channels of its absolute value.",
                "Writes OUT/input.png (what the net saw), saliency.png, saliency_overlay.png, gradient.png "
                        + "(the signed gradient, 0 = grey) and manifest.json.",
                "Example: convscope saliency -m cifar10_quick.prototxt -w cifar10_quick.caffemodel cat.png --out out"})
final class SaliencyCommand extends AttributionCommand {
    @Mixin
    ClassTargetOptions target;

    @Override
    void run(Run r) throws IOException {
        String scoreBlob = target.scoreBlob(r.net);
        int cls = r.chooseClass(target.cls, scoreBlob);
        Saliency.Result s = Saliency.compute(r.net, r.x, scoreBlob, cls);
        System.out.printf("class %d, score %.4f%n", cls, s.score());
        r.png("input.png", r.images.input(r.seen));
        r.png("saliency.png", r.images.heat(s.map()));
        r.png("saliency_overlay.png", r.images.overlay(r.seen, s.map(), alpha));
        r.png("gradient.png", r.images.signed(s.gradient()));
    }
}
