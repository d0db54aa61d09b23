package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.convscope.nn.Net;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The IMAGES a scanning command (topk, evolution, occlusion) reads, and their preprocessing flags ({@link ImageOptions}). */
final class ImageFiles {
    @Parameters(paramLabel = "IMAGES", arity = "1..*",
            description = "Image files, folders of images, or one MNIST *-idx3-ubyte[.gz] file.")
    List<Path> inputs;

    @Mixin
    ImageOptions options = new ImageOptions();

    /** {@link ImageOptions#open} of these inputs. */
    ImageOptions.Source open(Net net, ModelOptions model, int limit) throws IOException {
        return options.open(inputs, net, model, limit);
    }
}
