package org.convscope.vis.optimize;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.ClassScores;

/**
 * A net seen as a classifier of one image by its pre-softmax scores {@code s(x)} (1 x K): the
 * predicted class, the softmax probabilities, and the gradient of the softmax cross-entropy
 * {@code J(x, y) = -log softmax(s(x))_y} with respect to the image (the loss the adversarial and
 * fooling methods differentiate). Everything but the returned scalars stays on the device.
 */
public final class Classifier {
    private final Net net;
    private final String scoreBlob;
    private final int classes;
    private Tensor dScores;

    /**
     * @throws IllegalArgumentException for an unknown score blob or one without a class axis
     */
    public Classifier(Net net, String scoreBlob) {
        this.net = net;
        this.scoreBlob = scoreBlob;
        this.classes = ClassScores.classCount(net, scoreBlob);
    }

    /** The classifier of a net's own pre-softmax scores ({@link ClassScores#scoreBlob}). */
    public static Classifier of(Net net) {
        return new Classifier(net, ClassScores.scoreBlob(net));
    }

    public int classes() {
        return classes;
    }

    public String scoreBlob() {
        return scoreBlob;
    }

    public Net net() {
        return net;
    }

    /** The pre-softmax scores of x (owned by the net until its next pass). */
    public Tensor scores(Tensor x) {
        return net.forward(x, scoreBlob);
    }

    /** The class of highest score. */
    public int predict(Tensor x) {
        return net.device().argmax(scores(x));
    }

    /** The softmax probabilities of x (host). */
    public float[] probabilities(Tensor x) {
        return ClassScores.softmax(scores(x).toArray());
    }

    /**
     * The softmax probability of one class, {@code exp(-J(x, cls))}: one forward pass, one scalar
     * read back (the cross-entropy), where {@link #probabilities} reads every score.
     */
    public float probability(Tensor x, int cls) {
        ClassScores.checkClass(net, scoreBlob, cls);
        return (float) Math.exp(-net.device().softmaxCrossEntropy(scores(x), new int[] {cls}, null));
    }

    /**
     * {@code J(x, y)} and {@code dJ/dx}: one forward and one backward pass.
     *
     * @param grad out: same shape as x, overwritten
     * @return the cross-entropy
     */
    public float crossEntropy(Tensor x, int y, Tensor grad) {
        ClassScores.checkClass(net, scoreBlob, y);
        Tensor s = scores(x);
        Device d = net.device();
        if (dScores == null || !dScores.shape().equals(s.shape())) {
            dScores = d.allocate(s.shape());
        }
        float loss = d.softmaxCrossEntropy(s, new int[] {y}, dScores);
        if (grad != null) {
            d.copy(net.backward(scoreBlob, dScores, ReluMode.STANDARD), grad);
        }
        return loss;
    }
}
