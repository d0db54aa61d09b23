package org.convscope.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.convscope.nn.train.TrainingListener;
import org.convscope.tensor.Devices;
import org.convscope.vis.demo.DemoModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convscope train-demo}: re-creates the shipped demo model from scratch and says how long it took. */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = {"Trains ConvScope's demo model (a small AlexNet-shaped net) from scratch on generated shapes "
                + "and writes shapes.caffemodel, its prototxts and shapes.properties (seeds, held-out accuracy, time).",
                "The model shipped in the jar is the output of this command on the CPU device."})
final class TrainDemoCommand implements Callable<Integer> {
    @Mixin
    OutputOptions out = OutputOptions.withDefault("demo-model", "Output folder (default: ${DEFAULT-VALUE}).");

    @Option(names = "--epoch-snapshots", split = ",", paramLabel = "E",
            description = "Also write shapes_epoch_E.caffemodel after these epochs (for feature evolution), e.g. 1,2,5,10.")
    Set<Integer> epochs = new TreeSet<>();

    @Override
    public Integer call() throws Exception {
        System.out.println("training the demo model on " + DemoModel.TRAIN_IMAGES + " generated shapes (seed "
                + DemoModel.TRAIN_SEED + ") ...");
        DemoModel.Outcome o = DemoModel.train(out.dir(), Devices.cpu(), TrainingListener.printing(System.out), epochs);
        System.out.printf(Locale.ROOT, "held-out accuracy %.2f%% on %d fresh shapes (seed %d)%n", 100 * o.accuracy(),
                DemoModel.TEST_IMAGES, DemoModel.TEST_SEED);
        System.out.printf(Locale.ROOT, "trained in %.0f s (%d iterations); wrote %s and %s%n", o.seconds(),
                o.iterations(), o.caffemodel(), o.properties());
        return 0;
    }
}
