package org.convscope.app.cli;

import java.io.IOException;

import org.convscope.vis.attribution.Deconvnet;
import org.convscope.vis.attribution.Maps;
import org.convscope.vis.attribution.Unit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convscope deconv}: Zeiler and Fergus's deconvnet projection of one unit. */
@Command(name = "deconv", mixinStandardHelpOptions = true,
        description = {"Deconvnet projection (Zeiler & Fergus 2014): one unit's activation, every other activation of "
                + "its blob set to zero, sent down to the pixels through unpooling at the recorded switches, "
                + "rectification and transposed convolution.",
                "--unit C is channel C at its strongest position; --unit C,Y,X a given position.",
                "Writes OUT/input.png, deconv.png (signed, 0 = grey), deconv_magnitude.png, deconv_overlay.png, manifest.json.",
                "Example: convscope deconv -w bvlc_alexnet.caffemodel cat.jpg --blob conv5 --unit 12 --out out"})
final class DeconvCommand extends AttributionCommand {
    @Option(names = "--blob", required = true, paramLabel = "BLOB",
            description = "Blob to project from (a rectified one, e.g. conv5 after relu5; conv5@conv5 is before it).")
    String blob;

    @Option(names = "--unit", required = true, paramLabel = "C|C,Y,X", description = "The unit of --blob.")
    String unit;

    @Override
    void run(Run r) throws IOException {
        Deconvnet.Result d = Deconvnet.project(r.net, r.x, blob, Unit.parse(unit));
        r.manifest.setting("blob", blob);
        r.manifest.setting("unit", unit);
        r.manifest.setting("unitResolved", d.unit().toString());
        System.out.printf("%s unit %s, activation %.4f%s%n", blob, d.unit(), d.activation(),
                d.activation() <= 0 ? " (not active: the projection is zero)" : "");
        r.png("input.png", r.images.input(r.seen));
        r.png("deconv.png", r.images.signed(d.projection()));
        r.png("deconv_magnitude.png", r.images.heat(Maps.l2OverChannels(d.projection())));
        r.png("deconv_overlay.png", r.images.overlay(r.seen, Maps.l2OverChannels(d.projection()), alpha));
    }
}
