package org.convscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.SparkSession;
import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.testing.TestData;
import org.convscope.vis.occlusion.Occlusion;
import org.convscope.vis.occlusion.OcclusionFigure;
import org.convscope.vis.patches.ImageSource;
import org.convscope.vis.render.RunOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark occlusion against {@link Occlusion#run} image by image, as {@code convscope occlusion} runs it. */
class OcclusionJobTest {
    private static final Occlusion.Settings SETTINGS = new Occlusion.Settings(8, 6, null, 16);

    @TempDir
    Path tmp;

    /** The single-machine maps of every readable item, in index order. */
    private static List<Occlusion.Result> single(ModelSpec m, ImageInput in) throws IOException {
        Net net = m.load(Devices.cpu());
        List<Occlusion.Result> out = new ArrayList<>();
        in.whole(net, m).scan(new ImageSource.Sink() {
            @Override
            public void accept(ImageSource.Item item) {
                Tensor x = Tensor.of(net.device(), item.data(), 1, item.channels(), item.height(), item.width());
                out.add(Occlusion.run(net, x, -1, SETTINGS, null));
            }
        });
        return out;
    }

    @Test
    void lenetMapsOfEveryDigitEqualTheSingleMachineMapsOn1And3Partitions() throws IOException {
        ModelSpec m = new ModelSpec(TestData.require("models/lenet_mnist_v1/lenet.prototxt").toString(),
                TestData.require("models/lenet_mnist_v1/lenet_iter_10000.caffemodel").toString(), null, "cpu");
        ImageInput in = ImageInput.open(List.of(TestData.require("mnist/t10k-images-idx3-ubyte.gz").toString()), 10, null, null);
        List<Occlusion.Result> expected = single(m, in);
        SparkSession spark = SparkSession.builder().sparkContext(SparkTesting.context().sc()).getOrCreate();
        for (int parts : new int[] {1, 3}) {
            Path out = tmp.resolve("p" + parts);
            OcclusionJob.Outcome o = OcclusionJob.run(spark, new OcclusionJob.Settings(m, in, 8, 6, null, 16, null, -1, 0.6, parts,
                    out.toString(), -1), true);
            assertEquals(10, o.maps().size());
            assertEquals(0, o.unreadable());
            for (int i = 0; i < 10; i++) {
                OcclusionJob.Maps got = o.maps().get(i);
                Occlusion.Result want = expected.get(i);
                assertEquals(i, got.id());
                assertEquals(want.klass(), got.klass());
                assertEquals(want.baseline(), got.baseline());
                assertArrayEquals(want.classProb(), got.classProb(), "image " + i);
                assertArrayEquals(want.topClass(), got.topClass(), "image " + i);
                assertArrayEquals(want.topProb(), got.topProb(), "image " + i);
                assertTrue(Files.size(out.resolve(got.png())) > 500, got.png());
            }
            assertEquals(10, spark.read().parquet(o.parquet()).count());
        }
        // the figure is the single-machine figure of the same maps
        Net net = m.load(Devices.cpu());
        ImageSource.Item[] first = new ImageSource.Item[1];
        in.whole(net, m).scan(i -> i == 0, item -> first[0] = item);
        var picture = in.preprocessing(net, m).deprocess(Tensor.of(Devices.cpu(), first[0].data(), 1, 1, 28, 28));
        byte[] png = RunOutput.pngBytes(new OcclusionFigure(OcclusionFigure.DEFAULT_MIN_TILE, 0.6)
                .render(picture, expected.get(0), String::valueOf));
        assertArrayEquals(png, Files.readAllBytes(tmp.resolve("p3/png/occlusion_item0.png")));
    }

    @Test
    void aCorruptImageGetsARowWithItsReasonAndTheOthersTheirMaps() throws IOException {
        Path dir = tmp.resolve("shapes");
        SparkTesting.shapes(dir, 5, 0);
        Files.write(dir.resolve("shape0002b.png"), new byte[] {1, 2, 3, 4});
        ModelSpec demo = new ModelSpec("demo", null, null, "cpu");
        ImageInput in = ImageInput.open(List.of(dir.toString()), 0, null, null);
        List<Occlusion.Result> expected = single(demo, in);
        SparkSession spark = SparkSession.builder().sparkContext(SparkTesting.context().sc()).getOrCreate();
        OcclusionJob.Outcome o = OcclusionJob.run(spark, new OcclusionJob.Settings(demo, in, 16, null, null, 16, null, -1, 0.6, 2,
                tmp.resolve("out").toString(), -1), true);
        assertEquals(6, o.maps().size());
        assertEquals(1, o.unreadable());
        OcclusionJob.Maps bad = o.maps().get(3);
        assertTrue(bad.name().endsWith("shape0002b.png"), bad.name());
        assertNotNull(bad.unreadable());
        assertNull(bad.classProb());
        assertEquals(expected.size(), 5);
        assertEquals(expected.get(3).klass(), o.maps().get(4).klass());
    }
}
