package org.convscope.vis.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convscope.nn.data.ImageFiles;

/**
 * Image files (named on the command line, uploaded) as an unlabelled data set: each read as BGR 0-255 and
 * resized (bilinear) to {@code size x size}, as {@code folder:} data sets are. Every image has
 * label 0 of the single class {@link #UNKNOWN}.
 */
public final class QueryImages extends ImageFiles {
    /** The name of the single class. */
    public static final String UNKNOWN = "?";

    /** @throws IllegalArgumentException when a file does not exist */
    public QueryImages(List<Path> files, int size) {
        super(checked(files), size);
    }

    private static List<Path> checked(List<Path> files) {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("query image " + f + " does not exist");
            }
        }
        return files;
    }

    @Override
    public List<String> classNames() {
        return List.of(UNKNOWN);
    }

    @Override
    public int label(int i) {
        return 0;
    }
}
