package org.convscope.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.layers.Layers;
import org.convscope.nn.train.SolverSettings;
import org.convscope.nn.train.Trainer;
import org.convscope.nn.train.TrainingListener;
import org.convscope.tensor.Devices;
import org.convscope.vis.data.DataSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope train solver.prototxt --data mnist:DIR}: Caffe-style training from a solver and its train/test net. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a net with SGD from a Caffe solver.prototxt (base_lr, momentum, weight_decay, lr_policy, "
                + "max_iter, snapshot, snapshot_prefix, ...) and the train/test prototxt it names. The Data layer's "
                + "transform_param (crop_size, mirror, mean_value, scale) and batch_size are used; the data come from --data.",
                "Snapshots: PREFIX_iter_N.caffemodel (weights) + PREFIX_iter_N.solverstate (momentum history)."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOLVER", description = "solver.prototxt")
    Path solver;

    @Option(names = "--data", required = true, paramLabel = "SPEC",
            description = "Training data: mnist:DIR[:PREFIX], folder:DIR or shapes:SEED:COUNT, optionally @FROM-TO.")
    String data;

    @Option(names = "--test-data", paramLabel = "SPEC",
            description = "Held-out data: accuracy every test_interval iterations of the solver and at the end.")
    String testData;

    @Option(names = "--size", defaultValue = "64", description = "Image side for folder and shapes data (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--resume", paramLabel = "SNAPSHOT", description = "Continue from PREFIX_iter_N.caffemodel (+ .solverstate).")
    Path resume;

    @Option(names = "--weights", paramLabel = "CAFFEMODEL", description = "Start from these weights (fine-tuning) instead of the fillers.")
    Path weights;

    @Option(names = "--epoch-snapshots", split = ",", paramLabel = "E",
            description = "Also write PREFIX_epoch_E.caffemodel after these epochs, e.g. 1,2,5,10 (feature evolution).")
    Set<Integer> epochs = new TreeSet<>();

    @Option(names = "--seed", description = "Seed of shuffling, augmentation, dropout and fillers (default: random_seed).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        SolverSettings s = SolverSettings.read(solver);
        if (s.net() == null) {
            throw new IllegalArgumentException(solver + " names no net (net: \"train_test.prototxt\")");
        }
        if (s.display() == 0) {
            s = s.withDisplay(100);
        }
        NetDef def = NetDef.read(s.net());
        Dataset train = DataSpec.open(data, size);
        LayerDef dataLayer = null;
        for (LayerDef l : def.forPhase(NetDef.Phase.TRAIN).layers()) {
            if (Layers.DATA_TYPES.contains(l.type())) {
                dataLayer = l;
                break;
            }
        }
        InputTransform t = dataLayer == null ? InputTransform.plain(null, 1f)
                : InputTransform.caffe(dataLayer.param("transform_param"), train.channels());
        int batch = dataLayer == null ? 64 : dataLayer.param("data_param").int32("batch_size", 64);
        String dataBlob = dataLayer == null ? "data" : dataLayer.tops().get(0);
        String labelBlob = dataLayer == null || dataLayer.tops().size() < 2 ? "label" : dataLayer.tops().get(1);
        Net net = Trainer.trainingNet(def, Devices.cpu());
        Trainer.Options o = Trainer.Options.of(batch, t).withSeed(seed == null ? s.randomSeed() : seed)
                .withInputs(dataBlob, labelBlob).withSnapshotEpochs(epochs)
                .withListener(TrainingListener.printing(System.out)).withFill(weights == null);
        if (weights != null) {
            // shapes first, then the weights (the trainer reshapes the net to the batch)
            net.reshape(java.util.Map.of(dataBlob, t.shape(train).withFirst(batch),
                    labelBlob, org.convscope.tensor.Shape.of(batch)));
            net.loadWeights(weights);
        }
        if (testData != null) {
            int interval = org.convscope.nn.caffe.TextFormat.parse(solver).int32("test_interval", 0);
            o = o.withTest(DataSpec.open(testData, size), interval);
        }
        Trainer trainer = Trainer.init(net, s, train, o);
        if (resume != null) {
            trainer.resume(resume);
            System.out.println("resumed at iteration " + trainer.iteration() + " from " + resume);
        }
        long t0 = System.nanoTime();
        Trainer.Result r = trainer.run();
        Path last = s.snapshot() > 0 && trainer.iteration() % s.snapshot() == 0
                ? Path.of(s.snapshotPrefix() + "_iter_" + trainer.iteration() + ".caffemodel") // written by the run
                : trainer.snapshot();
        System.out.printf(Locale.ROOT, "%d iterations (%.2f epochs) in %.0f s; final weights %s%n", r.iterations(),
                r.epochs(), (System.nanoTime() - t0) / 1e9, last);
        if (testData != null) {
            System.out.printf(Locale.ROOT, "held-out accuracy %.2f%%%n", 100 * r.testAccuracy());
        }
        return 0;
    }
}
