package org.convscope.vis.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.convscope.tensor.Images;

/**
 * Four public-domain photos shipped in the jar, for showing what a real ImageNet net (the built-in
 * SqueezeNet) sees without anything downloaded: a dog beside a bicycle, an eagle, a giraffe, horses.
 * Resources in {@code org/convscope/vis/demo/photos/} with their licence and {@code PROVENANCE.md}.
 */
public final class DemoPhotos {
    /** The photos' names, in the demo's order. */
    public static final List<String> NAMES = List.of("dog.jpg", "eagle.jpg", "giraffe.jpg", "horses.jpg");

    private DemoPhotos() {
    }

    /** One photo by name. */
    public static BufferedImage read(String name) throws IOException {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no demo photo '" + name + "'; there are " + NAMES);
        }
        try (InputStream in = DemoPhotos.class.getResourceAsStream(DemoModel.RESOURCES + "photos/" + name)) {
            if (in == null) {
                throw new IOException("resource photos/" + name + " missing from the class path");
            }
            return Images.readImage(in, name);
        }
    }
}
