package org.convscope.nn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.Message;
import org.convscope.nn.caffe.TextFormat;

/**
 * The settings of Caffe's SGD solver, as in a {@code solver.prototxt}: learning rate and its
 * policy ({@link LrPolicy}), momentum, weight decay, how long to run and when to snapshot.
 * Defaults are Caffe's (momentum 0, weight decay 0, policy {@code fixed}).
 *
 * @param net            the train/test prototxt named by the solver ({@code net:}), resolved
 *                       against the solver file's folder; null when given from the Java API
 * @param baseLr         {@code base_lr}
 * @param lrPolicy       {@code lr_policy}: fixed, step, multistep, exp, inv, poly, sigmoid
 * @param gamma          {@code gamma}
 * @param power          {@code power}
 * @param stepsize       {@code stepsize}
 * @param stepvalues     {@code stepvalue} (multistep)
 * @param momentum       {@code momentum}
 * @param weightDecay    {@code weight_decay} (L2)
 * @param maxIter        {@code max_iter}
 * @param snapshot       {@code snapshot}: every this many iterations (0: never)
 * @param snapshotPrefix {@code snapshot_prefix}
 * @param display        {@code display}: report every this many iterations (0: never)
 * @param randomSeed     {@code random_seed} (Caffe's -1 means "from the clock"; here it is 1)
 */
