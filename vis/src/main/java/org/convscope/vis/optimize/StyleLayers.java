package org.convscope.vis.optimize;

import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.Net;

/**
 * Which layers neural style and texture synthesis match ({@link NeuralStyle}) on a given net when the
 * user names none, and the {@code BLOB:W} form the layers are named in.
 */
public final class StyleLayers {
    private StyleLayers() {
    }

    /**
     * The convolution tops of a net in order (VGG: the five conv*_1 when they exist; a net of modules
     * joined by Concat layers, SqueezeNet's Fire or GoogLeNet's inception: the first convolution and
     * each module's output).
     */
    public static List<String> defaultStyle(Net net) {
        List<String> vgg = List.of("conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1");
        if (net.blobNames().containsAll(vgg)) {
            return vgg;
        }
        List<String> modules = moduleOutputs(net);
        if (!modules.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (String l : net.layerNames()) {
                if (net.layer(l).type().equals("Convolution")) {
                    out.add(net.layer(l).def().tops().get(0));
                    break;
                }
            }
            out.addAll(modules);
            return out;
        }
        List<String> convs = new ArrayList<>();
        for (String l : net.layerNames()) {
            if (net.layer(l).type().equals("Convolution")) {
                String top = net.layer(l).def().tops().get(0);
                if (!convs.contains(top)) {
                    convs.add(top);
                }
            }
        }
        return convs;
    }

    /** The tops of the net's Concat layers in order: the outputs of its modules (empty for a plain chain). */
    public static List<String> moduleOutputs(Net net) {
        List<String> out = new ArrayList<>();
        for (String l : net.layerNames()) {
            if (net.layer(l).type().equals("Concat")) {
                out.add(net.layer(l).def().tops().get(0));
            }
        }
        return out;
    }

    /** {@code conv1:0.5} pairs as the commands take them; equal weights summing to 1 where none is given. */
    public static List<NeuralStyle.Weighted> parse(List<String> specs) {
        List<NeuralStyle.Weighted> out = new ArrayList<>();
        for (String spec : specs) {
            int at = spec.lastIndexOf(':');
            float w = 1f / specs.size();
            String layer = spec.trim();
            if (at > 0) {
                layer = spec.substring(0, at).trim();
                try {
                    w = Float.parseFloat(spec.substring(at + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("layer weight must be BLOB:W, not '" + spec + "'");
                }
            }
            out.add(new NeuralStyle.Weighted(layer, w));
        }
        return out;
    }

    /**
     * The default content layer: VGG's conv4_2; two thirds of the way up the module outputs of a net of
     * modules; else the last convolution's top.
     */
    public static List<String> defaultContent(Net net) {
        if (net.blobNames().contains("conv4_2")) {
            return List.of("conv4_2");
        }
        List<String> modules = moduleOutputs(net);
        if (!modules.isEmpty()) {
            // two thirds of the way up, as conv4_2 is in VGG (SqueezeNet: fire7/concat, 27 x 27)
            return List.of(modules.get(modules.size() * 2 / 3));
        }
        List<String> convs = defaultStyle(net);
        return List.of(convs.get(convs.size() - 1));
    }
}
