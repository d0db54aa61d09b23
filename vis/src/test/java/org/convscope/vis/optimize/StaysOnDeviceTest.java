package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.convscope.nn.Net;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.CountingDevice;
import org.convscope.tensor.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * Every image optimization keeps its state on the device between steps: on the trained LeNet,
 * behind a device that counts the values crossing to and from the host, the steps after the
 * first move no tensor, only the scalars of the loss (reductions, which are not counted). The
 * evolution alone reads a small matrix per generation, its offspring's class scores.
 */
class StaysOnDeviceTest {
    static final Shape IN = Shape.of(1, 1, 28, 28);
    static final float HI = 255 * 0.00390625f;
    static final int STEPS = 4;

    private static Net lenet(Device d) throws IOException {
        Path dir = TestData.require("models/lenet_mnist_v2");
        return Net.load(dir.resolve("lenet.prototxt"), dir.resolve("lenet_iter_10000.caffemodel"), d);
    }

    private static Tensor noise(Device d, long seed) {
        Tensor t = d.allocate(IN);
        d.randomUniform(t, seed, 0f, HI);
        return t;
    }

    /** The values moved by steps 2..STEPS+1 of the algorithm {@code make} builds (init and step 1 are free). */
    private static long[] transfers(String name, Function<Net, Iterative> make) throws IOException {
        CountingDevice counting = CountingDevice.over(Devices.cpu());
        Net net = lenet(counting.device());
        Iterative it = make.apply(net);
        it.step();
        counting.reset();
        int steps = 0;
        while (steps < STEPS && it.step()) {
            steps++;
        }
        assertTrue(steps >= 2 || it.done(), name + " ran " + steps + " steps");
        assertTrue(it.diverged() == null, name + ": " + it.diverged());
        System.out.println(name + ": " + steps + " steps read " + counting.read() + " and wrote " + counting.written()
                + " values (" + counting.readCalls() + " reads, " + counting.writeCalls() + " writes)");
        return new long[] {counting.read(), counting.written(), steps};
    }

    private static void noTensorMoves(String name, Function<Net, Iterative> make) throws IOException {
        long[] t = transfers(name, make);
        assertEquals(0, t[0], name + ": values read back after the first step");
        assertEquals(0, t[1], name + ": values written after the first step");
    }

    @Test
    void classModelWithEveryRegularizer() throws IOException {
        noTensorMoves("class model", net -> ClassModel.init(Objective.classScore(net, IN, "ip2", 3),
                noise(net.device(), 1), ClassModel.Settings.yosinski(1).withIterations(10).withLr(0.1f, 0.05f)
                        .withDecay(0.01f).withJitter(2).withClipping(30, 40, 1).withSeed(3)));
    }

    @Test
    void featureInversion() throws IOException {
        noTensorMoves("feature inversion", net -> FeatureInversion.init(net, "conv2", noise(net.device(), 2),
                noise(net.device(), 3), FeatureInversion.Settings.defaults(0.00390625f).withIterations(10)
                        .withBox(0f, HI)));
    }

    private static NeuralStyle style(Net net) {
        return NeuralStyle.init(net, noise(net.device(), 4), IN, List.of(new NeuralStyle.Weighted("conv2", 1f)),
                List.of(noise(net.device(), 5)), new float[] {1f}, List.of(new NeuralStyle.Weighted("conv1", 0.5f),
                        new NeuralStyle.Weighted("conv2", 0.5f)), 1f, 100f, 0.1f);
    }

    @Test
    void styleTransferWithAdamAndWithLbfgs() throws IOException {
        noTensorMoves("style + Adam", net -> Adam.init(style(net), noise(net.device(), 6), Adam.Settings.of(10, 0.01f)));
        noTensorMoves("style + L-BFGS", net -> Lbfgs.init(style(net), noise(net.device(), 6),
                new Lbfgs.Settings(10, 5, 0.01f, 10)));
    }

    @Test
    void deepDreamAcrossAnOctave() throws IOException {
        // two octaves of two steps: the steps counted include the move to the larger octave
        noTensorMoves("deepdream", net -> DeepDream.init(net, "conv2", noise(net.device(), 7),
                new DeepDream.Settings(2, 2, 1.4f, 0.02f, 2, 0f, HI, 1L)));
        noTensorMoves("guided deepdream", net -> DeepDream.init(net, "conv2", noise(net.device(), 7),
                new DeepDream.Settings(2, 2, 1.4f, 0.02f, 2, 0f, HI, 1L), noise(net.device(), 10)));
    }

    @Test
    void targetedAttackAndFgsm() throws IOException {
        noTensorMoves("targeted attack", net -> TargetedAttack.init(Classifier.of(net), noise(net.device(), 8), 4,
                new TargetedAttack.Settings(0.05f, 0.01f, 0.999f, 20, 0f, HI)));
        CountingDevice counting = CountingDevice.over(Devices.cpu());
        Classifier c = Classifier.of(lenet(counting.device()));
        Tensor x = noise(counting.device(), 9);
        counting.reset();
        Fgsm.attack(c, x, 3, 0.1f, 0f, HI).close();
        assertEquals(0, counting.read() + counting.written(), "FGSM moves no tensor");
    }

    @Test
    void evolutionReadsOnlyTheOffspringsScores() throws IOException {
        int batch = 4;
        long[] t = transfers("evolution", net -> FoolingEvolution.init(Classifier.of(net), IN, new int[] {0, 1},
                new FoolingEvolution.Settings(batch, 0.1, 15, 0.999, 1000, 0f, HI, 2L)));
        assertEquals(t[2] * batch * 10, t[0], "a batch x 10 matrix of scores per generation");
        assertEquals(0, t[1], "nothing written: the offspring are made on the device");
    }
}