public record SolverSettings(Path net, double baseLr, String lrPolicy, double gamma, double power, int stepsize,
                             List<Integer> stepvalues, double momentum, double weightDecay, int maxIter,
                             int snapshot, String snapshotPrefix, int display, long randomSeed) {

    public SolverSettings {
        stepvalues = List.copyOf(stepvalues);
        LrPolicy.check(lrPolicy);
        if (!(baseLr > 0) || momentum < 0 || momentum >= 1 || weightDecay < 0 || maxIter < 0) {
            throw new IllegalArgumentException("solver settings out of range: base_lr " + baseLr + " (> 0), momentum "
                    + momentum + " ([0, 1)), weight_decay " + weightDecay + " (>= 0), max_iter " + maxIter + " (>= 0)");
        }
    }

    /** SGD with a fixed rate, no momentum, no decay: start here and change with the {@code with} methods. */
    public static SolverSettings sgd(double baseLr) {
        return new SolverSettings(null, baseLr, "fixed", 0, 0, 0, List.of(), 0, 0, 0, 0, "snapshot", 0, 1);
    }

    /** Caffe's LeNet solver ({@code examples/mnist/lenet_solver.prototxt}): 0.01, momentum 0.9, decay 5e-4, inv. */
    public static SolverSettings lenet() {
        return sgd(0.01).withMomentum(0.9).withWeightDecay(0.0005).withInv(1e-4, 0.75).withMaxIter(10000);
    }

    /** Reads a {@code solver.prototxt} (unknown fields such as {@code solver_mode} are ignored). */
    public static SolverSettings read(Path solver) throws IOException {
        Path dir = solver.toAbsolutePath().getParent();
        return of(TextFormat.parse(solver), solver.toString(), dir);
    }

    /**
     * Parses a solver definition's text; {@code net} is resolved against {@code dir} (null: kept as
     * written).
     */
    public static SolverSettings parse(String text, String source, Path dir) throws CaffeFormatException {
        return of(TextFormat.parse(text, source), source, dir);
    }

    private static SolverSettings of(Message m, Object solver, Path dir) throws CaffeFormatException {
        Path net = null;
        String netName = m.string("net", m.string("train_net", null));
        if (netName != null) {
            Path p = Path.of(netName);
            net = p.isAbsolute() || dir == null ? p : dir.resolve(p);
        }
        if (!m.has("base_lr")) {
            throw new CaffeFormatException(solver + ": no base_lr");
        }
        List<Integer> steps = m.integers("stepvalue").stream().map(Long::intValue).toList();
        try {
            return new SolverSettings(net, m.float32("base_lr", 0f), m.string("lr_policy", "fixed"),
                    m.float32("gamma", 0f), m.float32("power", 0f), m.int32("stepsize", 0), steps,
                    m.float32("momentum", 0f), m.float32("weight_decay", 0f), m.int32("max_iter", 0),
                    m.int32("snapshot", 0), m.string("snapshot_prefix", "snapshot"), m.int32("display", 0),
                    m.has("random_seed") && m.integer("random_seed", 1) >= 0 ? m.integer("random_seed", 1) : 1);
        } catch (IllegalArgumentException e) {
            throw new CaffeFormatException(solver + ": " + e.getMessage(), e);
        }
    }

    /** The learning rate at iteration {@code iter} ({@link LrPolicy#rate}). */
    public double rate(int iter) {
        return LrPolicy.rate(this, iter);
    }

    public SolverSettings withNet(Path p) {
        return with(c -> c.net = p);
    }

    public SolverSettings withMomentum(double m) {
        return with(c -> c.momentum = m);
    }

    public SolverSettings withWeightDecay(double d) {
        return with(c -> c.weightDecay = d);
    }

    /** {@code lr_policy: "step"}: {@code base_lr * gamma^floor(iter / stepsize)}. */
    public SolverSettings withStep(double g, int size) {
        return with(c -> {
            c.lrPolicy = "step";
            c.gamma = g;
            c.stepsize = size;
        });
    }

    /** {@code lr_policy: "inv"}: {@code base_lr * (1 + gamma * iter)^-power}. */
    public SolverSettings withInv(double g, double p) {
        return with(c -> {
            c.lrPolicy = "inv";
            c.gamma = g;
            c.power = p;
        });
    }

    /** Any policy with its parameters. */
    public SolverSettings withPolicy(String policy, double g, double p, int size, List<Integer> steps) {
        return with(c -> {
            c.lrPolicy = policy;
            c.gamma = g;
            c.power = p;
            c.stepsize = size;
            c.stepvalues = steps;
        });
    }

    public SolverSettings withMaxIter(int n) {
        return with(c -> c.maxIter = n);
    }

    /** Snapshot every {@code every} iterations (0: never) to {@code prefix_iter_N.caffemodel}. */
    public SolverSettings withSnapshot(int every, String prefix) {
        return with(c -> {
            c.snapshot = every;
            c.snapshotPrefix = prefix;
        });
    }

    public SolverSettings withDisplay(int every) {
        return with(c -> c.display = every);
    }

    public SolverSettings withSeed(long seed) {
        return with(c -> c.randomSeed = seed);
    }

    /** These settings with some fields changed (checked again as a new record). */
    private SolverSettings with(Consumer<Fields> change) {
        Fields c = new Fields(this);
        change.accept(c);
        return new SolverSettings(c.net, c.baseLr, c.lrPolicy, c.gamma, c.power, c.stepsize, c.stepvalues, c.momentum,
                c.weightDecay, c.maxIter, c.snapshot, c.snapshotPrefix, c.display, c.randomSeed);
    }

    /** The record's fields as variables, for {@link #with}. */
    private static final class Fields {
        Path net;
        double baseLr;
        String lrPolicy;
        double gamma;
        double power;
        int stepsize;
        List<Integer> stepvalues;
        double momentum;
        double weightDecay;
        int maxIter;
        int snapshot;
        String snapshotPrefix;
        int display;
        long randomSeed;

        Fields(SolverSettings s) {
            net = s.net;
            baseLr = s.baseLr;
            lrPolicy = s.lrPolicy;
            gamma = s.gamma;
            power = s.power;
            stepsize = s.stepsize;
            stepvalues = s.stepvalues;
            momentum = s.momentum;
            weightDecay = s.weightDecay;
            maxIter = s.maxIter;
            snapshot = s.snapshot;
            snapshotPrefix = s.snapshotPrefix;
            display = s.display;
            randomSeed = s.randomSeed;
        }
    }
}
