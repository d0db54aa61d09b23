package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.NeuralStyle;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Manifest;
import org.convscope.vis.optimize.StyleLayers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope style}: CONTENT painted in the style of STYLE. */
@Command(name = "style", mixinStandardHelpOptions = true,
        description = {"Neural style transfer (Gatys et al. 2015): content loss at --content-layers, Gram (style) loss "
                + "at --style-layers of one or more style images blended by --style-blend, optional total variation; "
                + "L-BFGS or Adam, from the content image or noise.",
                "Writes OUT/style.png (content | style | result), style_image.png, iter_NNNNN.png with --save-every, "
                        + "and manifest.json.",
                "Example: convscope style -m vgg16 -w VGG_ILSVRC_16_layers.caffemodel tubingen.jpg starry.jpg --out out"})
final class StyleCommand extends GatysCommand {
    @Parameters(index = "0", paramLabel = "CONTENT", description = "The content image.")
    Path content;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "STYLE", description = "One or more style images.")
    List<Path> styles;

    @Option(names = "--style-blend", split = ",", paramLabel = "W,...", description = "A weight per style image (default: equal).")
    float[] blend;

    @Option(names = "--content-layers", split = ",", paramLabel = "BLOB[:W],...",
            description = "Content layers (default: VGG conv4_2; a net of modules: the module output two thirds of the "
                    + "way up, SqueezeNet's fire7/concat; otherwise the last convolution).")
    List<String> contentLayers;

    @Option(names = "--content-weight", defaultValue = "1", paramLabel = "W", description = "Weight of the content loss (default ${DEFAULT-VALUE}).")
    float contentWeight;

    @Option(names = "--style-scale", defaultValue = "1", paramLabel = "S",
            description = "Read the style images at S times the content's size: larger S, larger brush strokes (default ${DEFAULT-VALUE}).")
    float styleScale;

    @Option(names = "--keep-colours", description = "Keep the content's colours: the result's luminance with the content's chrominance (YIQ).")
    boolean keepColours;

    @Option(names = "--start", defaultValue = "content", paramLabel = "content|noise", description = "First iterate (default ${DEFAULT-VALUE}).")
    String start;

    @Override
    List<Path> inputFiles() {
        List<Path> all = new ArrayList<>();
        all.add(content);
        all.addAll(styles);
        return all;
    }

    @Override
    int run(Run r) throws IOException {
        Tensor c = r.image(content);
        if (!(styleScale > 0)) {
            throw new IllegalArgumentException("--style-scale must be > 0, got " + styleScale);
        }
        Run sr = r;
        if (styleScale != 1) {
            int crop = Math.max(8, Math.round(r.pre.crop() * styleScale));
            int resize = Math.max(crop, Math.round(r.pre.resize() * styleScale));
            org.convscope.nn.Preprocessing sp = new org.convscope.nn.Preprocessing(resize, crop, r.pre.meanBgr(),
                    r.pre.meanImage(), r.pre.meanShape(), r.pre.scale());
            sr = new Run(r.net, r.device, sp, org.convscope.tensor.Shape.of(1, r.inputShape.c(), crop, crop), r.grey,
                    r.out, r.manifest, r.minSide);
        }
        r.manifest.setting("styleScale", styleScale);
        List<Tensor> s = new ArrayList<>();
        for (Path p : styles) {
            s.add(sr.image(p));
        }
        float[] b = blend;
        if (b == null) {
            b = new float[s.size()];
            java.util.Arrays.fill(b, 1f / s.size());
        }
        if (b.length != s.size()) {
            throw new IllegalArgumentException("--style-blend has " + b.length + " weights for " + s.size() + " style images");
        }
        List<NeuralStyle.Weighted> sl = styleLayers(r.net);
        List<NeuralStyle.Weighted> cl = StyleLayers.parse(contentLayers != null ? contentLayers : StyleLayers.defaultContent(r.net));
        r.manifest.setting("pooling", pooling);
        r.manifest.setting("styleLayers", Manifest.plain(sl));
        r.manifest.setting("contentLayers", Manifest.plain(cl));
        r.manifest.setting("contentWeight", contentWeight);
        r.manifest.setting("styleBlend", b);
        r.manifest.setting("start", start);
        System.out.println("content layers " + cl + ", style layers " + sl);
        NeuralStyle e = NeuralStyle.init(r.net, c, c.shape(), cl, s, b, sl, contentWeight, styleWeight, tvWeight, averagePooling());
        Tensor x0;
        switch (start) {
            case "content":
                x0 = c;
                break;
            case "noise":
                x0 = Tensor.normal(r.device, seed, 0f, (float) (noiseStd * r.pre.scale()), c.shape().dims());
                break;
            default:
                throw new IllegalArgumentException("--start must be content or noise, not '" + start + "'");
        }
        int[] status = new int[1];
        Tensor x = optimize(r, e, x0, status);
        r.manifest.setting("keepColours", keepColours);
        java.awt.image.BufferedImage result = r.pre.deprocess(x);
        if (keepColours) {
            result = org.convscope.vis.optimize.Colours.keepContentColours(result, r.pre.deprocess(c));
        }
        r.png("style.png", Grid.standard().withColumns(3).withLabels(Grid.Labels.BELOW).render(
                List.of(r.pixels(c), sr.pixels(s.get(0)), r.enlarge(result)), List.of("content", "style", "result")));
        r.png("style_image.png", result);
        return status[0];
    }
}
