package org.convscope.nn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.CaffeModel;
import org.convscope.nn.caffe.NetDef;
import org.convscope.tensor.Device;

/**
 * The classic architectures by name, with the layer names and parameters of the public Caffe
 * deploy files, so that the public weight files load with nothing else:
 * <ul>
 * <li>{@code alexnet} (bvlc_alexnet, input 227), {@code caffenet} (bvlc_reference_caffenet: pooling
 *     before normalization, input 227),</li>
 * <li>{@code vgg16}, {@code vgg19} (VGG_ILSVRC_16/19_layers, input 224),</li>
 * <li>{@code googlenet} (bvlc_googlenet, input 224, deploy form without the auxiliary classifiers),</li>
 * <li>{@code lenet} (Caffe's MNIST LeNet, input 28x28 grey),</li>
 * <li>{@code squeezenet} (SqueezeNet v1.0, input 227, Fire modules, no Softmax: the class scores are
 *     {@code pool_final}), the one net whose trained weights ship inside ConvScope: its Deep Compression
 *     file, deploy prototxt, licence and the 1000 ImageNet class names are resources
 *     ({@code org/convscope/nn/squeezenet/}, provenance in its {@code PROVENANCE.md});
 *     {@link #pretrained} loads it.</li>
 * </ul>
 * Inputs are declared with batch 1. Training-only details (weight fillers, learning-rate
 * multipliers) are left out: they do not change what a net computes.
 */
public final class BuiltinNets {
    /** The built-in net with bundled weights. */
    public static final String SQUEEZENET = "squeezenet";
    /** SqueezeNet's class-score blob (before any softmax; the net has none). */
    public static final String SQUEEZENET_SCORES = "pool_final";

    private static final List<String> NAMES = List.of("alexnet", "caffenet", "vgg16", "vgg19", "googlenet", "lenet",
            SQUEEZENET);
    private static final Map<String, String> ALIASES = Map.of(
            "bvlc_alexnet", "alexnet", "bvlc_reference_caffenet", "caffenet", "vgg_ilsvrc_16_layers", "vgg16",
            "vgg_ilsvrc_19_layers", "vgg19", "bvlc_googlenet", "googlenet", "vgg-16", "vgg16", "vgg-19", "vgg19",
            "squeezenet_v1.0", SQUEEZENET, "squeezenet1.0", SQUEEZENET);
    /** The resources of the built-in SqueezeNet, beside this class. */
    private static final String SQUEEZENET_DIR = "squeezenet/";

    private BuiltinNets() {
    }

    /** The built-in names. */
    public static List<String> names() {
        return NAMES;
    }

