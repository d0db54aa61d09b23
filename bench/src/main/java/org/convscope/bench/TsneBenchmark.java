package org.convscope.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.convscope.nn.io.Npy;
import org.convscope.vis.embed.Affinities;
import org.convscope.vis.embed.Tsne;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Barnes-Hut t-SNE on random clustered data (10 Gaussian clusters, unit noise, centres drawn with
 * standard deviation 3 per axis): {@code points x dims} floats, perplexity 30, theta 0.5, 1000
 * iterations, PCA initialization. Two phases: {@link #affinities} (the {@code 3 perplexity} nearest
 * neighbours of every point, {@code points^2 dims} multiply-adds, and the calibrated sparse P) and
 * {@link #embed} (the whole run, P included). The peer is scikit-learn's {@code TSNE} with the
 * same data and settings ({@code bench/scripts/tsne_sklearn.py}).
 *
 * <p>Run (single shots: one run is tens of seconds):
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.convscope.bench.TsneBenchmark /tmp/tsne-data.npy   # writes the data for the peer
 * java -jar bench/target/benchmarks.jar TsneBenchmark
 * /usr/bin/python3 bench/scripts/tsne_sklearn.py --data /tmp/tsne-data.npy --threads 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class TsneBenchmark {
    public static final double PERPLEXITY = 30;
    public static final int ITERATIONS = 1000;
    public static final long SEED = 42;

    @Param({"5000"})
    public int points;

    @Param({"4096"})
    public int dims;

    private float[][] x;

    @Setup
    public void setup() {
        x = data(points, dims, SEED);
    }

    /** The nearest neighbours and the sparse P alone. */
    @Benchmark
    public Affinities.SparseP affinities() {
        return Affinities.sparse(x, PERPLEXITY);
    }

    /** A whole Barnes-Hut run: P, PCA initialization, 1000 iterations; returns the map. */
    @Benchmark
    public double[][] embed() {
        Tsne t = new Tsne(options());
        t.init(x);
        while (!t.done()) {
            t.step();
        }
        return t.result();
    }

    static Tsne.Options options() {
        return Tsne.Options.defaults().withPerplexity(PERPLEXITY).withIterations(ITERATIONS).withTheta(0.5).withSeed(SEED);
    }

    /** The benchmark's data: 10 clusters, centres N(0, 3^2) per axis, points centre + N(0, 1). */
    public static float[][] data(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int clusters = 10;
        float[][] centres = new float[clusters][dim];
        for (float[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = (float) (3 * gaussian(r));
            }
        }
        float[][] x = new float[n][dim];
        for (int i = 0; i < n; i++) {
            float[] c = centres[i % clusters];
            for (int d = 0; d < dim; d++) {
                x[i][d] = c[d] + (float) gaussian(r);
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Writes the data to a .npy for the peer script, then times one run phase by phase. */
    public static void main(String[] args) throws IOException {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int dim = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        float[][] x = data(n, dim, SEED);
        if (args.length > 0) {
            float[] flat = new float[n * dim];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x[i], 0, flat, i * dim, dim);
            }
            Npy.write(Path.of(args[0]), flat, n, dim);
        }
        long t0 = System.nanoTime();
        Affinities.sparse(x, PERPLEXITY);
        long t1 = System.nanoTime();
        Tsne t = new Tsne(options());
        t.init(x);
        long t2 = System.nanoTime();
        while (!t.done()) {
            t.step();
        }
        long t3 = System.nanoTime();
        double knnFlops = 3.0 * n * (double) n * dim; // subtract, multiply, add per pair and dimension
        System.out.printf(Locale.ROOT, "%d x %d: P %.2f s (%.1f GFLOP/s counted as a full scan), init (P + PCA) %.2f s, "
                        + "%d iterations %.2f s, KL %.4f%n", n, dim, (t1 - t0) / 1e9, knnFlops / (t1 - t0),
                (t2 - t1) / 1e9, ITERATIONS, (t3 - t2) / 1e9, t.kl());
    }
}
