package org.convscope.vis.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;

/**
 * The part of a net up to one blob, sharing the original's weights (no copy). The image methods
 * that change the input size (DeepDream's octaves) need it: a fully connected layer above the
 * chosen blob fixes the input size of the whole net, though it never runs.
 */
public final class Truncated {
    private Truncated() {
    }

    /**
     * The layers of {@code net} in order up to the last one that writes {@code ref}'s blob
     * ({@code "conv2"}: up to relu2 when it works in place; {@code "conv2@conv2"}: up to conv2).
     *
     * @throws IllegalArgumentException for an unknown blob
     */
    public static Net upTo(Net net, String ref) {
        return upTo(net, ref, false);
    }

    /**
     * As {@link #upTo(Net, String)}; with {@code averagePooling} every MAX pooling layer becomes an
     * AVE pooling layer of the same window (Gatys et al.: "replacing the max-pooling operation by
     * average pooling improves the gradient flow and one obtains slightly more appealing results").
     */
    public static Net upTo(Net net, String ref, boolean averagePooling) {
        net.shape(ref);
        int at = ref.indexOf('@');
        String blob = at < 0 ? ref : ref.substring(0, at);
        String writer = at < 0 ? null : ref.substring(at + 1);
        List<Layer> layers = net.layers();
        int last = -1;
        for (int i = 0; i < layers.size(); i++) {
            LayerDef def = layers.get(i).def();
            if (writer != null ? def.name().equals(writer) : def.tops().contains(blob)) {
                last = i;
            }
        }
        List<LayerDef> defs = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            LayerDef def = layers.get(i).def();
            defs.add(averagePooling && def.type().equals("Pooling") ? averaged(def) : def);
        }
        List<NetDef.InputDef> inputs = new ArrayList<>();
        for (String in : net.inputNames()) {
            inputs.add(new NetDef.InputDef(in, net.declaredInputShape(in)));
        }
        Net part = Net.fromDef(new NetDef(net.name() + " up to " + ref, false, inputs, defs), net.device());
        Map<String, Param> from = net.params();
        for (Map.Entry<String, Param> e : part.params().entrySet()) {
            e.getValue().set(from.get(e.getKey()).value());
        }
        return part;
    }

    /** A Pooling layer's definition with {@code pool: AVE}, every other field kept. */
    static LayerDef averaged(LayerDef def) {
        Message layer = new Message();
        boolean seen = false;
        for (Message.Field f : def.params().fields()) {
            if (f.name().equals("pooling_param") && f.message() != null) {
                layer.add("pooling_param", withAve(f.message()));
                seen = true;
            } else {
                copy(layer, f);
            }
        }
        if (!seen) {
            layer.add("pooling_param", new Message().add("pool", "AVE"));
        }
        return new LayerDef(def.name(), def.type(), def.bottoms(), def.tops(), layer);
    }

    private static Message withAve(Message pooling) {
        Message m = new Message();
        for (Message.Field f : pooling.fields()) {
            if (!f.name().equals("pool")) {
                copy(m, f);
            }
        }
        return m.add("pool", "AVE");
    }

    private static void copy(Message into, Message.Field f) {
        if (f.message() != null) {
            into.add(f.name(), f.message());
        } else if (f.quoted()) {
            into.addString(f.name(), f.text());
        } else {
            into.add(f.name(), f.text());
        }
    }
}
