package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every image optimization on a real ImageNet net (the built-in SqueezeNet: Fire modules, 1x1
 * convolutions, concatenations, global average pooling, scores without a softmax), each judged by
 * what the net itself measures; small inputs and few steps where the outcome still holds.
 */
class SqueezeNetOptimizeTest {
    static final int SIZE = 99;
    static final Shape IN = Shape.of(1, 3, SIZE, SIZE);
    static Net net;
    static Device d;
    static Preprocessing pre;
    static PixelBox box;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        d = Devices.defaultDevice();
        net = SqueezeNetData.load(d);
        pre = SqueezeNetData.preprocessing(SIZE);
        box = PixelBox.of(pre, IN, d);
    }

    /** A bundled public-domain photo, preprocessed at {@code size}. */
    static Tensor photo(String name, int size) throws IOException {
        try (InputStream in = SqueezeNetOptimizeTest.class.getResourceAsStream("/org/convscope/vis/demo/photos/" + name)) {
            BufferedImage img = ImageIO.read(in);
            return SqueezeNetData.preprocessing(size).apply(img, d);
        }
    }

    /** The picture of x written as a PNG and read back, preprocessed again. */
    Tensor pngRoundTrip(Tensor x, Preprocessing p) throws IOException {
        Path f = dir.resolve("x.png");
        ImageIO.write(p.deprocess(x), "png", f.toFile());
        return p.apply(f, d);
    }

    static void run(Iterative it) {
        while (it.step()) {
            // to the end
        }
    }

    @Test
    void inversionMatchesTheCodeOfAPhoto() throws IOException {
        Tensor dog = photo("dog.jpg", SIZE);
        FeatureInversion.Settings s = FeatureInversion.Settings.defaults(1f).withIterations(30)
                .withBox(-123f, 151f);
        FeatureInversion inv = FeatureInversion.init(net, "fire3/concat", dog, Tensor.normal(d, 1, 0f, 10f, IN.dims()), s);
        double before = inv.energy()[0];
        run(inv);
        double after = inv.energy()[0];
        assertTrue(inv.diverged() == null, String.valueOf(inv.diverged()));
        assertTrue(after < before / 3, "code loss " + before + " -> " + after);
    }

    static NeuralStyle gatys(Tensor content, Tensor style, Shape shape) {
        List<NeuralStyle.Weighted> styleLayers = List.of(new NeuralStyle.Weighted("conv1", 0.5f),
                new NeuralStyle.Weighted("fire2/concat", 0.5f));
        List<NeuralStyle.Weighted> contentLayers = content == null ? List.of()
                : List.of(new NeuralStyle.Weighted("fire3/concat", 1f));
        return NeuralStyle.init(net, content, shape, contentLayers, List.of(style), new float[] {1f}, styleLayers,
                content == null ? 0f : 1f, 1000f, 0f);
    }

    static double styleLoss(NeuralStyle e, Tensor x) {
        Tensor g = d.allocate(x.shape());
        e.value(x, g);
        return e.terms().get("style");
    }

    @Test
    void textureSynthesisLowersTheStyleLossTenfold() throws IOException {
        Shape shape = Shape.of(1, 3, 64, 64);
        NeuralStyle e = gatys(null, photo("giraffe.jpg", 64), shape);
        Tensor start = Tensor.normal(d, 2, 0f, 20f, shape.dims());
        double before = styleLoss(e, start);
        Lbfgs opt = Lbfgs.init(e, start, new Lbfgs.Settings(25, 10, 2f, 30));
        run(opt);
        double after = styleLoss(e, opt.result());
        assertTrue(after < before / 10, "style loss " + before + " -> " + after);
    }

    @Test
    void styleTransferLowersTheStyleLossTenfold() throws IOException {
        Shape shape = Shape.of(1, 3, 64, 64);
        Tensor content = photo("dog.jpg", 64);
        NeuralStyle e = gatys(content, photo("giraffe.jpg", 64), shape);
        double before = styleLoss(e, content);
        Lbfgs opt = Lbfgs.init(e, content, new Lbfgs.Settings(25, 10, 2f, 30));
        run(opt);
        double after = styleLoss(e, opt.result());
        assertTrue(after < before / 10, "style loss " + before + " -> " + after);
    }

    @Test
    void deepDreamRaisesTheLayersActivationNorm() throws IOException {
        Tensor dog = photo("dog.jpg", SIZE);
        DeepDream.Settings s = new DeepDream.Settings(6, 1, 1.4f, 1.5f, 4, -123f, 151f, 0L);
        DeepDream dream = DeepDream.init(net, "fire4/concat", dog, s);
        float before = dream.objective(dog);
        run(dream);
        float after = dream.objective(dream.result());
        assertTrue(after > 1.5 * before, "1/2 |fire4|^2 " + before + " -> " + after);
    }

    @Test
    void aTargetedAdversarialFlipSurvivesItsOwnPng() throws IOException {
        Tensor dog = photo("dog.jpg", SIZE);
        Classifier c = new Classifier(net, SqueezeNetData.SCORES);
        int target = 130;
        assertTrue(c.predict(dog) != target);
        TargetedAttack a = TargetedAttack.init(c, dog, target,
                new TargetedAttack.Settings(25f, 0.01f, 0.9f, 200, -123f, 151f));
        run(a);
        assertTrue(a.reached(), "target reached in " + a.iteration() + " steps");
        Tensor back = pngRoundTrip(a.result(), pre);
        assertEquals(target, c.predict(back), "the PNG of the adversarial image is still the target");
    }

    @Test
    void aGradientFoolingImageIsConfidentAfterItsPng() throws IOException {
        Classifier c = new Classifier(net, SqueezeNetData.SCORES);
        int target = 980; // volcano
        TargetedAttack a = TargetedAttack.init(c, Tensor.normal(d, 3, 0f, 10f, IN.dims()), target,
                new TargetedAttack.Settings(50f, 0f, 0.999f, 300, -123f, 151f));
        run(a);
        assertTrue(a.reached(), "0.999 reached in " + a.iteration() + " steps");
        float p = c.probability(pngRoundTrip(a.result(), pre), target);
        assertTrue(p >= 0.99, "p(volcano) from the PNG " + p);
    }
}
