package org.convscope.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convscope-spark}: the dataset-scale jobs, with the options of the single-machine commands they
 * match plus {@code --master} and {@code --partitions}. Run through {@code spark-submit} (which sets the
 * master) or the {@code ./convscope-spark} launcher (which needs {@code --master local[N]} or a cluster URL).
 */
@Command(name = "convscope-spark", mixinStandardHelpOptions = true,
        description = "ConvScope's dataset-scale jobs on Apache Spark.",
        subcommands = {SparkMain.Topk.class, SparkMain.Codes.class, SparkMain.Occlude.class})
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        exit(new CommandLine(new SparkMain()).setExecutionExceptionHandler(SparkMain::error).execute(args));
    }

    /** Runs one job command; returns the exit code (2 with one line for a user mistake). */
    static int run(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return new CommandLine(new SparkMain()).setExecutionExceptionHandler(SparkMain::error).execute(all);
    }

    static void exit(int code) {
        if (code != 0) {
            System.exit(code);
        }
    }

    private static int error(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable t = e;
        while (!(t instanceof IllegalArgumentException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof IllegalArgumentException || t instanceof java.nio.file.NoSuchFileException) {
            cl.getErr().println("convscope-spark " + cl.getCommandName() + ": " + t.getMessage());
            return 2;
        }
        throw new IllegalStateException(e);
    }

    /** A session on {@code master}, or on the one spark-submit chose. */
    static SparkSession session(String master, String app) {
        SparkSession.Builder b = SparkSession.builder().appName(app);
        if (master != null) {
            b.master(master);
        } else if (System.getProperty("spark.master") == null) {
            throw new IllegalArgumentException("no Spark master: give --master local[2] (this machine) or "
                    + "spark://HOST:7077, or run the job through spark-submit");
        }
        String m = master != null ? master : System.getProperty("spark.master");
        if (m.startsWith("local")) {
            b.config("spark.ui.enabled", "false");
        }
        return b.getOrCreate();
    }

    /** The options every job shares: where it runs, and the net. */
    /** {@code --limit}, {@code --scale} and {@code --mean-bgr}: which images a job reads and how, declared once. */
    static final class ImageFlags {
        @Option(names = "--limit", defaultValue = "0", description = "Use only the first N images (default: all).")
        int limit;

        @Option(names = "--scale", paramLabel = "S", description = "Multiply the input by S after the mean (IDX default 1/256).")
        Float scale;

        @Option(names = "--mean-bgr", paramLabel = "B,G,R", split = ",", description = "Per-channel mean, B,G,R.")
        float[] meanBgr;

        ImageInput open(List<String> inputs) throws java.io.IOException {
            return ImageInput.open(inputs, limit, scale, meanBgr);
        }
    }

    static final class JobOptions {
        @Option(names = "--master", paramLabel = "URL",
                description = "Spark master: local[2], local[2,3] (3 tries per task), spark://HOST:7077 (default: the one spark-submit sets).")
        String master;

        @Option(names = "--partitions", paramLabel = "P",
                description = "Slices of the input, one task each (default: the cluster's default parallelism).")
        Integer partitions;

        @Option(names = {"-m", "--model"}, paramLabel = "NAME|PROTOTXT",
                description = "Built-in architecture, 'demo', or a deploy .prototxt (shipped to the executors).")
        String model;

        @Option(names = {"-w", "--weights"}, paramLabel = "CAFFEMODEL", description = "Trained weights (shipped once per executor).")
        String weights;

        @Option(names = "--random-weights", paramLabel = "SEED", description = "Random weights from this seed instead of a file.")
        Long randomSeed;

        @Option(names = "--device", paramLabel = "cpu|opencl|auto",
                description = "Device on every executor (default: each chooses as on one machine).")
        String device;

        ModelSpec spec() {
            return new ModelSpec(model, weights, randomSeed, device);
        }

        int partitions(JavaSparkContext sc) {
            return partitions != null ? partitions : sc.defaultParallelism();
        }
    }

    @Command(name = "topk", mixinStandardHelpOptions = true,
            description = {"The k images on which each chosen channel of a blob responds most, over a data set "
                    + "split across a Spark cluster; the same topk_<blob>.json as 'convscope topk' on the same images.",
                    "Example: convscope-spark topk --master local[2] -m lenet.prototxt -w lenet_iter_10000.caffemodel "
                            + "--blob conv2 --channels all --out out t10k-images-idx3-ubyte.gz"})
    static final class Topk implements Callable<Integer> {
        @Mixin
        JobOptions job;

        @Parameters(paramLabel = "IMAGES", arity = "1..*",
                description = "Image files, folders (local or Hadoop URIs), or one MNIST *-idx3-ubyte[.gz] file.")
        List<String> inputs;

        @Option(names = "--blob", required = true, description = "Blob whose channels are ranked.")
        String blob;

        @Option(names = "--channels", defaultValue = "0-7", description = "Channels: 0-7, 3,5,9 or all (default ${DEFAULT-VALUE}).")
        String channels;

        @Option(names = "--unit", paramLabel = "Y,X", description = "Rank one unit position instead of each channel's maximum.")
        String unit;

        @Option(names = {"-k", "--top"}, defaultValue = "9", description = "Patches per channel (default ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--batch", defaultValue = "32", description = "Images per forward pass (default ${DEFAULT-VALUE}).")
        int batch;


        @Option(names = "--display", defaultValue = "centred", description = "centred, gray, norm, normblur (default ${DEFAULT-VALUE}).")
        String display;

        @Option(names = "--min-tile", defaultValue = "64", description = "Smallest tile side in pixels (default ${DEFAULT-VALUE}).")
        int minTile;

        @Mixin
        ImageFlags images;

        @Option(names = {"-q", "--quiet"}, description = "Accepted for 'convscope topk' compatibility (no progress bar here).")
        boolean quiet;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder on the driver (created).")
        Path out;

        @Option(names = "--fail-once", hidden = true, defaultValue = "-1",
                description = "Tests of retry: the first attempt of this partition throws.")
        int failOnce;

        @Override
        public Integer call() throws Exception {
            if (images.limit < 0) {
                throw new IllegalArgumentException("--limit must be >= 0, got " + images.limit);
            }
            if (minTile < 1) {
                throw new IllegalArgumentException("--min-tile must be at least 1, got " + minTile);
            }
            ImageInput input = images.open(inputs);
            try (SparkSession spark = session(job.master, "convscope topk " + blob)) {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                int parts = job.partitions(sc);
                TopkJob.Outcome o = TopkJob.run(sc, new TopkJob.Settings(job.spec(), input, blob, channels, unit, k,
                        batch, parts, display, minTile, out, failOnce));
                PrintWriter err = new PrintWriter(System.err, true);
                for (String u : o.result().unreadable()) {
                    err.println("convscope-spark topk: skipping " + u);
                }
                System.out.println(o.png() + "  (" + o.result().scanned() + " images, " + o.result().request().channels().size()
                        + " channels, receptive field " + o.result().field() + ")");
                System.out.printf(Locale.ROOT, "scan: %d images (%d unreadable) in %.2f s on %d partitions, %s: %.1f images/s%n",
                        o.result().scanned(), o.result().unreadable().size(), o.scanSeconds(), Math.min(parts, input.size()),
                        sc.master(), o.result().scanned() / o.scanSeconds());
                return o.result().unreadable().isEmpty() ? 0 : 1;
            }
        }
    }

    @Command(name = "codes", mixinStandardHelpOptions = true,
            description = {"A layer's codes (fc7 by default) for every image of a labelled set, computed across a Spark "
                    + "cluster: OUT/codes.parquet (id, label, class, code) and, when they fit on the driver, the files of "
                    + "'convscope codes' (codes.npy, labels.npy, classes.txt) that 'convscope tsne --codes', "
                    + "'convscope neighbours --codes' and 'convscope codes --codes ... --linear' read.",
                    "Example: convscope-spark codes --master local[2] --model demo --data shapes:7:2000 --layer fc7 --out codes"})
    static final class Codes implements Callable<Integer> {
        @Mixin
        JobOptions job;

        @Option(names = "--data", required = true, paramLabel = "SPEC",
                description = "folder:DIR (one sub-folder per class), shapes:SEED:COUNT or mnist:DIR[:PREFIX] (@FROM-TO); "
                        + "a path every executor can read.")
        String data;

        @Option(names = "--layer", defaultValue = "fc7", description = "Blob whose values are the codes (default: ${DEFAULT-VALUE}).")
        String layer;

        @Option(names = {"-o", "--out"}, defaultValue = "codes", description = "Output folder, local or a Hadoop URI (default: ${DEFAULT-VALUE}).")
        String out;

        @Option(names = "--npy-max-mb", defaultValue = "1024",
                description = "Write codes.npy only when it is at most this large: it is collected on the driver (default: ${DEFAULT-VALUE}).")
        long npyMaxMb;

        @Option(names = "--fail-once", hidden = true, defaultValue = "-1", description = "Tests of retry.")
        int failOnce;

        @Override
        public Integer call() throws Exception {
            try (SparkSession spark = session(job.master, "convscope codes " + layer)) {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                CodesJob.Outcome o = CodesJob.run(spark, new CodesJob.Settings(job.spec(), data, layer, job.partitions(sc),
                        out, npyMaxMb << 20, failOnce));
                System.out.printf(Locale.ROOT, "%d codes of %s (%d values each) in %s%s%n", o.count(), layer, o.dim(), o.parquet(),
                        o.codes() != null ? " and " + out + "/codes.npy" : " (codes.npy left out: larger than --npy-max-mb)");
                System.out.printf(Locale.ROOT, "codes: %d images in %.2f s, %s: %.1f images/s%n", o.count(), o.seconds(),
                        sc.master(), o.count() / o.seconds());
                return 0;
            }
        }
    }

    @Command(name = "occlusion", mixinStandardHelpOptions = true,
            description = {"Occlusion maps of every image of a set (Zeiler & Fergus), computed across a Spark cluster: "
                    + "OUT/occlusion.parquet (one row per image: class, baseline, the maps, or why it was unreadable) and "
                    + "OUT/png/occlusion_<image>.png.",
                    "Example: convscope-spark occlusion --master local[2] -m lenet.prototxt -w lenet_iter_10000.caffemodel "
                            + "--size 8 --stride 4 --limit 100 --out occ t10k-images-idx3-ubyte.gz"})
    static final class Occlude implements Callable<Integer> {
        @Mixin
        JobOptions job;

        @Parameters(paramLabel = "IMAGES", arity = "1..*",
                description = "Image files, folders (local or Hadoop URIs), or one MNIST *-idx3-ubyte[.gz] file.")
        List<String> inputs;

        @Option(names = "--size", paramLabel = "PX",
                description = "Side of the square in input pixels (default: a seventh of the input's shorter side, at least 8).")
        Integer size;

        @Option(names = "--stride", paramLabel = "PX", description = "Step between square positions (default: half the size).")
        Integer stride;

        @Option(names = "--score-blob", paramLabel = "BLOB",
                description = "Follow the softmax of this blob instead of the net's output.")
        String scoreBlob;

        @Option(names = "--class", paramLabel = "N", description = "Class to follow (default: each image's most probable class).")
        Integer klass;

        @Option(names = "--fill", defaultValue = "mean", paramLabel = "mean|V|B,G,R",
                description = "Square value in net-input units: mean (the image's channel means), one value, or one per channel.")
        String fill;

        @Option(names = "--batch", defaultValue = "" + org.convscope.vis.occlusion.Occlusion.DEFAULT_BATCH,
                description = "Occluded images per forward pass (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--alpha", defaultValue = "0.6", description = "Opacity of the maps over the image (default ${DEFAULT-VALUE}).")
        double alpha;


        @Mixin
        ImageFlags images;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder, local or a Hadoop URI.")
        String out;

        @Option(names = "--fail-once", hidden = true, defaultValue = "-1", description = "Tests of retry.")
        int failOnce;

        @Override
        public Integer call() throws Exception {
            if (klass != null && klass < 0) {
                throw new IllegalArgumentException("--class must be >= 0, got " + klass);
            }
            float[] fillValues = org.convscope.vis.occlusion.Occlusion.parseFill(fill);
            ImageInput input = images.open(inputs);
            try (SparkSession spark = session(job.master, "convscope occlusion")) {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                OcclusionJob.Outcome o = OcclusionJob.run(spark, new OcclusionJob.Settings(job.spec(), input, size, stride,
                        fillValues, batch, scoreBlob, klass == null ? -1 : klass, alpha, job.partitions(sc), out, failOnce), false);
                System.out.printf(Locale.ROOT, "%d occlusion maps in %s, figures in %s/png (%d unreadable, listed in the table)%n",
                        o.images() - o.unreadable(), o.parquet(), out, o.unreadable());
                System.out.printf(Locale.ROOT, "occlusion: %d images in %.2f s, %s: %.2f images/s%n", o.images(), o.seconds(),
                        sc.master(), o.images() / o.seconds());
                return o.unreadable() == 0 ? 0 : 1;
            }
        }
    }
}
