package org.convscope.vis.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Fooling images by evolution (Nguyen, Yosinski and Clune 2015): images the net assigns to a class
 * with high confidence though they look like nothing, found with forward passes only.
 * <pre>
 *   encoding   direct: every pixel a gene, initialized uniform in [lo, hi]
 *   archive    MAP-Elites: one champion per class, its fitness the softmax probability of that class
 *   generation pick `batch` random champions; mutate each pixel with probability `rate` by
 *              polynomial mutation (strength eta = 15):  u ~ U(0,1),
 *              delta = (2u)^(1/(eta+1)) - 1 if u &lt; 1/2, else 1 - (2(1-u))^(1/(eta+1));  x' = clip(x + delta (hi - lo))
 *              (with w = 2u - 1 uniform in [-1, 1): delta = sign(w) (1 - (1 - |w|)^(1/(eta+1))), as computed here)
 *              evaluate the offspring in one batched forward pass; each replaces the champion of
 *              every class it beats
 *   schedule   rate 0.1, halved every 1000 generations (the paper's values)
 *   stop       every target class above `confidence`, or the forward-pass budget spent
 * </pre>
 * The population lives on the device: the parents are gathered into one batch
 * ({@link Device#concatChannels}), mutated there with counter-based random fills
 * ({@link Device#randomUniform}, seeded from the run's seed) and element-wise ops, and a child that
 * becomes a champion is cut out of the batch ({@link Device#cropPad}). Per generation the host
 * reads the batch's class scores (batch x classes values: the fitness, which the selection needs)
 * and nothing of the images.
 */
public final class FoolingEvolution implements Iterative {

    /**
     * @param batch      offspring per generation (one forward pass)
     * @param rate       initial per-pixel mutation probability
     * @param eta        polynomial mutation strength
     * @param confidence stop when every target class's champion is above this probability
     * @param budget     the most images to evaluate
     * @param lo         smallest valid input value
     * @param hi         largest valid input value
     * @param seed       random seed
     */
    public record Settings(int batch, double rate, double eta, double confidence, long budget, float lo, float hi,
                           long seed) {
        public Settings {
            if (batch < 1 || !(rate > 0 && rate <= 1) || !(eta > 0) || !(confidence > 0 && confidence < 1)
                    || budget < batch || !(lo < hi)) {
                throw new IllegalArgumentException("evolution needs batch >= 1, rate in (0,1], eta > 0, confidence "
                        + "in (0,1), budget >= batch and lo < hi; got " + "batch " + batch + ", rate " + rate + ", eta " + eta + ", confidence " + confidence + ", budget " + budget + ", lo " + lo + ", hi " + hi + ", seed " + seed);
            }
        }

        public static Settings defaults(float lo, float hi) {
            return new Settings(64, 0.1, 15, 0.99, 200_000, lo, hi, 0L);
        }
    }

    private final Classifier net;
    private final Settings s;
    private final Device d;
    private final int[] targets;
    private final Shape one;
    private final int per;
    private final Tensor[] champion;
    private final double[] fitness;
    private final Random random;
    private final Tensor batch;
    private final Tensor decide;
    private final Tensor delta;
    private final Tensor work;
    private final Map<String, Double> losses = new LinkedHashMap<>();
    private long evaluated;
    private int generation;
    private Diverged diverged;

    private FoolingEvolution(Classifier net, Shape one, int[] targets, Settings s) {
        this.net = net;
        this.s = s;
        this.d = net.net().device();
        this.targets = targets.clone();
        this.one = one;
        this.per = one.size();
        this.champion = new Tensor[net.classes()];
        this.fitness = new double[net.classes()];
        Arrays.fill(fitness, -1);
        this.random = new Random(s.seed());
        Shape all = Shape.of(s.batch(), one.c(), one.h(), one.w());
        this.batch = d.allocate(all);
        this.decide = d.allocate(all);
        this.delta = d.allocate(all);
        this.work = d.allocate(all);
        d.randomUniform(batch, random.nextLong(), s.lo(), s.hi());
        evaluate();
    }

    /**
     * @param one     the shape of one image, 1 x C x H x W
     * @param targets the classes that must pass the confidence (all of them for a full run)
     */
    public static FoolingEvolution init(Classifier net, Shape one, int[] targets, Settings s) {
        for (int t : targets) {
            if (t < 0 || t >= net.classes()) {
                throw new IllegalArgumentException("class " + t + " is out of range 0.." + (net.classes() - 1));
            }
        }
        return new FoolingEvolution(net, one, targets, s);
    }

    /** One batched forward pass of {@link #batch}; offspring replace the champions they beat. */
    private void evaluate() {
        int n = s.batch();
        float[] scores = net.scores(batch).toArray();
        evaluated += n;
        int k = net.classes();
        Tensor[] child = new Tensor[n];
        Tensor[] before = champion.clone();
        for (int b = 0; b < n; b++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                m = Math.max(m, scores[b * k + c]);
            }
            double z = 0;
            for (int c = 0; c < k; c++) {
                z += Math.exp(scores[b * k + c] - m);
            }
            for (int c = 0; c < k; c++) {
                double p = Math.exp(scores[b * k + c] - m) / z;
                if (p > fitness[c]) {
                    fitness[c] = p;
                    if (child[b] == null) {
                        child[b] = cut(b);
                    }
                    champion[c] = child[b];
                }
            }
        }
        // free the images (old champions, children) that no class holds any more
        Set<Tensor> held = Collections.newSetFromMap(new IdentityHashMap<>());
        held.addAll(Arrays.asList(champion));
        Set<Tensor> freed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor[] list : new Tensor[][] {before, child}) {
            for (Tensor t : list) {
                if (t != null && !held.contains(t) && freed.add(t)) {
                    t.close();
                }
            }
        }
    }

    /** Image b of the batch as a new 1 x C x H x W tensor (a crop of the batch seen as B rows of pixels). */
    private Tensor cut(int b) {
        Tensor img = d.allocate(one);
        d.cropPad(batch.reshape(1, 1, s.batch(), per), b, 0, 0f, img.reshape(1, 1, 1, per));
        return img;
    }

    private double mutationRate() {
        return s.rate() / Math.pow(2, generation / 1000);
    }

    @Override
    public boolean step() {
        if (done()) {
            return false;
        }
        // the parents, one per row of the batch
        List<Tensor> parents = new ArrayList<>(s.batch());
        for (int b = 0; b < s.batch(); b++) {
            Tensor parent;
            do {
                parent = champion[random.nextInt(champion.length)];
            } while (parent == null);
            parents.add(parent.reshape(1, per));
        }
        d.concatChannels(parents, batch.reshape(1, s.batch() * per));
        // delta = sign(w) (1 - (1 - |w|)^e) with w uniform in [-1, 1): the polynomial mutation
        float e = (float) (1.0 / (s.eta() + 1));
        d.randomUniform(delta, random.nextLong(), -1f, 1f);
        d.abs(delta, work);
        d.scale(work, -1f, work);
        d.addScalar(work, 1f, work); // 1 - |w|, in (0, 1]
        d.absPow(work, e, work);
        d.scale(work, -1f, work);
        d.addScalar(work, 1f, work); // 1 - (1 - |w|)^e
        d.sign(delta, delta);
        d.mul(work, delta, delta);
        // only where u < rate: zero delta where -u < -rate', rate' the float below rate (so u >= rate is zeroed)
        d.randomUniform(decide, random.nextLong(), 0f, 1f);
        d.scale(decide, -1f, decide);
        Shape genes = Shape.of(s.batch() * per, 1, 1, 1);
        d.zeroWhereBelow(delta.reshape(genes.dims()), decide.reshape(genes.dims()),
                -Math.nextDown((float) mutationRate()), delta.reshape(genes.dims()));
        d.axpy(s.hi() - s.lo(), delta, batch);
        d.clamp(batch, s.lo(), s.hi(), batch);
        evaluate();
        generation++;
        losses.clear();
        double worst = 1;
        for (int t : targets) {
            worst = Math.min(worst, fitness[t]);
        }
        losses.put("worst target p", worst);
        losses.put("forward images", (double) evaluated);
        diverged = Double.isNaN(worst) ? new Diverged(generation, "class probability", worst, 1) : null;
        return !done();
    }

    /** Whether every target class has a champion above the confidence. */
    public boolean reached() {
        for (int t : targets) {
            if (!(fitness[t] >= s.confidence())) {
                return false;
            }
        }
        return true;
    }

    /** Images evaluated so far (forward passes of one image). */
    public long evaluated() {
        return evaluated;
    }

    /** The best probability found for a class. */
    public double fitness(int cls) {
        return fitness[cls];
    }

    /** The champion of a class as a new 1 x C x H x W tensor on the net's device. */
    public Tensor champion(int cls) {
        Tensor t = d.allocate(one);
        d.copy(champion[cls], t);
        return t;
    }

    @Override
    public int iteration() {
        return generation;
    }

    @Override
    public boolean done() {
        return reached() || evaluated + s.batch() > s.budget() || diverged != null;
    }

    @Override
    public Map<String, Double> losses() {
        return losses;
    }

    /** The champion of the first target class. */
    @Override
    public Tensor result() {
        return champion(targets[0]);
    }

    @Override
    public Diverged diverged() {
        return diverged;
    }
}
