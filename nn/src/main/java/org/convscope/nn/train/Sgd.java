package org.convscope.nn.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.Message;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * Caffe's SGD update with momentum and L2 weight decay, per learned blob {@code w} with gradient
 * {@code g} (the gradient of the mean loss over the batch) and momentum history {@code v}:
 * <pre>
 *   g := g + weight_decay * decay_mult * w          (Regularize; g is modified)
 *   v := momentum * v + rate * lr_mult * g          (ComputeUpdateValue)
 *   w := w - v                                      (Update)
 * </pre>
 * {@code lr_mult} and {@code decay_mult} come from the layer's {@code param { }} entries, in blob
 * order (legacy V1: {@code blobs_lr}, {@code weight_decay}); both default to 1. A blob with
 * {@code lr_mult: 0} is frozen (neither updated nor decayed). The history starts at zero.
 */
public final class Sgd {
    /** One learned blob ({@code conv1.weights}) with its multipliers. */
    public record Slot(String name, Param param, float lrMult, float decayMult) {
    }

    private final double momentum;
    private final double weightDecay;
    private final List<Slot> slots = new ArrayList<>();
    /** The momentum history by slot name, made (zeros) when first needed. */
    private final Map<String, Tensor> histories = new HashMap<>();

    /** An updater for every learned blob of {@code net}. */
    public Sgd(Net net, double momentum, double weightDecay) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        for (Layer l : net.layers()) {
            List<Message> specs = l.def().params().messages("param");
            List<Float> v1Lr = l.def().params().floats("blobs_lr");
            List<Float> v1Decay = l.def().params().floats("weight_decay");
            List<Param> ps = l.params();
            for (int i = 0; i < ps.size(); i++) {
                float lr = 1f;
                float decay = 1f;
                if (i < specs.size()) {
                    lr = specs.get(i).float32("lr_mult", 1f);
                    decay = specs.get(i).float32("decay_mult", 1f);
                } else if (i < v1Lr.size() || i < v1Decay.size()) {
                    lr = i < v1Lr.size() ? v1Lr.get(i) : 1f;
                    decay = i < v1Decay.size() ? v1Decay.get(i) : 1f;
                }
                slots.add(new Slot(l.name() + "." + ps.get(i).role(), ps.get(i), lr, decay));
            }
        }
    }

    /** The learned blobs in net order. */
    public List<Slot> slots() {
        return Collections.unmodifiableList(slots);
    }

    /**
     * One update with learning rate {@code rate} from the current gradients ({@link Param#grad()},
     * which this call modifies: the decay term is added to it, as Caffe does).
     */
    public void update(double rate) {
        for (Slot s : slots) {
            if (s.lrMult() == 0f) {
                continue;
            }
            Tensor w = s.param().value();
            Tensor g = s.param().grad();
            if (g == null) {
                throw new IllegalStateException(s.name() + " has no gradient: run backward with parameter gradients first");
            }
            Device d = w.device();
            float localDecay = (float) (weightDecay * s.decayMult());
            if (localDecay != 0f) {
                d.axpy(localDecay, w, g);
            }
            Tensor v = history(s);
            d.scale(v, (float) momentum, v);
            d.axpy((float) (rate * s.lrMult()), g, v);
            d.axpy(-1f, v, w);
        }
    }

    private Tensor history(Slot s) {
        Tensor h = histories.get(s.name());
        if (h == null || !h.shape().equals(s.param().shape())) {
            h = s.param().value().device().allocate(s.param().shape());
            h.device().fill(h, 0f);
            histories.put(s.name(), h);
        }
        return h;
    }

    /** The momentum history by blob name ({@code conv1.weights}); zeros for blobs not yet updated. */
    public Map<String, Tensor> history() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Slot s : slots) {
            m.put(s.name(), history(s));
        }
        return m;
    }

    /** Replaces one blob's history (resuming from a snapshot). */
    public void setHistory(String name, float[] values) {
        for (Slot s : slots) {
            if (s.name().equals(name)) {
                Tensor v = history(s);
                if (values.length != v.size()) {
                    throw new IllegalArgumentException(name + ": history of " + values.length + " values, the blob has "
                            + v.size());
                }
                v.device().write(v, values);
                return;
            }
        }
        throw new IllegalArgumentException("no learned blob '" + name + "'");
    }
}
