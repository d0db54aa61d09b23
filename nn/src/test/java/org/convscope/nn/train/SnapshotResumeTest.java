package org.convscope.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.data.CachedDataset;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.data.PcaColour;
import org.convscope.nn.data.Shapes;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted by a snapshot and resumed in a fresh net and trainer ends bit for bit where the
 * uninterrupted run ends: weights and momentum history (dropout, augmentation, shuffling, momentum,
 * weight decay and a step policy all in play).
 */
class SnapshotResumeTest {
    static final String NET = """
            name: "small"
            layer { name: "d" type: "Data" top: "data" top: "label" }
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                    param { lr_mult: 1 } param { lr_mult: 2 decay_mult: 0 }
                    convolution_param { num_output: 6 kernel_size: 5 stride: 2
                      weight_filler { type: "xavier" } bias_filler { type: "constant" value: 0.1 } } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
            layer { name: "fc1" type: "InnerProduct" bottom: "pool1" top: "fc1"
                    inner_product_param { num_output: 16 weight_filler { type: "msra" } } }
            layer { name: "relu2" type: "ReLU" bottom: "fc1" top: "fc1" }
            layer { name: "drop" type: "Dropout" bottom: "fc1" top: "fc1" dropout_param { dropout_ratio: 0.3 } }
            layer { name: "fc2" type: "InnerProduct" bottom: "fc1" top: "fc2"
                    inner_product_param { num_output: 10 weight_filler { type: "gaussian" std: 0.01 } } }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc2" bottom: "label" top: "loss" }
            """;

    static Trainer trainer(Dataset data, Path prefix, int snapshotEvery) throws Exception {
        Net net = Trainer.trainingNet(NetDef.parse(NET, "small"), CpuDevice.shared());
        SolverSettings s = SolverSettings.sgd(0.02).withMomentum(0.9).withWeightDecay(0.001).withStep(0.5, 3)
                .withMaxIter(8).withSnapshot(snapshotEvery, prefix.toString());
        InputTransform t = InputTransform.plain(new float[] {128, 128, 128}, 1 / 64f).withCrop(28, true)
                .withJitter(0.1f, 0.1f, 0.1f).withPca(PcaColour.of(data, 20), 0.1f);
        return Trainer.init(net, s, data, Trainer.Options.of(8, t).withSeed(5).withSnapshotEpochs(Set.of(1)));
    }

    @Test
    void resumedRunIsBitIdentical(@TempDir Path dir) throws Exception {
        Dataset data = CachedDataset.of(new Shapes(3, 40, 32));
        Trainer whole = trainer(data, dir.resolve("a/run"), 0);
        whole.run();

        Trainer first = trainer(data, dir.resolve("b/run"), 5);
        for (int i = 0; i < 5; i++) {
            first.step();
        }
        Path snap = dir.resolve("b/run_iter_5.caffemodel");
        assertTrue(Files.isRegularFile(snap));
        assertTrue(Files.isRegularFile(Trainer.stateFile(snap)));
        assertTrue(Files.isRegularFile(dir.resolve("b/run_epoch_1.caffemodel")), "epoch snapshot after 40 images");

        Trainer resumed = trainer(data, dir.resolve("c/run"), 0);
        assertFalse(equalWeights(whole.net(), resumed.net()));
        resumed.resume(snap);
        assertEquals(5, resumed.iteration());
        resumed.run();
        assertEquals(8, resumed.iteration());
        for (Map.Entry<String, Param> e : whole.net().params().entrySet()) {
            assertArrayEquals(e.getValue().value().toArray(), resumed.net().params().get(e.getKey()).value().toArray(),
                    e.getKey());
            assertArrayEquals(whole.sgd().history().get(e.getKey()).toArray(),
                    resumed.sgd().history().get(e.getKey()).toArray(), "history of " + e.getKey());
        }
    }

    @Test
    void snapshotLoadsAsANet(@TempDir Path dir) throws Exception {
        Dataset data = new Shapes(3, 16, 32);
        Trainer t = trainer(data, dir.resolve("run"), 0);
        t.step();
        Path p = t.snapshot();
        Net back = Net.load(p, CpuDevice.shared());
        assertArrayEquals(t.net().params().get("fc2.weights").value().toArray(),
                back.params().get("fc2.weights").value().toArray());
    }

    static boolean equalWeights(Net a, Net b) {
        for (Map.Entry<String, Param> e : a.params().entrySet()) {
            if (!java.util.Arrays.equals(e.getValue().value().toArray(), b.params().get(e.getKey()).value().toArray())) {
                return false;
            }
        }
        return true;
    }
}
