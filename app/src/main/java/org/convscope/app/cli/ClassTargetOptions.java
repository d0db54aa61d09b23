package org.convscope.app.cli;

import org.convscope.nn.Net;
import org.convscope.vis.attribution.ClassScores;

import picocli.CommandLine.Option;

/** The class an attribution explains, and the pre-softmax blob its score is read from. */
final class ClassTargetOptions {
    @Option(names = "--class", paramLabel = "K",
            description = "Class index to explain (default: the class the net predicts for the image).")
    Integer cls;

    @Option(names = "--score-blob", paramLabel = "BLOB",
            description = "Blob of class scores before the softmax (default: the bottom of the final Softmax, e.g. fc8, ip2).")
    String scoreBlob;

    /** The score blob, checked (an unknown one is refused with the list of blobs). */
    String scoreBlob(Net net) {
        String b = scoreBlob != null ? scoreBlob : ClassScores.scoreBlob(net);
        org.convscope.tensor.Shape s = net.shape(b);
        if (s.rank() == 4 && s.h() * s.w() != 1) {
            throw new IllegalArgumentException("--score-blob " + b + " is " + s + ", a stack of maps, not one score per"
                    + " class (N x K or N x K x 1 x 1): choose the class scores, e.g. the last fully connected layer or"
                    + " the global pooling after the last convolution");
        }
        return b;
    }
}
