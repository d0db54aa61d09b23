package org.convscope.vis.optimize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Texture synthesis and neural style transfer (Gatys, Ecker and Bethge 2015) as an {@link Energy}:
 * <pre>
 *   E(x) = contentWeight * sum_c w_c 1/2 |F_c(x) - P_c|^2                     content layers ({@link GramLoss#content})
 *        + styleWeight   * sum_l w_l 1/(4 N_l^2) |G_l(x) - A_l|^2              style layers   ({@link GramLoss#style})
 *        + tvWeight      * R_TV(x)  (b = 2)                                     total variation ({@link Device#totalVariation})
 *   A_l = sum_k b_k G_l(style image k)                                          several styles, blend weights b_k
 * </pre>
 * Texture synthesis is the same with no content layers. The gradient is one backward pass that
 * starts from every loss layer at once ({@code Net.backward} of several blobs: each layer's
 * gradient joins what comes down from above), on the net {@link Truncated#upTo truncated} after the
 * deepest of them, which also lets the images have any size. Everything stays on the device (TV
 * included); an evaluation reads back the loss terms only.
 */
public final class NeuralStyle implements Energy {

    /** A layer and its weight. */
    public record Weighted(String layer, float weight) {
        /** {@code conv1_1:0.2}, as the commands take it. */
        @Override
        public String toString() {
            return layer + ":" + weight;
        }
    }

    private final Net net;
    private final Device d;
    private final Shape shape;
    private final List<Weighted> contentLayers;
    private final List<Tensor> contentTargets = new ArrayList<>();
    private final List<Weighted> styleLayers;
    private final List<Tensor> styleTargets = new ArrayList<>();
    private final List<Tensor> topGrads = new ArrayList<>();
    private final float contentWeight;
    private final float styleWeight;
    private final float tvWeight;
    private final Map<String, Double> terms = new LinkedHashMap<>();
    private Tensor tvGrad;

    private NeuralStyle(Net net, Shape shape, List<Weighted> contentLayers, List<Weighted> styleLayers,
                        float contentWeight, float styleWeight, float tvWeight) {
        this.net = net;
        this.d = net.device();
        this.shape = shape;
        this.contentLayers = List.copyOf(contentLayers);
        this.styleLayers = List.copyOf(styleLayers);
        this.contentWeight = contentWeight;
        this.styleWeight = styleWeight;
        this.tvWeight = tvWeight;
    }

    /**
     * @param net           the trained net (not modified; the energy runs a truncated copy sharing its weights)
     * @param content       the content image (preprocessed, 1 x C x H x W), or null for texture synthesis
     * @param shape         the generated image's shape (the content's when there is one)
     * @param contentLayers content layers and weights (empty for texture synthesis)
     * @param styles        style images (preprocessed, any size)
     * @param blend         a weight per style image (summing to 1 usually)
     * @param styleLayers   style layers and weights
     * @throws IllegalArgumentException for unknown layers, missing images or mismatched lists
     */
    public static NeuralStyle init(Net net, Tensor content, Shape shape, List<Weighted> contentLayers,
                                   List<Tensor> styles, float[] blend, List<Weighted> styleLayers,
                                   float contentWeight, float styleWeight, float tvWeight) {
        return init(net, content, shape, contentLayers, styles, blend, styleLayers, contentWeight, styleWeight,
                tvWeight, false);
    }

    /** As the other {@code init}; with {@code averagePooling} the net's MAX pooling becomes AVE (Gatys et al.). */
    public static NeuralStyle init(Net net, Tensor content, Shape shape, List<Weighted> contentLayers,
                                   List<Tensor> styles, float[] blend, List<Weighted> styleLayers,
                                   float contentWeight, float styleWeight, float tvWeight, boolean averagePooling) {
        if (styles.isEmpty() || blend.length != styles.size()) {
            throw new IllegalArgumentException("give at least one style image and one blend weight per style image ("
                    + styles.size() + " images, " + blend.length + " weights)");
        }
        if (styleLayers.isEmpty()) {
            throw new IllegalArgumentException("give at least one style layer");
        }
        if (!contentLayers.isEmpty() && content == null) {
            throw new IllegalArgumentException("content layers need a content image");
        }
        // the deepest layer used decides where the net may be cut
        List<String> order = net.layerNames();
        String deepest = null;
        int deepestAt = -1;
        List<Weighted> all = new ArrayList<>(contentLayers);
        all.addAll(styleLayers);
        for (Weighted w : styleLayers) {
            Shape ws = net.shape(w.layer());
            if (ws.rank() != 4) {
                throw new IllegalArgumentException("style layer '" + w.layer() + "' is " + ws
                        + ", not a map of channels (N x C x H x W) whose Gram matrix could be taken;"
                        + " choose convolution or pooling layers");
            }
        }
        for (Weighted w : all) {
            net.shape(w.layer());
            int at = lastWriter(net, order, w.layer());
            if (at > deepestAt) {
                deepestAt = at;
                deepest = w.layer();
            }
        }
        Net part = Truncated.upTo(net, deepest, averagePooling);
        NeuralStyle ns = new NeuralStyle(part, shape, contentLayers, styleLayers, contentWeight, styleWeight, tvWeight);
        Device d = part.device();
        if (content != null) {
            String[] refs = refs(contentLayers);
            Map<String, Tensor> f = part.forward(Map.of(part.inputNames().get(0), content), refs);
            for (String r : refs) {
                Tensor t = d.allocate(f.get(r).shape());
                d.copy(f.get(r), t);
                ns.contentTargets.add(t);
            }
        }
        String[] srefs = refs(styleLayers);
        for (int l = 0; l < srefs.length; l++) {
            ns.styleTargets.add(null);
        }
        for (int k = 0; k < styles.size(); k++) {
            Map<String, Tensor> f = part.forward(Map.of(part.inputNames().get(0), styles.get(k)), srefs);
            for (int l = 0; l < srefs.length; l++) {
                try (Tensor g = GramLoss.gram(f.get(srefs[l]))) {
                    if (ns.styleTargets.get(l) == null) {
                        Tensor a = d.allocate(g.shape());
                        d.fill(a, 0f);
                        ns.styleTargets.set(l, a);
                    }
                    d.axpy(blend[k], g, ns.styleTargets.get(l));
                }
            }
        }
        return ns;
    }

    private static int lastWriter(Net net, List<String> order, String ref) {
        int at = ref.indexOf('@');
        String blob = at < 0 ? ref : ref.substring(0, at);
        int last = -1;
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            if (at >= 0 ? name.equals(ref.substring(at + 1)) : net.layer(name).def().tops().contains(blob)) {
                last = i;
            }
        }
        return last;
    }

    private static String[] refs(List<Weighted> ws) {
        String[] r = new String[ws.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ws.get(i).layer();
        }
        return r;
    }

    /** The gradient tensor of loss term {@code i} (content terms, then style terms), kept between calls. */
    private Tensor topGrad(int i, Shape s) {
        while (topGrads.size() <= i) {
            topGrads.add(null);
        }
        Tensor t = topGrads.get(i);
        if (t == null || !t.shape().equals(s)) {
            if (t != null) {
                t.close();
            }
            t = d.allocate(s);
            topGrads.set(i, t);
        }
        return t;
    }

    /** Adds a term's layer gradient to the backward pass's top gradients (summed when a layer has two terms). */
    private void addTop(Map<String, Tensor> tops, String ref, Tensor df) {
        Tensor before = tops.putIfAbsent(ref, df);
        if (before != null) {
            d.add(before, df, before);
        }
    }

    @Override
    public double value(Tensor x, Tensor grad) {
        List<String> targets = new ArrayList<>(List.of(refs(contentLayers)));
        targets.addAll(List.of(refs(styleLayers)));
        Map<String, Tensor> f = net.forward(Map.of(net.inputNames().get(0), x), targets.toArray(new String[0]));
        if (grad != null) {
            d.fill(grad, 0f);
        }
        Map<String, Tensor> tops = new LinkedHashMap<>();
        double content = 0;
        for (int i = 0; i < contentLayers.size(); i++) {
            Weighted w = contentLayers.get(i);
            Tensor feat = f.get(w.layer());
            Tensor df = grad != null ? topGrad(i, feat.shape()) : null;
            content += w.weight() * GramLoss.content(feat, contentTargets.get(i), contentWeight * w.weight(), df);
            if (df != null) {
                addTop(tops, w.layer(), df);
            }
        }
        double style = 0;
        for (int i = 0; i < styleLayers.size(); i++) {
            Weighted w = styleLayers.get(i);
            Tensor feat = f.get(w.layer());
            Tensor df = grad != null ? topGrad(contentLayers.size() + i, feat.shape()) : null;
            style += w.weight() * GramLoss.style(feat, styleTargets.get(i), styleWeight * w.weight(), df);
            if (df != null) {
                addTop(tops, w.layer(), df);
            }
        }
        if (grad != null) {
            // one backward pass from every loss layer at once (Net.backward sums what meets on the way)
            d.add(grad, net.backward(tops, ReluMode.STANDARD), grad);
        }
        double tv = 0;
        if (tvWeight > 0) {
            if (grad != null && (tvGrad == null || !tvGrad.shape().equals(x.shape()))) {
                tvGrad = d.allocate(x.shape());
            }
            tv = d.totalVariation(x, 2f, grad != null ? tvGrad : null);
            if (grad != null) {
                d.axpy(tvWeight, tvGrad, grad);
            }
        }
        terms.clear();
        if (!contentLayers.isEmpty()) {
            terms.put("content", contentWeight * content);
        }
        terms.put("style", styleWeight * style);
        if (tvWeight > 0) {
            terms.put("tv", tvWeight * tv);
        }
        return contentWeight * content + styleWeight * style + tvWeight * tv;
    }

    @Override
    public Map<String, Double> terms() {
        return terms;
    }

    @Override
    public Shape shape() {
        return shape;
    }
}
