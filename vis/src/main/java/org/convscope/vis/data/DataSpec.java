package org.convscope.vis.data;

import java.io.IOException;
import java.nio.file.Path;

import org.convscope.nn.data.CachedDataset;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.ImageFolder;
import org.convscope.nn.data.MnistIdx;
import org.convscope.nn.data.Shapes;

/**
 * A data set named by a short text (on the command line, in a request):
 * <ul>
 * <li>{@code mnist:DIR} or {@code mnist:DIR:PREFIX} (PREFIX {@code train} by default, or {@code t10k}),
 *     optionally {@code @FROM-TO} for a range of images ({@code mnist:data/mnist:t10k@0-8000});</li>
 * <li>{@code folder:DIR}: one sub-folder per class, images resized to {@code size};</li>
 * <li>{@code shapes:SEED:COUNT}: the procedural shapes at {@code size}.</li>
 * </ul>
 */
public final class DataSpec {
    private DataSpec() {
    }

    /**
     * Opens the data set {@code spec} names, its images at {@code size x size} where the format resizes.
     * Folders and shapes are read into memory ({@link CachedDataset}: values rounded to whole numbers).
     *
     * @throws IllegalArgumentException when {@code spec} is not one of the forms above
     */
    public static Dataset open(String spec, int size) throws IOException {
        Parsed p = parse(spec, size);
        return p.cached() ? CachedDataset.of(p.lazy()) : p.lazy();
    }

    /**
     * The images {@code [from, to)} of {@link #open(String, int)}, with the same values, reading only
     * those (a slice of a large set, on one machine of several).
     */
    public static Dataset open(String spec, int size, int from, int to) throws IOException {
        Parsed p = parse(spec, size);
        Dataset slice = p.lazy().range(from, to);
        return p.cached() ? CachedDataset.of(slice) : slice;
    }

    /** The number of images of {@link #open(String, int)}, without reading them. */
    public static int size(String spec, int size) throws IOException {
        return parse(spec, size).lazy().size();
    }

    /** The set before it is read into memory, and whether {@link #open} reads it so. */
    private record Parsed(Dataset lazy, boolean cached) {
    }

    private static Parsed parse(String spec, int size) throws IOException {
        String range = null;
        int at = spec.lastIndexOf('@');
        if (at > 0) {
            range = spec.substring(at + 1);
            spec = spec.substring(0, at);
        }
        String[] p = spec.split(":", -1);
        Dataset d = switch (p[0]) {
            case "mnist" -> {
                need(p.length >= 2 && p.length <= 3, spec);
                yield MnistIdx.read(Path.of(p[1]), p.length == 3 ? p[2] : "train");
            }
            case "folder" -> {
                need(p.length == 2, spec);
                yield ImageFolder.open(Path.of(p[1]), size);
            }
            case "shapes" -> {
                need(p.length == 3, spec);
                try {
                    yield new Shapes(Long.parseLong(p[1]), Integer.parseInt(p[2]), size);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("shapes:SEED:COUNT takes two numbers, got '" + spec + "'");
                }
            }
            default -> throw new IllegalArgumentException("unknown data set '" + spec
                    + "'; give mnist:DIR[:PREFIX], folder:DIR or shapes:SEED:COUNT (optionally @FROM-TO)");
        };
        if (range != null) {
            String[] r = range.split("-");
            need(r.length == 2, spec + "@" + range);
            d = d.range(Integer.parseInt(r[0]), Integer.parseInt(r[1]));
        }
        return new Parsed(d, !p[0].equals("mnist"));
    }

    private static void need(boolean ok, String spec) {
        if (!ok) {
            throw new IllegalArgumentException("bad data set '" + spec
                    + "'; give mnist:DIR[:PREFIX], folder:DIR or shapes:SEED:COUNT (optionally @FROM-TO)");
        }
    }
}
