package org.convscope.app.cli;

import java.io.IOException;

import org.convscope.vis.attribution.GuidedBackprop;
import org.convscope.vis.attribution.Maps;
import org.convscope.vis.attribution.Unit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convscope guided}: guided backpropagation of a class or of any unit. */
@Command(name = "guided", mixinStandardHelpOptions = true,
        description = {"Guided backpropagation (Springenberg et al. 2015) of a class score or of one unit of any blob: "
                + "the gradient with every ReLU passing only positive signal where its input was positive.",
                "--blob B --unit C picks channel C of B at its strongest position; --unit C,Y,X a given position.",
                "Writes OUT/input.png, guided.png (signed, 0 = grey), guided_magnitude.png, guided_overlay.png, manifest.json.",
                "Example: convscope guided -w bvlc_alexnet.caffemodel cat.jpg --blob conv5 --unit 12 --out out"})
final class GuidedCommand extends AttributionCommand {
    @Mixin
    ClassTargetOptions target;

    @Option(names = "--blob", paramLabel = "BLOB", description = "Start from a unit of this blob instead of a class.")
    String blob;

    @Option(names = "--unit", paramLabel = "C|C,Y,X", description = "The unit of --blob.")
    String unit;

    @Override
    void run(Run r) throws IOException {
        GuidedBackprop.Result g;
        if (blob != null || unit != null) {
            if (blob == null || unit == null) {
                throw new IllegalArgumentException("--blob and --unit go together");
            }
            if (target.cls != null) {
                throw new IllegalArgumentException("give --class or --blob/--unit, not both");
            }
            g = GuidedBackprop.forUnit(r.net, r.x, blob, Unit.parse(unit));
            r.manifest.setting("blob", blob);
            r.manifest.setting("unit", unit);
        } else {
            String scoreBlob = target.scoreBlob(r.net);
            int cls = r.chooseClass(target.cls, scoreBlob);
            g = GuidedBackprop.forClass(r.net, r.x, scoreBlob, cls);
        }
        r.manifest.setting("unitResolved", g.unit().toString());
        System.out.printf("%s unit %s, value %.4f%n", g.blob(), g.unit(), g.value());
        r.png("input.png", r.images.input(r.seen));
        r.png("guided.png", r.images.signed(g.gradient()));
        r.png("guided_magnitude.png", r.images.heat(Maps.l2OverChannels(g.gradient())));
        r.png("guided_overlay.png", r.images.overlay(r.seen, Maps.l2OverChannels(g.gradient()), alpha));
    }
}
