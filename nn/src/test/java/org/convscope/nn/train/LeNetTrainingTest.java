package org.convscope.nn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.data.MnistIdx;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acceptance (the slow test of the training code, about a minute on 2 cores): Caffe's own LeNet
 * {@code lenet_train_test.prototxt} and solver settings, trained from its fillers on the first
 * 8,000 of the MNIST digits in {@code ../shared/data/mnist} (the t10k file), reaches at least 97%
 * on the last 2,000. Skipped with a message when the data is absent.
 */
@Tag("slow")
class LeNetTrainingTest {

    @Test
    void lenetFromScratchOnEightThousandDigits() throws Exception {
        Path dir = TestData.require("mnist");
        Path proto = TestData.require("models/lenet_mnist_v2/lenet_train_test.prototxt");
        MnistIdx mnist = MnistIdx.read(dir, "t10k");
        Dataset train = mnist.range(0, 8000);
        Dataset test = mnist.range(8000, 10000);
        Net net = Trainer.trainingNet(NetDef.read(proto), CpuDevice.shared());
        InputTransform t = InputTransform.plain(null, 0.00390625f);
        SolverSettings s = SolverSettings.lenet().withMaxIter(Integer.getInteger("convscope.lenetIters", 750))
                .withDisplay(250);
        long t0 = System.nanoTime();
        Trainer trainer = Trainer.init(net, s, train, Trainer.Options.of(64, t).withSeed(7)
                .withListener(TrainingListener.printing(System.out)));
        Trainer.Result r = trainer.run();
        double acc = Evaluation.run(net, test, t, "data", "label", "ip2", 500).accuracy();
        System.out.printf("LeNet: %d iterations (%.1f epochs of 8,000) in %.1f s; held-out accuracy %.2f%%%n",
                r.iterations(), r.epochs(), (System.nanoTime() - t0) / 1e9, 100 * acc);
        assertTrue(acc >= 0.97, "held-out accuracy " + acc + " < 0.97");
    }
}
