package org.convscope.nn.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.imageio.ImageIO;

import org.convscope.tensor.ChannelOrder;
import org.convscope.nn.BuiltinNets;
import org.convscope.nn.ModelSummary;
import org.convscope.nn.Net;
import org.convscope.nn.caffe.BlobData;
import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.CaffeModel;
import org.convscope.nn.caffe.NetDef;
import org.convscope.nn.io.Npy;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.nn.train.SolverSettings;
import org.convscope.tensor.Finite;
import org.convscope.tensor.Images;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.TestData;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzers for every reader: caffemodel (into a net, and rebuilt from the file alone), prototxt,
 * {@code .npy}, {@code .binaryproto}, images (PNG, JPEG, BMP, GIF), solver prototxt and the Deep
 * Compression {@code .net} (when ../shared/data has SqueezeNet's). Each case is one seed: the
 * mutations ({@link Mutator}) of a small valid file made here by the project's own writers.
 *
 * <p>The rule every case must keep: a valid result, or the project's own exception
 * ({@link CaffeFormatException}, an {@link IOException} or {@link IllegalArgumentException} of
 * exactly those classes) with a message. Never another exception type; never longer than
 * {@value #CASE_SECONDS} s (a hang); never more heap allocated than {@link #BOUND_BYTES} plus 64
 * times the file's size; never a silently partial model (a net that loaded has every parameter
 * present and finite).
 *
 * <p>Fast mode (CI): a fixed corpus, {@value #TRIES} seeds per reader from a fixed jqwik seed, so
 * the same files are checked on every run. Long mode: {@code -Dfuzz.seconds=600} runs random seeds
 * across all readers for that long and prints each failing seed; a failure reproduces with
 * {@link #check} on that seed. Both write the outcome counts to {@code target/fuzz-summary.txt}.
 */
class ReaderFuzzTest {
    static final int TRIES = 150;
    static final int CASE_SECONDS = 10;
    /** The heap one case may allocate beyond 64 bytes per byte of input. */
    static final long BOUND_BYTES = 64L << 20;
    /** Images in these tests may have at most this many pixels (the production limit is far higher). */
    static final long MAX_PIXELS = 1L << 20;

    private static final CpuDevice CPU = CpuDevice.shared();
    private static final Map<String, long[]> OUTCOMES = new TreeMap<>();
    private static final List<String> FAILURES = new ArrayList<>();
    private static final Map<String, String> EXAMPLES = new TreeMap<>();
    private static ExecutorService worker;
    private static Path dir;
    private static String oldMaxPixels;

    static final String SMALL = """
            name: "small"
            input: "data" input_dim: 1 input_dim: 1 input_dim: 12 input_dim: 12
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 4 kernel_size: 3 } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
            layer { name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2" convolution_param { num_output: 3 kernel_size: 3 group: 1 } }
            layer { name: "fc" type: "InnerProduct" bottom: "conv2" top: "fc" inner_product_param { num_output: 5 } }
            layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
            """;

    static final String SOLVER = """
            net: "lenet_train_test.prototxt"
            test_iter: 100 test_interval: 500
            base_lr: 0.01 momentum: 0.9 weight_decay: 0.0005
            lr_policy: "inv" gamma: 0.0001 power: 0.75
            display: 100 max_iter: 10000
            snapshot: 5000 snapshot_prefix: "lenet" solver_mode: CPU
            """;

    private static byte[] caffemodelSeed;
    private static byte[] binaryprotoSeed;
    private static byte[] npySeed;
    private static List<byte[]> imageSeeds;

    @BeforeContainer
    static void seeds() throws Exception {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        dir = Files.createTempDirectory("convscope-fuzz");
        oldMaxPixels = System.setProperty("convscope.image.maxPixels", Long.toString(MAX_PIXELS));
        Net net = Net.fromDef(NetDef.parse(SMALL, "small"), CPU);
        net.randomizeWeights(1);
        Path m = dir.resolve("seed.caffemodel");
        net.saveWeights(m);
        caffemodelSeed = Files.readAllBytes(m);
        Path bp = dir.resolve("seed.binaryproto");
        CaffeModel.writeBinaryProto(bp, new BlobData(new long[] {1, 3, 4, 5}, false, ramp(60)));
        binaryprotoSeed = Files.readAllBytes(bp);
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npy.write(npy, ramp(24), 2, 3, 4);
        npySeed = npy.toByteArray();
        imageSeeds = new ArrayList<>();
        for (String format : new String[] {"png", "jpg", "bmp", "gif"}) {
            for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY}) {
                BufferedImage img = new BufferedImage(9, 7, type);
                for (int y = 0; y < 7; y++) {
                    for (int x = 0; x < 9; x++) {
                        img.setRGB(x, y, (x * 28) << 16 | (y * 36) << 8 | (x * y * 4));
                    }
                }
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                ImageIO.write(img, format, o);
                imageSeeds.add(o.toByteArray());
            }
        }
    }

    @AfterContainer
    static void report() throws IOException {
        worker.shutdownNow();
        if (oldMaxPixels == null) {
            System.clearProperty("convscope.image.maxPixels");
        } else {
            System.setProperty("convscope.image.maxPixels", oldMaxPixels);
        }
        StringBuilder sb = new StringBuilder("reader            cases   valid  refused  broke the rule\n");
        for (Map.Entry<String, long[]> e : OUTCOMES.entrySet()) {
            long[] c = e.getValue();
            sb.append(String.format("%-16s %6d  %6d  %7d  %d%n", e.getKey(), c[0] + c[1] + c[2], c[0], c[1], c[2]));
        }
        for (Map.Entry<String, String> e : EXAMPLES.entrySet()) {
            sb.append("e.g. ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        for (String f : FAILURES) {
            sb.append("FAILED ").append(f).append('\n');
        }
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("fuzz-summary.txt"), sb.toString());
        }
        System.out.print(sb);
    }

    private static float[] ramp(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = i * 0.25f - 3f;
        }
        return f;
    }

    // ---------------------------------------------------------------- the rule

    @FunctionalInterface
    interface Body {
        void run(Path file) throws Exception;
    }

    /**
     * Runs {@code body} on {@code data} written to a file and checks the rule; returns null when it
     * kept it, else what went wrong.
     */
    static String check(String reader, String suffix, byte[] data, Body body) throws Exception {
        Path f = Files.createTempFile(dir, "case", suffix);
        Files.write(f, data);
        long bound = BOUND_BYTES + 64L * data.length;
        Future<Object[]> run = worker.submit(() -> {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            Throwable thrown = null;
            try {
                body.run(f);
            } catch (Throwable t) {
                thrown = t;
            }
            return new Object[] {thrown, mx.getCurrentThreadAllocatedBytes() - before};
        });
        String broke = null;
        Throwable thrown = null;
        try {
            Object[] r = run.get(CASE_SECONDS, TimeUnit.SECONDS);
            thrown = (Throwable) r[0];
            long allocated = (Long) r[1];
            if (allocated > bound) {
                broke = "allocated " + allocated + " bytes, more than the bound " + bound;
            }
        } catch (TimeoutException e) {
            run.cancel(true);
            worker.shutdownNow();
            worker = Executors.newSingleThreadExecutor();
            broke = "still running after " + CASE_SECONDS + " s";
        } finally {
            Files.deleteIfExists(f);
        }
        if (broke == null && thrown != null && !ownException(thrown)) {
            java.io.StringWriter sw = new java.io.StringWriter();
            thrown.printStackTrace(new java.io.PrintWriter(sw));
            broke = "threw " + sw.toString().lines().limit(8).reduce((a, b) -> a + "\n" + b).orElse("");
        }
        long[] c = OUTCOMES.computeIfAbsent(reader, k -> new long[3]);
        synchronized (OUTCOMES) {
            c[broke != null ? 2 : thrown == null ? 0 : 1]++;
            if (broke == null && thrown != null) {
                EXAMPLES.putIfAbsent(reader, thrown.getMessage().replace(f.toString(), f.getFileName().toString()));
            }
        }
        return broke;
    }

    /** The project's exceptions: CaffeFormatException, or IOException / IllegalArgumentException of exactly those classes (or the image-size refusal), with a message. */
    static boolean ownException(Throwable t) {
        boolean type = t instanceof CaffeFormatException || t.getClass() == IOException.class
                || t.getClass() == IllegalArgumentException.class || t instanceof Images.ImageTooLargeException;
        return type && t.getMessage() != null && !t.getMessage().isBlank();
    }

    /** Every parameter of a loaded net is there and finite (no silently partial model). */
    static void requireComplete(Net net) {
        for (Layer l : net.layers()) {
            for (Param p : l.params()) {
                // an unshaped net (its input shape came from nowhere) keeps loaded values until its first pass
                if (!p.hasValues() || p.shape() != null && !Finite.isFinite(p.value())) {
                    throw new AssertionError("a net loaded with " + p + " missing or not finite");
                }
            }
        }
    }

    private static void assertKept(String reader, long seed, Mutator m, String broke) {
        if (broke != null) {
            String what = reader + " seed " + seed + " (" + m.describe() + "): " + broke;
            synchronized (FAILURES) {
                FAILURES.add(what);
            }
            throw new AssertionError(what);
        }
    }

    // ---------------------------------------------------------------- the readers

    static String caffemodel(long seed) throws Exception {
        Mutator m = new Mutator(seed);
        byte[] data = m.protobuf(caffemodelSeed);
        boolean alone = (seed & 1) == 0;
        String broke = check("caffemodel", ".caffemodel", data, f -> {
            Net net;
            if (alone) {
                net = Net.load(f, CPU);
            } else {
                net = Net.fromDef(NetDef.parse(SMALL, "small"), CPU);
                net.loadWeights(f);
            }
            requireComplete(net);
        });
        assertKept("caffemodel", seed, m, broke);
        return m.describe();
    }

    static String prototxt(long seed) throws Exception {
        Mutator m = new Mutator(seed);
        String text = m.text((seed & 1) == 0 ? SMALL : BuiltinNets.prototxt("lenet"));
        String broke = check("prototxt", ".prototxt", text.getBytes(StandardCharsets.ISO_8859_1), f -> {
            Net net = Net.fromDef(NetDef.read(f), CPU);
            ModelSummary.of(net);
        });
        assertKept("prototxt", seed, m, broke);
        return m.describe();
    }

    static String npy(long seed) throws Exception {
        Mutator m = new Mutator(seed);
        byte[] data;
        if ((seed & 1) == 0) {
            data = m.bytes(npySeed);
        } else {
            // the header is text: mutate it as such and keep the data
            int headerEnd = 10 + (npySeed[8] & 0xff | (npySeed[9] & 0xff) << 8);
            String header = new String(npySeed, 10, headerEnd - 10, StandardCharsets.ISO_8859_1);
            byte[] h = m.text(header).getBytes(StandardCharsets.ISO_8859_1);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(npySeed, 0, 8);
            o.write(h.length & 0xff);
            o.write(h.length >>> 8 & 0xff);
            o.writeBytes(h);
            o.write(npySeed, headerEnd, npySeed.length - headerEnd);
            data = o.toByteArray();
        }
        String broke = check("npy", ".npy", data, f -> Npy.read(f).toTensor(CPU));
        assertKept("npy", seed, m, broke);
        return m.describe();
    }

    static String binaryproto(long seed) throws Exception {
        Mutator m = new Mutator(seed);
        byte[] data = m.protobuf(binaryprotoSeed);
        String broke = check("binaryproto", ".binaryproto", data, f -> CaffeModel.readBinaryProto(f));
        assertKept("binaryproto", seed, m, broke);
        return m.describe();
    }

    static String image(long seed) throws Exception {
        Mutator m = new Mutator(seed);
        byte[] s = imageSeeds.get(m.nextInt(imageSeeds.size()));
        // PNG: width and height at 16 and 20; BMP: at 18 and 22; GIF: 16-bit at 6; JPEG: anywhere
        byte[] data = m.nextInt(3) == 0 ? m.int32At(s, new int[] {16, 20, 18, 22, 6}[m.nextInt(5)]) : m.bytes(s);
        String broke = check("image", ".img", data, f -> {
            BufferedImage img = Images.readImage(f);
            Images.fromImage(img, ChannelOrder.BGR, CPU);
        });
        assertKept("image", seed, m, broke);
        return m.describe();
    }

    static String solver(long seed) throws Exception {
        Mutator m = new Mutator(seed);
        String text = m.text(SOLVER);
        String broke = check("solver", ".prototxt", text.getBytes(StandardCharsets.ISO_8859_1),
                f -> SolverSettings.read(f));
        assertKept("solver", seed, m, broke);
        return m.describe();
    }

    private static Optional<Path> squeezeDir() {
        return TestData.root().map(r -> r.resolve("models/squeezenet_v1.0_dc"))
                .filter(d -> Files.isRegularFile(d.resolve("compressed_SqueezeNet.net")));
    }

    static String deepCompression(long seed, Path sq) throws Exception {
        Mutator m = new Mutator(seed);
        byte[] net = Files.readAllBytes(sq.resolve("compressed_SqueezeNet.net"));
        byte[] data = m.nextInt(4) == 0 ? m.int32At(net, 4 * m.nextInt(26)) : m.bytes(net);
        Path proto = sq.resolve("SqueezeNet_deploy.prototxt");
        String broke = check("deep-compression", ".net", data, f -> {
            Net n = Net.fromPrototxt(proto, CPU);
            n.loadWeights(f);
            requireComplete(n);
        });
        assertKept("deep-compression", seed, m, broke);
        return m.describe();
    }

    // ---------------------------------------------------------------- fast mode: the fixed corpus

    @Property(tries = TRIES, seed = "20261207")
    void caffemodelFiles(@ForAll long seed) throws Exception {
        caffemodel(seed);
    }

    @Property(tries = TRIES, seed = "20261207")
    void prototxtFiles(@ForAll long seed) throws Exception {
        prototxt(seed);
    }

    @Property(tries = TRIES, seed = "20261207")
    void npyFiles(@ForAll long seed) throws Exception {
        npy(seed);
    }

    @Property(tries = TRIES, seed = "20261207")
    void binaryprotoFiles(@ForAll long seed) throws Exception {
        binaryproto(seed);
    }

    @Property(tries = TRIES, seed = "20261207")
    void imageFiles(@ForAll long seed) throws Exception {
        image(seed);
    }

    @Property(tries = TRIES, seed = "20261207")
    void solverFiles(@ForAll long seed) throws Exception {
        solver(seed);
    }

    @Property(tries = 25, seed = "20261207")
    void deepCompressionFiles(@ForAll long seed) throws Exception {
        Optional<Path> sq = squeezeDir();
        if (sq.isEmpty()) {
            System.out.println("ReaderFuzzTest: no ../shared/data SqueezeNet .net file; the .net fuzzer is skipped");
            return;
        }
        deepCompression(seed, sq.get());
    }

    /**
     * Seeds a long run flagged, kept as regressions: a caffemodel whose Input layer lost its shape
     * loads into a net that cannot be shaped yet; its weights wait for the first pass (they are
     * all there, not missing).
     */
    @Example
    void regressions() throws Exception {
        for (long seed : new long[] {-2599784053492905260L, 2345952246228548546L, -6540321947318785932L,
            5844953372015522754L}) {
            caffemodel(seed);
        }
    }

    // ---------------------------------------------------------------- long mode

    @Example
    void longRun() throws Exception {
        long seconds = Long.getLong("fuzz.seconds", 0L);
        if (seconds <= 0) {
            return;
        }
        java.util.SplittableRandom seeds = new java.util.SplittableRandom();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Optional<Path> sq = squeezeDir();
        int failures = 0;
        for (long i = 0; System.nanoTime() < end; i++) {
            long seed = seeds.nextLong();
            try {
                switch ((int) (i % 7)) {
                    case 0 -> caffemodel(seed);
                    case 1 -> prototxt(seed);
                    case 2 -> npy(seed);
                    case 3 -> binaryproto(seed);
                    case 4 -> image(seed);
                    case 5 -> solver(seed);
                    default -> {
                        if (sq.isPresent() && i % 70 == 6) {
                            deepCompression(seed, sq.get());
                        }
                    }
                }
            } catch (AssertionError e) {
                failures++;
                System.out.println("fuzz failure: " + e.getMessage());
            }
        }
        assertTrue(failures == 0, failures + " cases broke the rule (seeds above, also in target/fuzz-summary.txt)");
    }
}
