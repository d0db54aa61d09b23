package org.convscope.vis.patches;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.data.CachedDataset;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.data.Shapes;
import org.convscope.nn.train.SolverSettings;
import org.convscope.nn.train.Trainer;
import org.convscope.tensor.cpu.CpuDevice;

/**
 * A small conv net on 32 x 32 generated shapes (conv1 6@5x5, pool, conv2 8@3x3, pool, fc 10) that
 * trains for a few epochs in well under a second per epoch: the training run whose epoch snapshots
 * the feature-evolution tests look at.
 */
public final class TinyShapesNet {
    /** Image side. */
    public static final int SIZE = 32;
    /** Mean and scale of the input (training and test): {@code (x - 128) / 64}. */
    public static final float MEAN = 128f;
    public static final float SCALE = 1f / 64;

    private static final String LAYERS = """
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                    convolution_param { num_output: %d kernel_size: 5
                      weight_filler { type: "xavier" } bias_filler { type: "constant" value: 0.1 } } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
            layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2"
                    convolution_param { num_output: 8 kernel_size: 3 weight_filler { type: "xavier" } } }
            layer { name: "relu2" type: "ReLU" bottom: "conv2" top: "conv2" }
            layer { name: "pool2" type: "Pooling" bottom: "conv2" top: "pool2" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
            layer { name: "fc" type: "InnerProduct" bottom: "pool2" top: "fc"
                    inner_product_param { num_output: 10 weight_filler { type: "xavier" } } }
            """;

    /** The training net: a Data layer (batch 16, the input transform) and a softmax loss. */
    public static final String TRAIN = """
            name: "tiny"
            layer { name: "d" type: "Data" top: "data" top: "label"
                    transform_param { mean_value: 128 scale: 0.015625 } data_param { batch_size: 16 } }
            """ + LAYERS.formatted(6) + """
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
            """;

    /** The deploy net of {@link #TRAIN}. */
    public static final String DEPLOY = deploy(6);

    /** A deploy net whose conv1 has {@code conv1} outputs (6 fits the snapshots, anything else does not). */
    public static String deploy(int conv1) {
        return """
                name: "tiny"
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 32 dim: 32 } } }
                """ + LAYERS.formatted(conv1);
    }

    private TinyShapesNet() {
    }

    /**
     * Trains from the fillers on 64 shapes (seed 1), batch 16 (4 iterations an epoch), and writes
     * {@code <prefix>_epoch_<E>.caffemodel} after each of {@code epochs}; runs to the last of them.
     */
    public static Trainer.Result train(Path prefix, Set<Integer> epochs) throws Exception {
        Dataset data = CachedDataset.of(new Shapes(1, 64, SIZE));
        Net net = Trainer.trainingNet(NetDef.parse(TRAIN, "tiny_train.prototxt"), CpuDevice.shared());
        int last = epochs.stream().mapToInt(Integer::intValue).max().orElse(1);
        SolverSettings s = SolverSettings.sgd(0.02).withMomentum(0.9).withMaxIter(last * 4)
                .withSnapshot(0, prefix.toString());
        InputTransform t = InputTransform.plain(new float[] {MEAN, MEAN, MEAN}, SCALE);
        return Trainer.init(net, s, data, Trainer.Options.of(16, t).withSeed(3).withSnapshotEpochs(epochs)).run();
    }

    /** {@code count} fresh shapes (seed 5), preprocessed as in training, as an image source. */
    static ArrayImages testImages(int count) {
        Shapes shapes = new Shapes(5, count, SIZE);
        List<float[]> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] v = shapes.image(i);
            for (int p = 0; p < v.length; p++) {
                v[p] = (v[p] - MEAN) * SCALE;
            }
            list.add(v);
        }
        return new ArrayImages(list, 3, SIZE, SIZE);
    }
}
