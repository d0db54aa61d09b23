package org.convscope.vis.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.io.Npy;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.train.LinearClassifier;
import org.convscope.tensor.Shape;
import org.convscope.vis.attribution.ClassScores;

/** A layer's codes for a data set (what {@code convscope codes} computes), the input of t-SNE and nearest neighbours. */
public final class LayerCodes {
    private LayerCodes() {
    }

    /** The net's input side for a data set: the resize side of its preprocessing, else the crop. */
    public static int side(Preprocessing pre) {
        return pre.resize() > 0 ? pre.resize() : pre.crop();
    }

    /**
     * Codes ({@code N x D}) of {@code layer} for every image of {@code set}, in batches of 50.
     *
     * @throws IllegalArgumentException when the net has no blob {@code layer}
     */
    public static float[][] compute(Net net, Preprocessing pre, Dataset set, String layer) throws IOException {
        if (!net.blobNames().contains(layer)) {
            throw new IllegalArgumentException("no blob '" + layer + "' in net '" + net.name() + "'; blobs: " + net.blobNames());
        }
        return LinearClassifier.codes(net, set, InputTransform.of(pre), net.inputNames().get(0), layer, 50);
    }

    /**
     * Saved codes: {@code codes.npy} ({@code N x D} float32), {@code labels.npy} ({@code N}, class indices as
     * floats) and {@code classes.txt} (one class name a line) in one folder.
     *
     * @param labels  class index of each code, or null when the folder has no labels.npy of N entries
     * @param classes class names, or null when there are no labels or no classes.txt
     */
    public record Saved(float[][] codes, int[] labels, List<String> classes) {
    }

    /**
     * The default code layer of codes, tsne and neighbours: {@link #layer} of the net's score blob.
     *
     * @throws IllegalArgumentException when the net has none (give --layer)
     */
    public static String defaultLayer(Net net) {
        String l = layer(net, ClassScores.scoreBlob(net));
        if (l == null) {
            throw new IllegalArgumentException("net '" + net.name() + "' has no fc7 and no fully connected layer before "
                    + "its scores to take codes from: give --layer BLOB");
        }
        return l;
    }

    /**
     * fc7 when the net has it, else the input of the fully connected layer that gives the scores; for a
     * net without one whose scores a global pooling makes (SqueezeNet's pool_final), the scores; or null.
     */
    public static String layer(Net net, String scoreBlob) {
        if (net.blobNames().contains("fc7")) {
            return "fc7";
        }
        if (scoreBlob == null) {
            return null;
        }
        for (Layer l : net.layers()) {
            if (l.type().equals("InnerProduct")) {
                String top = net.topRefs(l.name()).get(0);
                String blob = top.contains("@") ? top.substring(0, top.indexOf('@')) : top;
                if (blob.equals(scoreBlob)) {
                    String bottom = net.bottomRefs(l.name()).get(0);
                    String b = bottom.contains("@") ? bottom.substring(0, bottom.indexOf('@')) : bottom;
                    return net.shape(b).rank() == 2 ? b : null;
                }
            }
        }
        for (Layer l : net.layers()) {
            if (l.type().equals("Pooling") && net.layer(l.name()).def().tops().contains(scoreBlob)) {
                Shape s = net.shape(scoreBlob);
                return s.rank() == 4 && s.h() * s.w() == 1 ? scoreBlob : null;
            }
        }
        return null;
    }

    /** The class label of every image of {@code set}, in order. */
    public static int[] labels(Dataset set) {
        int[] labels = new int[set.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = set.label(i);
        }
        return labels;
    }

    /**
     * The class names of {@code labels}: {@code classes} when known, else {@code class 0 .. class max};
     * refused when a label is outside them.
     */
    public static List<String> classNames(int[] labels, List<String> classes) {
        List<String> names = classes;
        if (names == null) {
            int max = 0;
            for (int l : labels) {
                max = Math.max(max, l);
            }
            names = new java.util.ArrayList<>();
            for (int c = 0; c <= max; c++) {
                names.add("class " + c);
            }
        }
        for (int l : labels) {
            if (l < 0 || l >= names.size()) {
                throw new IllegalArgumentException("label " + l + " outside the " + names.size() + " classes");
            }
        }
        return names;
    }

    /** Writes {@code dir/codes.npy}, {@code dir/labels.npy} and {@code dir/classes.txt} (the folder is created). */
    public static void write(Path dir, float[][] codes, int[] labels, List<String> classes) throws IOException {
        Files.createDirectories(dir);
        int dim = codes.length == 0 ? 0 : codes[0].length;
        float[] flat = new float[codes.length * dim];
        float[] lab = new float[labels.length];
        for (int i = 0; i < codes.length; i++) {
            System.arraycopy(codes[i], 0, flat, i * dim, dim);
        }
        for (int i = 0; i < labels.length; i++) {
            lab[i] = labels[i];
        }
        Npy.write(dir.resolve("codes.npy"), flat, codes.length, dim);
        Npy.write(dir.resolve("labels.npy"), lab, labels.length);
        Files.write(dir.resolve("classes.txt"), classes);
    }

    /**
     * Reads codes written by {@link #write} ({@code convscope codes}, {@code convscope-spark codes}), with
     * {@code labels.npy} and {@code classes.txt} beside {@code codesNpy} when they are there.
     *
     * @throws IllegalArgumentException when the file is missing or is not an {@code N x D} array
     */
    public static Saved read(Path codesNpy) throws IOException {
        if (!Files.isRegularFile(codesNpy)) {
            throw new IllegalArgumentException("codes file " + codesNpy + " does not exist");
        }
        Npy.Array a = Npy.read(codesNpy);
        int[] s = a.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException(codesNpy + " holds a " + s.length + "-D array; codes are N x D");
        }
        float[][] x = new float[s[0]][s[1]];
        for (int i = 0; i < s[0]; i++) {
            System.arraycopy(a.data(), i * s[1], x[i], 0, s[1]);
        }
        int[] labels = null;
        List<String> classes = null;
        Path lab = codesNpy.resolveSibling("labels.npy");
        if (Files.isRegularFile(lab)) {
            float[] l = Npy.read(lab).data();
            if (l.length == x.length) {
                labels = new int[l.length];
                for (int i = 0; i < l.length; i++) {
                    labels[i] = Math.round(l[i]);
                }
            }
        }
        Path cls = codesNpy.resolveSibling("classes.txt");
        if (labels != null && Files.isRegularFile(cls)) {
            classes = Files.readAllLines(cls);
        }
        return new Saved(x, labels, classes);
    }
}
