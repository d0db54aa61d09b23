package org.convscope.app.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.AttributionImages;
import org.convscope.vis.render.RunOutput;

/**
 * Everything a {@link ReportSection} runs on: the net with its preprocessing, the images
 * (preprocessed), the class names, the blob of class scores, an optional labelled data set for
 * the representation-space sections, the output folder and the size of the run.
 *
 * @param net        the trained net
 * @param pre        its preprocessing (what {@link Image#x} went through)
 * @param names      class names, or null (classes are then shown as numbers)
 * @param scoreBlob  blob of class scores before the softmax, or null when the net has none
 * @param images     the images every per-image section explains
 * @param data       a labelled data set for t-SNE and nearest neighbours, or null (those sections skip)
 * @param dataName   how the data set was named ({@code shapes:3:500})
 * @param codeLayer  the blob whose values are the codes (fc7, or the input of the last fully connected layer)
 * @param out        the report folder (never writes over an input)
 * @param drawing    how attribution maps are drawn
 * @param quick      reduced sizes (tests)
 * @param seed       seed of every random choice
 * @param log        where progress lines go (standard output for the commands)
 */
public record Context(Net net, Preprocessing pre, ClassNames names, String scoreBlob, List<Image> images,
                      Dataset data, String dataName, String codeLayer, RunOutput out, AttributionImages drawing,
                      boolean quick, long seed, java.io.PrintStream log) {

    /**
     * One image of the report.
     *
     * @param name       how it is called in the report (file name, or "circle #3")
     * @param x          the preprocessed input, 1 x C x H x W
     * @param seen       the picture the net saw ({@code pre.deprocess(x)})
     * @param trueLabel  its known class, or -1
     */
    public record Image(String name, Tensor x, BufferedImage seen, int trueLabel) {
    }

    /** The class's name ({@code 3 star}), or its number when the names are unknown. */
    public String label(int cls) {
        if (names == null || cls < 0 || cls >= names.size()) {
            return "class " + cls;
        }
        return names.shortLabel(cls);
    }

    /** Writes a picture into the report folder and returns its relative name for the page. */
    public String png(String name, BufferedImage img) throws IOException {
        out.writePng(name, img);
        return name;
    }

    /** A figure: the picture written under {@code name}, with a caption. */
    public SectionResult.Figure figure(String name, BufferedImage img, String caption) throws IOException {
        return new SectionResult.Figure(png(name, img), caption);
    }

    /** The image's picture enlarged like the maps, written once per image. */
    public SectionResult.Figure input(int i) throws IOException {
        return figure("input_" + i + ".png", drawing.input(images.get(i).seen()), "input");
    }
}
