package org.convscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.testing.TestData;
import org.convscope.vis.patches.ImageSource;
import org.convscope.vis.patches.MaxPatches;
import org.convscope.vis.patches.TopkJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark top-k against the single-machine code path ({@link MaxPatches#find} over the whole set, as
 * {@code convscope topk} runs it): the same topk_&lt;blob&gt;.json, ties in the same order, for several
 * partition counts, with a task that fails once, and with a corrupt image in the set.
 */
class TopkJobTest {
    @TempDir
    Path tmp;

    private static ModelSpec lenet() {
        Path proto = TestData.require("models/lenet_mnist_v1/lenet.prototxt");
        Path weights = TestData.require("models/lenet_mnist_v1/lenet_iter_10000.caffemodel");
        return new ModelSpec(proto.toString(), weights.toString(), null, "cpu");
    }

    private static final ModelSpec DEMO = new ModelSpec("demo", null, null, "cpu");

    /** The single-machine result: the whole source through MaxPatches.find, written by TopkJson. */
    private static MaxPatches.Result single(ModelSpec model, ImageInput input, TopkJob.Settings s) throws IOException {
        Net net = model.load(Devices.cpu());
        ImageSource all = input.whole(net, model);
        return MaxPatches.find(net, all, TopkJob.request(net, s), null);
    }

    private static TopkJob.Settings settings(ModelSpec m, ImageInput in, String blob, String channels, int k,
                                             int batch, int partitions, int failOnce, Path out) {
        return new TopkJob.Settings(m, in, blob, channels, null, k, batch, partitions, "centred", 64, out, failOnce);
    }

    /** Whether some channel's list holds two hits of equal value (so the tie rule decided their order). */
    private static boolean hasTies(MaxPatches.Result r) {
        for (List<MaxPatches.Hit> hs : r.hits()) {
            for (int i = 1; i < hs.size(); i++) {
                if (hs.get(i).value() == hs.get(i - 1).value()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void lenetOnMnistEqualsTheSingleMachineResultFor1_2And7Partitions() throws IOException {
        Path idx = TestData.require("mnist/t10k-images-idx3-ubyte.gz");
        ModelSpec m = lenet();
        ImageInput in = ImageInput.open(List.of(idx.toString()), 300, null, null);
        // ip1 after its in-place ReLU with k = all 300 images: every unit is 0 on many digits, so most
        // ranks are decided by the tie rule (image index), across slices
        for (String blob : List.of("conv2", "ip1")) {
            int k = blob.equals("ip1") ? 300 : 9;
            TopkJob.Settings base = settings(m, in, blob, blob.equals("ip1") ? "0-19" : "all", k, 16, 1, -1, null);
            String expected = TopkJson.of(single(m, in, base));
            if (blob.equals("ip1")) {
                assertTrue(hasTies(single(m, in, base)), "the ip1 case must contain ties to test the tie rule");
            }
            for (int parts : new int[] {1, 2, 7}) {
                TopkJob.Outcome o = TopkJob.run(SparkTesting.context(),
                        settings(m, in, blob, base.channels(), k, 16, parts, -1, null));
                assertEquals(expected, o.json(), blob + " on " + parts + " partitions");
                assertEquals(300, o.result().scanned());
            }
        }
    }

    @Test
    void demoModelOnShapesWithDuplicatesKeepsTheTieOrderAcrossPartitions() throws IOException {
        // 40 shapes, then copies of the first 12: every copy ties exactly with its original, in another slice
        SparkTesting.shapes(tmp.resolve("shapes"), 40, 12);
        ImageInput in = ImageInput.open(List.of(tmp.resolve("shapes").toString()), 0, null, null);
        TopkJob.Settings base = settings(DEMO, in, "conv2", "all", 5, 8, 1, -1, null);
        MaxPatches.Result one = single(DEMO, in, base);
        assertTrue(hasTies(one), "duplicated images must tie");
        String expected = TopkJson.of(one);
        for (int parts : new int[] {1, 2, 7}) {
            TopkJob.Outcome o = TopkJob.run(SparkTesting.context(), settings(DEMO, in, "conv2", "all", 5, 8, parts, -1, null));
            assertEquals(expected, o.json(), parts + " partitions");
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedWithTheSameResult() throws IOException {
        Path idx = TestData.require("mnist/t10k-images-idx3-ubyte.gz");
        ModelSpec m = lenet();
        ImageInput in = ImageInput.open(List.of(idx.toString()), 200, null, null);
        String expected = TopkJson.of(single(m, in, settings(m, in, "conv2", "all", 9, 32, 1, -1, null)));
        FailureCounter.reset(SparkTesting.context());
        TopkJob.Outcome o = TopkJob.run(SparkTesting.context(), settings(m, in, "conv2", "all", 9, 32, 2, 1, null));
        assertEquals(expected, o.json());
        assertEquals(1, FailureCounter.failedTasks(), "exactly one task attempt failed (the injected one)");
    }

    @Test
    void aCorruptImageIsReportedSkippedAndCountedAndTheJobGoesOn() throws IOException {
        Path dir = tmp.resolve("shapes");
        SparkTesting.shapes(dir, 30, 0);
        Files.write(dir.resolve("shape0010b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3});
        ImageInput in = ImageInput.open(List.of(dir.toString()), 0, null, null);
        assertEquals(31, in.size());
        TopkJob.Settings base = settings(DEMO, in, "conv1", "0-3", 4, 8, 1, -1, null);
        String expected = TopkJson.of(single(DEMO, in, base));
        TopkJob.Outcome o = TopkJob.run(SparkTesting.context(),
                settings(DEMO, in, "conv1", "0-3", 4, 8, 3, -1, tmp.resolve("out")));
        assertEquals(expected, o.json());
        assertEquals(30, o.result().scanned());
        assertEquals(1, o.result().unreadable().size());
        assertTrue(o.result().unreadable().get(0).startsWith(dir.resolve("shape0010b.png") + ": "),
                o.result().unreadable().toString());
        assertEquals(expected, Files.readString(tmp.resolve("out/topk_conv1.json")));
        assertTrue(Files.size(tmp.resolve("out/topk_conv1.png")) > 1000);
        assertTrue(Files.exists(tmp.resolve("out/manifest.json")));
    }

    @Test
    void aHadoopUriFolderIsListedAndReadThroughHadoopWithTheSameHits() throws IOException {
        Path dir = tmp.resolve("shapes");
        SparkTesting.shapes(dir, 12, 0);
        Files.write(dir.resolve("shape0005b.png"), new byte[] {1, 2, 3});
        ImageInput local = ImageInput.open(List.of(dir.toString()), 0, null, null);
        ImageInput hadoop = ImageInput.open(List.of(dir.toUri().toString()), 0, null, null);
        assertEquals(13, hadoop.size());
        MaxPatches.Result a = TopkJob.run(SparkTesting.context(), settings(DEMO, local, "conv2", "0-5", 3, 4, 2, -1, null)).result();
        MaxPatches.Result b = TopkJob.run(SparkTesting.context(), settings(DEMO, hadoop, "conv2", "0-5", 3, 4, 3, -1, null)).result();
        assertEquals(a.scanned(), b.scanned(), b.unreadable().toString());
        assertEquals(1, b.unreadable().size());
        assertTrue(b.unreadable().get(0).startsWith("file:"), b.unreadable().get(0));
        for (int c = 0; c < a.hits().size(); c++) {
            for (int r = 0; r < a.hits().get(c).size(); r++) {
                MaxPatches.Hit x = a.hits().get(c).get(r);
                MaxPatches.Hit y = b.hits().get(c).get(r);
                assertEquals(x.image(), y.image());
                assertEquals(x.value(), y.value());
                assertTrue(y.name().startsWith("file:") && y.name().endsWith(Path.of(x.name()).getFileName().toString()), y.name());
            }
        }
    }
}
