package org.convscope.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.convscope.nn.data.Shapes;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Images;
import org.convscope.tensor.Tensor;
import org.convscope.vis.demo.DemoModel;
import org.convscope.tensor.ChannelOrder;

/** The local Spark session the module's tests share, and their data. */
final class SparkTesting {
    /** Two executor threads, two attempts per task (so an injected failure is retried). */
    static final String MASTER = "local[2,2]";

    private static JavaSparkContext sc;

    private SparkTesting() {
    }

    static synchronized JavaSparkContext context() {
        if (sc == null) {
            SparkSession s = SparkSession.builder().master(MASTER).appName("convscope-spark tests")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            sc = JavaSparkContext.fromSparkContext(s.sparkContext());
        }
        return sc;
    }

    /**
     * {@code count} shapes images of the demo model's size as PNG files in {@code dir}, named so that they
     * sort in index order, then copies of images {@code 0..dups-1} after them (exact ties), and the names
     * in {@code extra} (written by the caller) in between as they sort.
     */
    static List<Path> shapes(Path dir, int count, int dups) throws IOException {
        Shapes set = new Shapes(7, count, DemoModel.SIZE);
        Files.createDirectories(dir);
        for (int i = 0; i < count + dups; i++) {
            int src = i < count ? i : i - count;
            float[] img = set.image(src);
            Tensor t = Tensor.of(Devices.cpu(), img, 1, set.channels(), set.height(), set.width());
            Images.writePng(t, ChannelOrder.BGR, dir.resolve(String.format("shape%04d.png", i)));
        }
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
