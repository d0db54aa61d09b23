package org.convscope.nn.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.convscope.nn.Net;
import org.convscope.nn.caffe.BlobData;
import org.convscope.nn.caffe.CaffeModel;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.data.InputTransform;
import org.convscope.nn.layers.DropoutLayer;
import org.convscope.nn.layers.Layer;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Trains a net with SGD ({@link Sgd}, Caffe's update and learning-rate policies) on a data set, as
 * an iterative algorithm whose loop the caller owns:
 * <pre>{@code
 * Trainer t = Trainer.init(net, SolverSettings.lenet().withMaxIter(1000), mnist, options);
 * while (!t.done()) {
 *     Trainer.Step s = t.step();       // one batch: forward, backward, update
 * }
 * Trainer.Result r = t.result();
 * }</pre>
 *
 * <h2>The net</h2>
 * A training net ({@link #trainingNet}: the TRAIN phase with its loss layers) with two inputs, the
 * images and the labels (a Caffe Data layer's two tops, {@code data} and {@code label}), and one
 * SoftmaxWithLoss layer; the scores used for the training accuracy are that layer's first bottom.
 * Weights come from the layers' fillers ({@link Fillers}) unless {@link Options#fill} is false.
 * Dropout layers are switched to training mode for each step and back to inference by
 * {@link Evaluation}.
 *
 * <h2>Determinism</h2>
 * Everything random is a function of the seed and a position: the order of epoch {@code e} is a
 * permutation drawn from {@code (seed, e)}, the augmentation of the {@code k}-th image seen from
 * {@code (seed, k)}, the dropout masks of iteration {@code i} from {@code (seed, i, layer)}. So a run
 * resumed from a snapshot ({@link #resume}) repeats the uninterrupted run bit for bit on the CPU.
 *
 * <h2>Snapshots</h2>
 * {@code <prefix>_iter_<N>.caffemodel}: the weights, written by {@link Net#saveWeights} (a
 * current-format caffemodel that also carries the net definition); beside it
 * {@code <prefix>_iter_<N>.solverstate}: the momentum history, itself a caffemodel — one layer
 * entry per learned layer with the layer's name and type and one blob per learned blob (the history
 * of {@code conv1.weights} is blob 0 of layer {@code conv1}), and the net name
 * {@code "solverstate iter <N>"}, which carries the iteration. Epoch snapshots
 * ({@link Options#snapshotEpochs}) are written after those epochs as {@code <prefix>_epoch_<E>.caffemodel}
 * (weights only; for feature evolution).
 */
public final class Trainer {
    /**
     * How to feed the net.
     *
     * @param batchSize      images per iteration
     * @param transform      augmentation and normalization ({@link InputTransform})
     * @param seed           the seed of every random choice
     * @param fill           initialize the weights from the fillers (false: keep the net's weights)
     * @param snapshotEpochs epochs after which to write {@code <prefix>_epoch_<E>.caffemodel}
     * @param listener       progress reports (every {@code display} iterations) and snapshot notices
     * @param dataBlob       the image input ({@code data})
     * @param labelBlob      the label input ({@code label})
     * @param test           held-out data evaluated every {@code testInterval} iterations and at the end (null: none)
     * @param testInterval   Caffe's {@code test_interval} (0: only at the end)
     */
    public record Options(int batchSize, InputTransform transform, long seed, boolean fill, Set<Integer> snapshotEpochs,
                          TrainingListener listener, String dataBlob, String labelBlob, Dataset test, int testInterval) {
        public Options {
            snapshotEpochs = Set.copyOf(snapshotEpochs);
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size " + batchSize + " (> 0)");
            }
        }

        /** Batch size and transform; seed 1, fillers, no epoch snapshots, silent, inputs data/label. */
        public static Options of(int batchSize, InputTransform transform) {
            return new Options(batchSize, transform, 1, true, Set.of(), TrainingListener.silent(), "data", "label", null, 0);
        }

        public Options withSeed(long s) {
            return new Options(batchSize, transform, s, fill, snapshotEpochs, listener, dataBlob, labelBlob, test, testInterval);
        }

        public Options withFill(boolean f) {
            return new Options(batchSize, transform, seed, f, snapshotEpochs, listener, dataBlob, labelBlob, test, testInterval);
        }

        public Options withSnapshotEpochs(Set<Integer> e) {
            return new Options(batchSize, transform, seed, fill, e, listener, dataBlob, labelBlob, test, testInterval);
        }

        public Options withListener(TrainingListener l) {
            return new Options(batchSize, transform, seed, fill, snapshotEpochs, l, dataBlob, labelBlob, test, testInterval);
        }

        /** Evaluates on {@code held} every {@code interval} iterations (0: only when the run ends). */
        public Options withTest(Dataset held, int interval) {
            return new Options(batchSize, transform, seed, fill, snapshotEpochs, listener, dataBlob, labelBlob, held, interval);
        }

        public Options withInputs(String data, String label) {
            return new Options(batchSize, transform, seed, fill, snapshotEpochs, listener, data, label, test, testInterval);
        }
    }

    /** One iteration: its index (0-based), loss, batch accuracy and learning rate. */
    public record Step(int iteration, double loss, double accuracy, double rate) {
    }

    /**
     * The run so far: iterations, epochs, wall time, the last reported training loss and accuracy,
     * the last held-out accuracy (NaN when none), snapshots written.
     */
    public record Result(int iterations, double epochs, double seconds, double loss, double accuracy, double testAccuracy,
                         List<Path> snapshots) {
    }

    private final Net net;
    private final SolverSettings settings;
    private final Dataset data;
    private final Options options;
    private final Sgd sgd;
    private final String lossBlob;
    private final String scoresBlob;
    private final List<DropoutLayer> dropouts = new ArrayList<>();
    private final List<Path> snapshots = new ArrayList<>();
    private final float[] image;
    private final float[] batchX;
    private final float[] batchLabels;
    private final Shape inputShape;
    private final Tensor one;
    private int iter;
    private int permEpoch = -1;
    private int[] perm;
    private double lossSum;
    private double accSum;
    private int window;
    private long windowStart = System.nanoTime();
    private double seconds;
    private double lastLoss = Double.NaN;
    private double lastAcc = Double.NaN;
    private double lastTest = Double.NaN;

    private Trainer(Net net, SolverSettings settings, Dataset data, Options options) {
        this.net = net;
        this.settings = settings;
        this.data = data;
        this.options = options;
        if (data.size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        String loss = null;
        String scores = null;
        for (Layer l : net.layers()) {
            if (l.type().equals("SoftmaxWithLoss")) {
                if (loss != null) {
                    throw new IllegalArgumentException("net '" + net.name() + "' has two SoftmaxWithLoss layers; one is supported");
                }
                loss = l.def().tops().get(0);
                scores = net.bottomRefs(l.name()).get(0);
            }
            if (l instanceof DropoutLayer d) {
                dropouts.add(d);
            }
        }
        if (loss == null) {
            throw new IllegalArgumentException("net '" + net.name() + "' has no SoftmaxWithLoss layer to train against"
                    + " (build it with Trainer.trainingNet, which keeps the loss layers)");
        }
        for (String in : List.of(options.dataBlob(), options.labelBlob())) {
            if (!net.inputNames().contains(in)) {
                throw new IllegalArgumentException("net '" + net.name() + "' has no input '" + in + "'; inputs: "
                        + net.inputNames());
            }
        }
        this.lossBlob = loss;
        this.scoresBlob = scores;
        int classes = data.classNames().size();
        inputShape = options.transform().shape(data).withFirst(options.batchSize());
        image = new float[data.channels() * data.height() * data.width()];
        batchX = new float[inputShape.size()];
        batchLabels = new float[options.batchSize()];
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put(options.dataBlob(), inputShape);
        shapes.put(options.labelBlob(), Shape.of(options.batchSize()));
        net.reshape(shapes);
        int outputs = net.shape(scores).size() / options.batchSize();
        if (outputs < classes) {
            throw new IllegalArgumentException("net '" + net.name() + "' scores " + outputs + " classes, the data set has "
                    + classes);
        }
        if (options.fill()) {
            Fillers.fill(net, options.seed());
        }
        sgd = new Sgd(net, settings.momentum(), settings.weightDecay());
        one = Tensor.full(net.device(), 1f, 1);
    }

    /** Starts training {@code net} (a {@link #trainingNet}) with these settings on {@code data}. */
    public static Trainer init(Net net, SolverSettings settings, Dataset data, Options options) {
        return new Trainer(net, settings, data, options);
    }

    /** Builds the training net of a definition: TRAIN phase, loss layers kept. */
    public static Net trainingNet(NetDef def, Device device) {
        return Net.fromDef(def, device, new Net.Options(NetDef.Phase.TRAIN, true));
    }

    /** True when {@code max_iter} iterations are done. */
    public boolean done() {
        return iter >= settings.maxIter();
    }

    /** Iterations done. */
    public int iteration() {
        return iter;
    }

    /** Epochs done (fractional: images seen / data-set size). */
    public double epochs() {
        return (double) iter * options.batchSize() / data.size();
    }

    public Net net() {
        return net;
    }

    public Sgd sgd() {
        return sgd;
    }

    /** The blob the training accuracy is read from (the loss layer's first bottom). */
    public String scoresBlob() {
        return scoresBlob;
    }

    /** One iteration: a batch forward, backward, an SGD update; snapshots and reports when due. */
    public Step step() throws IOException {
        int b = options.batchSize();
        int per = batchX.length / b;
        InputTransform t = options.transform();
        for (int k = 0; k < b; k++) {
            long seen = (long) iter * b + k;
            int epoch = (int) (seen / data.size());
            int idx = order(epoch)[(int) (seen % data.size())];
            data.image(idx, image, 0);
            t.train(image, data.channels(), data.height(), data.width(), new SplittableRandom(mix(options.seed(), seen, 1)),
                    batchX, k * per);
            batchLabels[k] = data.label(idx);
        }
        for (int i = 0; i < dropouts.size(); i++) {
            dropouts.get(i).train(mix(options.seed(), iter, 100 + i));
        }
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put(options.dataBlob(), Tensor.of(net.device(), batchX, inputShape.dims()));
        in.put(options.labelBlob(), Tensor.of(net.device(), batchLabels, b));
        Map<String, Tensor> out = net.forward(in, lossBlob, scoresBlob);
        in.values().forEach(Tensor::close); // the net copied them into its input blobs
        double loss = out.get(lossBlob).toArray()[0];
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("the loss became " + loss + " at iteration " + iter
                    + " (learning rate " + settings.rate(iter) + " too high?)");
        }
        float[] s = out.get(scoresBlob).toArray();
        for (float v : s) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("'" + scoresBlob + "' became " + v + " at iteration " + iter
                        + " (learning rate " + settings.rate(iter) + " too high?)");
            }
        }
        int c = s.length / b;
        int correct = 0;
        for (int k = 0; k < b; k++) {
            if (Evaluation.argmax(s, k * c, c) == (int) batchLabels[k]) {
                correct++;
            }
        }
        net.zeroParamGrads();
        net.backward(lossBlob, one, ReluMode.STANDARD, true);
        double rate = settings.rate(iter);
        sgd.update(rate);
        int before = (int) ((long) iter * b / data.size());
        iter++;
        int after = (int) ((long) iter * b / data.size());
        double acc = (double) correct / b;
        lossSum += loss;
        accSum += acc;
        window++;
        if (settings.snapshot() > 0 && iter % settings.snapshot() == 0) {
            snapshot();
        }
        for (int e = before + 1; e <= after; e++) {
            if (options.snapshotEpochs().contains(e)) {
                Path p = Path.of(settings.snapshotPrefix() + "_epoch_" + e + ".caffemodel");
                createParent(p);
                net.saveWeights(p);
                snapshots.add(p);
                options.listener().snapshot(p, iter);
            }
        }
        if ((settings.display() > 0 && iter % settings.display() == 0) || done()) {
            report(rate);
        }
        if (options.test() != null && ((options.testInterval() > 0 && iter % options.testInterval() == 0) || done())) {
            test();
        }
        return new Step(iter - 1, loss, acc, rate);
    }

    private void report(double rate) {
        long now = System.nanoTime();
        double dt = (now - windowStart) / 1e9;
        seconds += dt;
        lastLoss = lossSum / window;
        lastAcc = accSum / window;
        options.listener().report(new TrainingListener.Report(Math.max(1, (int) Math.ceil(epochs())), iter,
                settings.maxIter(), lastLoss, lastAcc, window * options.batchSize() / Math.max(dt, 1e-9), rate));
        lossSum = 0;
        accSum = 0;
        window = 0;
        windowStart = now;
    }

    /** Top-1 accuracy on the held-out data of {@link Options#withTest} (inference mode), told to the listener. */
    public double test() {
        if (options.test() == null) {
            throw new IllegalStateException("no held-out data: give Options.withTest");
        }
        double acc = Evaluation.run(net, options.test(), options.transform(), options.dataBlob(), options.labelBlob(),
                scoresBlob, 100).accuracy();
        lastTest = acc;
        options.listener().tested(iter, acc, options.test().size());
        return acc;
    }

    /** Runs to {@code max_iter}; returns the result. */
    public Result run() throws IOException {
        while (!done()) {
            step();
        }
        return result();
    }

    /** The run so far. */
    public Result result() {
        if (window > 0) {
            report(settings.rate(Math.max(0, iter - 1)));
        }
        return new Result(iter, epochs(), seconds, lastLoss, lastAcc, lastTest, List.copyOf(snapshots));
    }

    private int[] order(int epoch) {
        if (epoch != permEpoch) {
            int n = data.size();
            perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            SplittableRandom r = new SplittableRandom(mix(options.seed(), epoch, 0));
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            permEpoch = epoch;
        }
        return perm;
    }

    static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- snapshots

    /** Writes {@code <prefix>_iter_<N>.caffemodel} and its {@code .solverstate}; returns the weights file. */
    public Path snapshot() throws IOException {
        Path weights = Path.of(settings.snapshotPrefix() + "_iter_" + iter + ".caffemodel");
        snapshot(weights);
        return weights;
    }

    /** Writes the weights to {@code weights} and the momentum history beside it ({@link #stateFile}). */
    public void snapshot(Path weights) throws IOException {
        createParent(weights);
        net.saveWeights(weights);
        Map<String, List<BlobData>> byLayer = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Tensor> h = sgd.history();
        for (Sgd.Slot s : sgd.slots()) {
            String layer = s.param().layer();
            Tensor v = h.get(s.name());
            long[] dims = java.util.Arrays.stream(v.shape().dims()).asLongStream().toArray();
            byLayer.computeIfAbsent(layer, k -> new ArrayList<>()).add(new BlobData(dims, false, v.toArray()));
            types.put(layer, net.layer(layer).type());
        }
        List<CaffeModel.LayerWeights> layers = new ArrayList<>();
        byLayer.forEach((name, blobs) -> layers.add(CaffeModel.LayerWeights.of(name, types.get(name), blobs)));
        Path state = stateFile(weights);
        Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
        CaffeModel.write(tmp, "solverstate iter " + iter, layers);
        Files.move(tmp, state, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        snapshots.add(weights);
        options.listener().snapshot(weights, iter);
    }

    /** The momentum-history file of a weights snapshot: {@code x.caffemodel} → {@code x.solverstate}. */
    public static Path stateFile(Path weights) {
        String n = weights.getFileName().toString();
        String base = n.endsWith(".caffemodel") ? n.substring(0, n.length() - ".caffemodel".length()) : n;
        return weights.resolveSibling(base + ".solverstate");
    }

    /**
     * Continues from a snapshot: the weights, the momentum history and the iteration count. Give the
     * same settings, data and options as the interrupted run to repeat it exactly.
     */
    public void resume(Path weights) throws IOException {
        Path state = stateFile(weights);
        if (!Files.isRegularFile(state)) {
            throw new java.nio.file.NoSuchFileException(state + " (the momentum history beside " + weights + ")");
        }
        List<CaffeModel.LayerWeights> layers = new ArrayList<>();
        CaffeModel.Header header = CaffeModel.read(state, layers::add);
        String prefix = "solverstate iter ";
        if (header.name() == null || !header.name().startsWith(prefix)) {
            throw new IllegalArgumentException(state + " is not a ConvScope solver state (net name '" + header.name() + "')");
        }
        int at = Integer.parseInt(header.name().substring(prefix.length()).trim());
        net.loadWeights(weights);
        Set<String> done = new TreeSet<>();
        for (CaffeModel.LayerWeights lw : layers) {
            List<Sgd.Slot> mine = sgd.slots().stream().filter(s -> s.param().layer().equals(lw.name())).toList();
            if (mine.size() != lw.blobs().size()) {
                throw new IllegalArgumentException(state + ": layer '" + lw.name() + "' has " + lw.blobs().size()
                        + " history blobs, the net has " + mine.size() + " learned blobs there");
            }
            for (int i = 0; i < mine.size(); i++) {
                sgd.setHistory(mine.get(i).name(), lw.blobs().get(i).data());
                done.add(mine.get(i).name());
            }
        }
        for (Sgd.Slot s : sgd.slots()) {
            if (!done.contains(s.name()) && s.lrMult() != 0f) {
                throw new IllegalArgumentException(state + " has no history for " + s.name());
            }
        }
        iter = at;
        windowStart = System.nanoTime();
    }

    private static void createParent(Path p) throws IOException {
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
