package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Shape;
import org.convscope.vis.patches.FolderImages;
import org.convscope.vis.patches.ImageSource;
import org.convscope.vis.patches.MnistImages;

import picocli.CommandLine.Option;

/**
 * The preprocessing flags {@code --mean}, {@code --mean-bgr} and {@code --scale}, declared here once
 * for every command that feeds images to a net; and how the visualization commands read images:
 * files, folders of images, or an MNIST IDX file ({@code t10k-images-idx3-ubyte.gz}), and the preprocessing for the net (built-in nets know theirs;
 * a prototxt net gets its input size, no mean and {@code --scale}, unless {@code --mean}/{@code --mean-bgr}
 * say otherwise; IDX digits are scaled by {@code --scale}, default LeNet's 1/256).
 */
final class ImageOptions {
    @Option(names = "--mean", paramLabel = "FILE", description = "Mean image (.binaryproto or .npy, 3 x H x W, BGR).")
    Path meanFile;

    @Option(names = "--mean-bgr", paramLabel = "B,G,R", split = ",", description = "Per-channel mean, B,G,R.")
    float[] meanBgr;

    @Option(names = "--scale", paramLabel = "S",
            description = "Multiply the input by S after the mean (LeNet: 0.00390625; also the default for IDX digits).")
    Float scale;

    Preprocessing preprocessing(Net net, ModelOptions modelOptions) throws IOException {
        return preprocessing(net, net.shape(net.inputNames().get(0)), modelOptions);
    }

    /** The preprocessing for the net's declared input shape. */
    Preprocessing forDeclaredInput(Net net, ModelOptions modelOptions) throws IOException {
        return preprocessing(net, net.declaredInputShape(net.inputNames().get(0)), modelOptions);
    }

    /**
     * The preprocessing for input shape {@code in} (N x C x H x W) from these flags: the net's own, or
     * for a prototxt net a resize to its input size; {@code --mean}/{@code --mean-bgr} replace its mean,
     * {@code --scale} comes after ({@link org.convscope.vis.data.NetSpec#preprocessing}).
     */
    Preprocessing preprocessing(Net net, Shape in, ModelOptions modelOptions) throws IOException {
        return modelOptions.spec().preprocessing(net, in, meanFile, meanBgr, scale);
    }

    /** {@code files} and the {@code --mean} file when given: what a run reads and never overwrites. */
    List<Path> andMean(List<Path> files) {
        List<Path> all = new ArrayList<>(files);
        if (meanFile != null) {
            all.add(meanFile);
        }
        return all;
    }

    /** The preprocessing of IDX digits: values {@code byte * scale}, nothing else. */
    Preprocessing idxPreprocessing() {
        return new Preprocessing(0, 0, null, null, null, scale != null ? scale : MnistImages.LENET_SCALE);
    }

    /** Whether the inputs are one IDX file. */
    static boolean isIdx(List<Path> inputs) {
        return inputs.size() == 1 && MnistImages.isIdx(inputs.get(0));
    }

    /** What a run reads, and how each image is turned back into a picture. */
    record Source(ImageSource images, Preprocessing display, List<Path> files) {
    }

    /**
     * The images named on the command line.
     *
     * @param limit the first {@code limit} images only (0: all)
     * @throws IllegalArgumentException when there are no images at all
     */
    Source open(List<Path> inputs, Net net, ModelOptions modelOptions, int limit) throws IOException {
        boolean grey = net.shape(net.inputNames().get(0)).c() == 1;
        if (isIdx(inputs)) {
            Path f = inputs.get(0);
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("no such file: " + f);
            }
            MnistImages m = MnistImages.open(f, idxPreprocessing().scale(), limit);
            if (m.size() == 0) {
                throw new IllegalArgumentException("no images found in " + f);
            }
            return new Source(m, idxPreprocessing(), List.of(f));
        }
        List<Path> files = FolderImages.expand(inputs);
        if (limit > 0 && files.size() > limit) {
            files = new ArrayList<>(files.subList(0, limit));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images found in " + inputs
                    + " (looked for .jpg, .jpeg, .png, .bmp, .gif; or give an MNIST *-idx3-ubyte[.gz] file)");
        }
        Preprocessing pre = preprocessing(net, modelOptions);
        return new Source(new FolderImages(files, pre, grey), pre, files);
    }
}
