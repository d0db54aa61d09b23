package org.convscope.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.train.LinearClassifier;
import org.convscope.tensor.Device;
import org.convscope.vis.data.DataSpec;
import org.convscope.vis.embed.LayerCodes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code convscope codes --model demo --layer fc7 --data folder:DIR --linear}: a layer's codes for a
 * labelled image set, saved as .npy, and (transfer learning) a linear softmax classifier on them
 * with its held-out accuracy.
 */
@Command(name = "codes", mixinStandardHelpOptions = true,
        description = {"Computes a layer's codes (fc7 or the net's equivalent by default) for every image of a labelled set and writes "
                + "codes.npy (N x D) and labels.npy. With --linear, trains a linear softmax classifier on a "
                + "stratified split of the codes and reports its held-out accuracy (transfer learning with little data)."})
final class CodesCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--data", paramLabel = "SPEC",
            description = "folder:DIR (one sub-folder per class), shapes:SEED:COUNT or mnist:DIR[:PREFIX] (@FROM-TO).")
    String data;

    @Option(names = "--codes", paramLabel = "NPY",
            description = "Codes saved by 'convscope codes' or 'convscope-spark codes' (labels.npy and classes.txt beside "
                    + "it): with --linear, train on them instead of computing codes (no --model, no --data).")
    Path savedCodes;

    @Mixin
    CodeLayerOptions codeLayer;

    @Mixin
    OutputOptions out = OutputOptions.withDefault("codes", "Output folder (default: ${DEFAULT-VALUE}).");

    @Option(names = "--linear", description = "Train a linear softmax classifier on the codes and report held-out accuracy.")
    boolean linear;

    @Option(names = "--held-out", defaultValue = "0.3", description = "Held-out fraction per class (default: ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--epochs", defaultValue = "30", description = "Classifier epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Override
    public Integer call() throws Exception {
        if (savedCodes != null) {
            if (data != null || !linear) {
                throw new IllegalArgumentException("--codes trains --linear on saved codes; give it with --linear and without --data");
            }
            LayerCodes.Saved saved = LayerCodes.read(savedCodes);
            if (saved.labels() == null || saved.classes() == null) {
                throw new IllegalArgumentException(savedCodes + " has no labels.npy of " + saved.codes().length
                        + " entries and classes.txt beside it; --linear needs the labels");
            }
            System.out.printf(Locale.ROOT, "%d codes (%d values each) from %s%n", saved.codes().length,
                    saved.codes().length == 0 ? 0 : saved.codes()[0].length, savedCodes);
            linear(saved.codes(), saved.labels(), saved.classes().size(), savedCodes.getFileName().toString());
            return 0;
        }
        if (data == null) {
            throw new IllegalArgumentException("give --data SPEC (or --codes NPY with --linear)");
        }
        Device d = modelOptions.device();
        Net net = modelOptions.load(d);
        String layer = codeLayer.of(net);
        Preprocessing pre = modelOptions.requirePreprocessing(net);
        int side = pre.resize() > 0 ? pre.resize() : pre.crop();
        Dataset set = DataSpec.open(data, side);
        InputTransform t = InputTransform.of(pre);
        String input = net.inputNames().get(0);
        float[][] codes = LinearClassifier.codes(net, set, t, input, layer, 50);
        int[] labels = LayerCodes.labels(set);
        LayerCodes.write(out.dir(), codes, labels, set.classNames());
        int dim = codes[0].length;
        System.out.printf(Locale.ROOT, "%d codes of %s (%d values each) in %s%n", codes.length, layer, dim, out.dir());
        if (linear) {
            linear(codes, labels, set.classNames().size(), layer);
        }
        return 0;
    }

    /** Trains the linear softmax on a stratified split and prints train and held-out accuracy. */
    private void linear(float[][] codes, int[] labels, int classes, String what) {
        List<int[]> split = LinearClassifier.split(labels, heldOut, 1);
        float[][] tr = pick(codes, split.get(0));
        float[][] te = pick(codes, split.get(1));
        int[] trl = pickLabels(labels, split.get(0));
        int[] tel = pickLabels(labels, split.get(1));
        LinearClassifier c = LinearClassifier.train(tr, trl, classes, epochs, 0.01, 1e-3, 1);
        System.out.printf(Locale.ROOT, "linear softmax on %s codes: train %.2f%% (%d images), held-out %.2f%% (%d images)%n",
                what, 100 * c.accuracy(tr, trl), tr.length, 100 * c.accuracy(te, tel), te.length);
    }

    private static float[][] pick(float[][] codes, int[] idx) {
        float[][] r = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            r[i] = codes[idx[i]];
        }
        return r;
    }

    private static int[] pickLabels(int[] labels, int[] idx) {
        int[] r = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            r[i] = labels[idx[i]];
        }
        return r;
    }
}
