package org.convscope.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import org.convscope.nn.data.Shapes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convscope shapes --seed 7 --count 200 -o shapes}: the procedural shapes as PNG files, one folder per class. */
@Command(name = "shapes", mixinStandardHelpOptions = true,
        description = {"Writes images of the procedural shapes data set (the demo model's classes) as PNG files in "
                + "one sub-folder per class (OUT/circle/00000.png, ...): input for folder:DIR data sets and for "
                + "trying the visualizations on the demo model. The same seed gives the same images."})
final class ShapesCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", defaultValue = "100", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--size", defaultValue = "64", description = "Side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Mixin
    OutputOptions out = OutputOptions.withDefault("shapes", "Output folder (default: ${DEFAULT-VALUE}).");

    @Override
    public Integer call() throws Exception {
        Shapes s = new Shapes(seed, count, size);
        for (String c : s.classNames()) {
            Files.createDirectories(out.dir().resolve(c));
        }
        for (int i = 0; i < count; i++) {
            Path f = out.dir().resolve(s.classNames().get(s.label(i))).resolve(String.format(Locale.ROOT, "%05d.png", i));
            ImageIO.write(s.render(i), "png", f.toFile());
        }
        System.out.println("wrote " + count + " shapes (seed " + seed + ", " + size + "x" + size + ") in " + out.dir());
        return 0;
    }
}