    /** The canonical name for a name or alias (case-insensitive), or an error listing the names. */
    public static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        n = ALIASES.getOrDefault(n, n);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("no built-in net '" + name + "'; built-in: " + String.join(", ", NAMES));
        }
        return n;
    }

    /** Whether a name (or alias) is built in. */
    public static boolean isBuiltin(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return NAMES.contains(ALIASES.getOrDefault(n, n));
    }

    /**
     * The builder of a built-in net (its prototxt and definition); {@code squeezenet} has none, its
     * definition is its bundled prototxt.
     */
    public static NetBuilder builder(String name) {
        return switch (canonical(name)) {
            case SQUEEZENET -> throw new IllegalArgumentException("squeezenet is defined by its bundled prototxt, "
                    + "not by a builder: use definition() or prototxt()");
            case "alexnet" -> alexnet(false);
            case "caffenet" -> alexnet(true);
            case "vgg16" -> vgg(16);
            case "vgg19" -> vgg(19);
            case "googlenet" -> googlenet();
            default -> lenet();
        };
    }

    /** The definition of a built-in net. */
    public static NetDef definition(String name) {
        if (canonical(name).equals(SQUEEZENET)) {
            try {
                return NetDef.parse(prototxt(name), "squeezenet (bundled SqueezeNet_deploy.prototxt)");
            } catch (CaffeFormatException e) {
                throw new IllegalStateException("the bundled SqueezeNet prototxt does not parse", e);
            }
        }
        return builder(name).build();
    }

    /** The prototxt text of a built-in net (current format; SqueezeNet's as published, V1-style input). */
    public static String prototxt(String name) {
        if (canonical(name).equals(SQUEEZENET)) {
            try (InputStream in = resource("SqueezeNet_deploy.prototxt")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the bundled SqueezeNet prototxt", e);
            }
        }
        return builder(name).prototxt();
    }

    /** Whether a built-in net ships with trained weights ({@link #pretrained}). */
    public static boolean hasBundledWeights(String name) {
        return isBuiltin(name) && canonical(name).equals(SQUEEZENET);
    }

    /**
     * A built-in net with the trained weights that ship inside ConvScope: {@code squeezenet} (its
     * Deep Compression file, decoded on each call; about 0.1 s).
     *
     * @throws IllegalArgumentException for a built-in net without bundled weights (they must be downloaded)
     */
    public static Net pretrained(String name, Device device) {
        if (!hasBundledWeights(name)) {
            throw new IllegalArgumentException("built-in net '" + name + "' has no bundled weights (only "
                    + SQUEEZENET + " has): give its caffemodel");
        }
        Net net = create(name, device);
        String source = "squeezenet (bundled compressed_SqueezeNet.net)";
        try (InputStream in = resource("compressed_SqueezeNet.net")) {
            NetFiles.loadDeepCompression(net, in, source);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled SqueezeNet weights", e);
        }
        return net;
    }

    /** The class names of a built-in net with bundled weights (SqueezeNet: the 1000 ImageNet classes), or null. */
    public static ClassNames classNames(String name) {
        if (!hasBundledWeights(name)) {
            return null;
        }
        try (InputStream in = resource("synset_words.txt")) {
            return ClassNames.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled synset_words.txt");
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled ImageNet class names", e);
        }
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = BuiltinNets.class.getResourceAsStream(SQUEEZENET_DIR + file);
        if (in == null) {
            throw new IOException("resource " + SQUEEZENET_DIR + file + " missing from the class path");
        }
        return in;
    }

    /** A built-in net with zero weights (load or randomize them). */
    public static Net create(String name, Device device) {
        return Net.fromDef(definition(name), device);
    }

    /** A built-in net with the weights of a caffemodel (current or V1). */
    public static Net load(String name, Path caffemodel, Device device) throws IOException {
        Net net = create(name, device);
        net.loadWeights(caffemodel);
        return net;
    }

    /**
     * Loads a caffemodel with nothing but the file: the same single loader as
     * {@link Net#load(Path, Device)} (a built-in architecture recognized from the layers in the file,
     * or the definition the file carries). One pass over the file; the floats read are the net's
     * weights.
     *
     * @throws CaffeFormatException when the file is neither a built-in architecture nor carries its
     *                              definition (the message lists what it holds)
     */
    public static Net load(Path caffemodel, Device device) throws IOException {
        return NetFiles.load(caffemodel, device);
    }

    /**
     * The built-in architecture that a caffemodel's layers fit, or null: every weighted layer of
     * the built-in is in the file, the file's other weighted layers are auxiliary classifiers
     * ({@code loss1/}, {@code loss2/}), and the layers common to both come in the same order.
     */
    public static String identify(String netName, List<CaffeModel.LayerWeights> fileLayers) {
        Set<String> fileWeighted = new HashSet<>();
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < fileLayers.size(); i++) {
            CaffeModel.LayerWeights l = fileLayers.get(i);
            order.putIfAbsent(l.name(), i);
            if (!l.blobs().isEmpty()) {
                fileWeighted.add(l.name());
            }
        }
        for (String name : NAMES) {
            NetDef def = definition(name);
            Set<String> weighted = new HashSet<>();
            for (var l : def.layers()) {
                if (l.type().equals("Convolution") || l.type().equals("InnerProduct")) {
                    weighted.add(l.name());
                }
            }
            if (!fileWeighted.containsAll(weighted)) {
                continue;
            }
            boolean extra = false;
            for (String f : fileWeighted) {
                if (!weighted.contains(f) && !f.startsWith("loss1/") && !f.startsWith("loss2/")) {
                    extra = true;
                }
            }
            if (extra) {
                continue;
            }
            int last = -1;
            boolean ordered = true;
            for (var l : def.layers()) {
                Integer at = order.get(l.name());
                if (at != null) {
                    if (at < last) {
                        ordered = false;
                        break;
                    }
                    last = at;
                }
            }
            if (ordered) {
                return name;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- architectures

    private static NetBuilder alexnet(boolean caffenet) {
        NetBuilder b = new NetBuilder(caffenet ? "CaffeNet" : "AlexNet", 1, 3, 227, 227);
        b.conv("conv1", "data", "conv1", 96, 11, 4, 0, 1).relu("relu1", "conv1");
        if (caffenet) {
            b.pool("pool1", "conv1", "pool1", "MAX", 3, 2, 0).lrn("norm1", "pool1", "norm1", 5, 0.0001, 0.75);
            b.conv("conv2", "norm1", "conv2", 256, 5, 1, 2, 2).relu("relu2", "conv2");
            b.pool("pool2", "conv2", "pool2", "MAX", 3, 2, 0).lrn("norm2", "pool2", "norm2", 5, 0.0001, 0.75);
            b.conv("conv3", "norm2", "conv3", 384, 3, 1, 1, 1);
        } else {
            b.lrn("norm1", "conv1", "norm1", 5, 0.0001, 0.75).pool("pool1", "norm1", "pool1", "MAX", 3, 2, 0);
            b.conv("conv2", "pool1", "conv2", 256, 5, 1, 2, 2).relu("relu2", "conv2");
            b.lrn("norm2", "conv2", "norm2", 5, 0.0001, 0.75).pool("pool2", "norm2", "pool2", "MAX", 3, 2, 0);
            b.conv("conv3", "pool2", "conv3", 384, 3, 1, 1, 1);
        }
        b.relu("relu3", "conv3");
        b.conv("conv4", "conv3", "conv4", 384, 3, 1, 1, 2).relu("relu4", "conv4");
        b.conv("conv5", "conv4", "conv5", 256, 3, 1, 1, 2).relu("relu5", "conv5");
        b.pool("pool5", "conv5", "pool5", "MAX", 3, 2, 0);
        b.fc("fc6", "pool5", "fc6", 4096).relu("relu6", "fc6").dropout("drop6", "fc6", 0.5);
        b.fc("fc7", "fc6", "fc7", 4096).relu("relu7", "fc7").dropout("drop7", "fc7", 0.5);
        b.fc("fc8", "fc7", "fc8", 1000).softmax("prob", "fc8", "prob");
        return b;
    }

    private static NetBuilder vgg(int depth) {
        NetBuilder b = new NetBuilder("VGG_ILSVRC_" + depth + "_layers", 1, 3, 224, 224);
        int[] widths = {64, 128, 256, 512, 512};
        int[] convs = depth == 16 ? new int[] {2, 2, 3, 3, 3} : new int[] {2, 2, 4, 4, 4};
        String bottom = "data";
        for (int s = 0; s < 5; s++) {
            for (int c = 1; c <= convs[s]; c++) {
                String n = (s + 1) + "_" + c;
                b.conv("conv" + n, bottom, "conv" + n, widths[s], 3, 1, 1, 1).relu("relu" + n, "conv" + n);
                bottom = "conv" + n;
            }
            b.pool("pool" + (s + 1), bottom, "pool" + (s + 1), "MAX", 2, 2, 0);
            bottom = "pool" + (s + 1);
        }
        b.fc("fc6", "pool5", "fc6", 4096).relu("relu6", "fc6").dropout("drop6", "fc6", 0.5);
        b.fc("fc7", "fc6", "fc7", 4096).relu("relu7", "fc7").dropout("drop7", "fc7", 0.5);
        b.fc("fc8", "fc7", "fc8", 1000).softmax("prob", "fc8", "prob");
        return b;
    }

    private static NetBuilder googlenet() {
        NetBuilder b = new NetBuilder("GoogleNet", 1, 3, 224, 224);
        b.conv("conv1/7x7_s2", "data", "conv1/7x7_s2", 64, 7, 2, 3, 1).relu("conv1/relu_7x7", "conv1/7x7_s2");
        b.pool("pool1/3x3_s2", "conv1/7x7_s2", "pool1/3x3_s2", "MAX", 3, 2, 0);
        b.lrn("pool1/norm1", "pool1/3x3_s2", "pool1/norm1", 5, 0.0001, 0.75);
        b.conv("conv2/3x3_reduce", "pool1/norm1", "conv2/3x3_reduce", 64, 1, 1, 0, 1)
                .relu("conv2/relu_3x3_reduce", "conv2/3x3_reduce");
        b.conv("conv2/3x3", "conv2/3x3_reduce", "conv2/3x3", 192, 3, 1, 1, 1).relu("conv2/relu_3x3", "conv2/3x3");
        b.lrn("conv2/norm2", "conv2/3x3", "conv2/norm2", 5, 0.0001, 0.75);
        b.pool("pool2/3x3_s2", "conv2/norm2", "pool2/3x3_s2", "MAX", 3, 2, 0);
        String in = "pool2/3x3_s2";
        in = inception(b, "inception_3a", in, 64, 96, 128, 16, 32, 32);
        in = inception(b, "inception_3b", in, 128, 128, 192, 32, 96, 64);
        b.pool("pool3/3x3_s2", in, "pool3/3x3_s2", "MAX", 3, 2, 0);
        in = inception(b, "inception_4a", "pool3/3x3_s2", 192, 96, 208, 16, 48, 64);
        in = inception(b, "inception_4b", in, 160, 112, 224, 24, 64, 64);
        in = inception(b, "inception_4c", in, 128, 128, 256, 24, 64, 64);
        in = inception(b, "inception_4d", in, 112, 144, 288, 32, 64, 64);
        in = inception(b, "inception_4e", in, 256, 160, 320, 32, 128, 128);
        b.pool("pool4/3x3_s2", in, "pool4/3x3_s2", "MAX", 3, 2, 0);
        in = inception(b, "inception_5a", "pool4/3x3_s2", 256, 160, 320, 32, 128, 128);
        in = inception(b, "inception_5b", in, 384, 192, 384, 48, 128, 128);
        b.pool("pool5/7x7_s1", in, "pool5/7x7_s1", "AVE", 7, 1, 0);
        b.dropout("pool5/drop_7x7_s1", "pool5/7x7_s1", 0.4);
        b.fc("loss3/classifier", "pool5/7x7_s1", "loss3/classifier", 1000);
        b.softmax("prob", "loss3/classifier", "prob");
        return b;
    }

    /** One inception module: 1x1, 1x1 then 3x3, 1x1 then 5x5, 3x3 max pool then 1x1; concatenated. */
    private static String inception(NetBuilder b, String m, String in, int n1, int r3, int n3, int r5, int n5, int np) {
        b.conv(m + "/1x1", in, m + "/1x1", n1, 1, 1, 0, 1).relu(m + "/relu_1x1", m + "/1x1");
        b.conv(m + "/3x3_reduce", in, m + "/3x3_reduce", r3, 1, 1, 0, 1).relu(m + "/relu_3x3_reduce", m + "/3x3_reduce");
        b.conv(m + "/3x3", m + "/3x3_reduce", m + "/3x3", n3, 3, 1, 1, 1).relu(m + "/relu_3x3", m + "/3x3");
        b.conv(m + "/5x5_reduce", in, m + "/5x5_reduce", r5, 1, 1, 0, 1).relu(m + "/relu_5x5_reduce", m + "/5x5_reduce");
        b.conv(m + "/5x5", m + "/5x5_reduce", m + "/5x5", n5, 5, 1, 2, 1).relu(m + "/relu_5x5", m + "/5x5");
        b.pool(m + "/pool", in, m + "/pool", "MAX", 3, 1, 1);
        b.conv(m + "/pool_proj", m + "/pool", m + "/pool_proj", np, 1, 1, 0, 1).relu(m + "/relu_pool_proj", m + "/pool_proj");
        b.concat(m + "/output", m + "/output", m + "/1x1", m + "/3x3", m + "/5x5", m + "/pool_proj");
        return m + "/output";
    }

    private static NetBuilder lenet() {
        NetBuilder b = new NetBuilder("LeNet", 1, 1, 28, 28);
        b.conv("conv1", "data", "conv1", 20, 5, 1, 0, 1).pool("pool1", "conv1", "pool1", "MAX", 2, 2, 0);
        b.conv("conv2", "pool1", "conv2", 50, 5, 1, 0, 1).pool("pool2", "conv2", "pool2", "MAX", 2, 2, 0);
        b.fc("ip1", "pool2", "ip1", 500).relu("relu1", "ip1").fc("ip2", "ip1", "ip2", 10);
        b.softmax("prob", "ip2", "prob");
        return b;
    }
}
