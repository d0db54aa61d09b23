package org.convscope.vis.optimize;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

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
 *              evaluate the offspring in one batched forward pass; each replaces the champion of
 *              every class it beats
 *   schedule   rate 0.1, halved every 1000 generations (the paper's values)
 *   stop       every target class above `confidence`, or the forward-pass budget spent
 * </pre>
 * The population lives on the host (mutation is per pixel and random); each generation is uploaded
 * once and only the class scores are read back.
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
                        + "in (0,1), budget >= batch and lo < hi; got " + this);
            }
        }

        public static Settings defaults(float lo, float hi) {
            return new Settings(64, 0.1, 15, 0.99, 200_000, lo, hi, 0L);
        }
    }

    private final Classifier net;
    private final Settings s;
    private final int[] targets;
    private final Shape one;
    private final int per;
    private final float[][] champion;
    private final double[] fitness;
    private final Random random;
    private final Map<String, Double> losses = new LinkedHashMap<>();
    private long evaluated;
    private int generation;
    private Diverged diverged;

    private FoolingEvolution(Classifier net, Shape one, int[] targets, Settings s) {
        this.net = net;
        this.s = s;
        this.targets = targets.clone();
        this.one = one;
        this.per = one.size();
        this.champion = new float[net.classes()][];
        this.fitness = new double[net.classes()];
        java.util.Arrays.fill(fitness, -1);
        this.random = new Random(s.seed());
        float[][] start = new float[s.batch()][per];
        for (float[] img : start) {
            for (int i = 0; i < per; i++) {
                img[i] = s.lo() + random.nextFloat() * (s.hi() - s.lo());
            }
        }
        evaluate(start);
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

    /** One batched forward pass; offspring replace the champions they beat. */
    private void evaluate(float[][] images) {
        int n = images.length;
        float[] flat = new float[n * per];
        for (int k = 0; k < n; k++) {
            System.arraycopy(images[k], 0, flat, k * per, per);
        }
        Device d = net.net().device();
        float[] scores;
        try (Tensor batch = Tensor.of(d, flat, n, one.c(), one.h(), one.w())) {
            scores = net.scores(batch).toArray();
        }
        evaluated += n;
        int k = net.classes();
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
                    champion[c] = images[b];
                }
            }
        }
    }

    private double mutationRate() {
        return s.rate() / Math.pow(2, generation / 1000);
    }

    @Override
    public boolean step() {
        if (done()) {
            return false;
        }
        double rate = mutationRate();
        double range = s.hi() - s.lo();
        double e = 1.0 / (s.eta() + 1);
        float[][] children = new float[s.batch()][];
        for (int b = 0; b < s.batch(); b++) {
            float[] parent;
            do {
                parent = champion[random.nextInt(champion.length)];
            } while (parent == null);
            float[] child = parent.clone();
            for (int i = 0; i < per; i++) {
                if (random.nextDouble() < rate) {
                    double u = random.nextDouble();
                    double delta = u < 0.5 ? Math.pow(2 * u, e) - 1 : 1 - Math.pow(2 * (1 - u), e);
                    child[i] = (float) Math.max(s.lo(), Math.min(s.hi(), child[i] + delta * range));
                }
            }
            children[b] = child;
        }
        evaluate(children);
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

    /** The champion of a class as a 1 x C x H x W tensor on the net's device. */
    public Tensor champion(int cls) {
        return Tensor.of(net.net().device(), champion[cls], one.dims());
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
