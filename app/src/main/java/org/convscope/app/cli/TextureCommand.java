package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.optimize.NeuralStyle;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Manifest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope texture}: an image with the Gram matrices of a texture. */
@Command(name = "texture", mixinStandardHelpOptions = true,
        description = {"Texture synthesis (Gatys et al. 2015): from noise, an image whose Gram matrices at the style "
                + "layers match TEXTURE's, by L-BFGS (or Adam).",
                "Writes OUT/texture.png (TEXTURE | synthesis), texture_image.png, iter_NNNNN.png with --save-every, "
                        + "and manifest.json.",
                "Example: convscope texture -m demo stripes.png --style-layers conv1,conv2,conv3 --out out"})
final class TextureCommand extends GatysCommand {
    @Parameters(index = "0", paramLabel = "TEXTURE", description = "The texture image.")
    Path texture;

    @Option(names = "--size", paramLabel = "PX", description = "Size of the synthesis (default: the net's input).")
    Integer size;

    @Override
    List<Path> inputFiles() {
        return List.of(texture);
    }

    @Override
    int run(Run r) throws IOException {
        Tensor t = r.image(texture);
        Shape shape = shapeOf(r, size);
        List<NeuralStyle.Weighted> layers = styleLayers(r.net);
        r.manifest.setting("pooling", pooling);
        r.manifest.setting("styleLayers", Manifest.plain(layers));
        System.out.println("style layers " + layers);
        NeuralStyle e = NeuralStyle.init(r.net, null, shape, List.of(), List.of(t), new float[] {1f}, layers, 0f,
                styleWeight, tvWeight, averagePooling());
        Tensor start = Tensor.normal(r.device, seed, 0f, (float) (noiseStd * r.pre.scale()), shape.dims());
        int[] status = new int[1];
        Tensor x = optimize(r, e, start, status);
        r.png("texture.png", Grid.standard().withColumns(2).withLabels(Grid.Labels.BELOW).render(
                List.of(r.pixels(t), r.pixels(x)), List.of("texture", "synthesis")));
        r.png("texture_image.png", r.pre.deprocess(x));
        return status[0];
    }
}
