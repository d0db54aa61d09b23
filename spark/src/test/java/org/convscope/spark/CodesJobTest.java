package org.convscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.nn.io.Npy;
import org.convscope.tensor.Devices;
import org.convscope.vis.data.DataSpec;
import org.convscope.vis.embed.LayerCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark codes against {@link LayerCodes#compute} over the whole set (what {@code convscope codes} writes). */
class CodesJobTest {
    private static final ModelSpec DEMO = new ModelSpec("demo", null, null, "cpu");
    private static final String DATA = "shapes:7:45";

    @TempDir
    Path tmp;

    private record Single(float[][] codes, int[] labels, List<String> classes) {
    }

    private static Single single() throws IOException {
        Net net = DEMO.load(Devices.cpu());
        Preprocessing pre = DEMO.defaultPreprocessing(net);
        Dataset set = DataSpec.open(DATA, LayerCodes.side(pre));
        int[] labels = new int[set.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = set.label(i);
        }
        return new Single(LayerCodes.compute(net, pre, set, "fc7"), labels, set.classNames());
    }

    private static void assertSame(Single s, CodesJob.Outcome o, String what) {
        assertEquals(s.codes().length, o.count(), what);
        for (int i = 0; i < s.codes().length; i++) {
            assertArrayEquals(s.codes()[i], o.codes()[i], what + ", image " + i);
        }
        assertArrayEquals(s.labels(), o.labels(), what);
        assertEquals(s.classes(), o.classes(), what);
    }

    @Test
    void demoCodesOnShapesEqualTheSingleMachineCodesFor1_2And7PartitionsInEveryFile() throws IOException {
        Single s = single();
        SparkSession spark = SparkSession.builder().sparkContext(SparkTesting.context().sc()).getOrCreate();
        for (int parts : new int[] {1, 2, 7}) {
            Path out = tmp.resolve("p" + parts);
            CodesJob.Outcome o = CodesJob.run(spark, new CodesJob.Settings(DEMO, DATA, "fc7", parts, out.toString(), 1 << 30, -1));
            assertSame(s, o, parts + " partitions");
            // the .npy files are those of 'convscope codes'
            Npy.Array codes = Npy.read(out.resolve("codes.npy"));
            assertArrayEquals(new int[] {s.codes().length, s.codes()[0].length}, codes.shape());
            for (int i = 0; i < s.codes().length; i++) {
                for (int j = 0; j < s.codes()[i].length; j++) {
                    assertEquals(s.codes()[i][j], codes.data()[i * s.codes()[i].length + j]);
                }
            }
            assertEquals(s.classes(), Files.readAllLines(out.resolve("classes.txt")));
            // the Parquet table holds the same rows
            List<Row> rows = spark.read().parquet(o.parquet()).orderBy("id").collectAsList();
            assertEquals(s.codes().length, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                assertEquals(i, r.getInt(r.fieldIndex("id")));
                assertEquals(s.labels()[i], r.getInt(r.fieldIndex("label")));
                assertEquals(s.classes().get(s.labels()[i]), r.getString(r.fieldIndex("class")));
                List<Float> code = r.getList(r.fieldIndex("code"));
                for (int j = 0; j < code.size(); j++) {
                    assertEquals(s.codes()[i][j], code.get(j), "parquet row " + i);
                }
            }
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedWithTheSameCodes() throws IOException {
        Single s = single();
        SparkSession spark = SparkSession.builder().sparkContext(SparkTesting.context().sc()).getOrCreate();
        FailureCounter.reset(SparkTesting.context());
        CodesJob.Outcome o = CodesJob.run(spark, new CodesJob.Settings(DEMO, DATA, "fc7", 3, tmp.resolve("f").toString(),
                1 << 30, 1));
        assertSame(s, o, "retried");
        assertEquals(1, FailureCounter.failedTasks());
    }

    @Test
    void codesLargerThanTheDriverLimitAreWrittenAsParquetOnly() throws IOException {
        SparkSession spark = SparkSession.builder().sparkContext(SparkTesting.context().sc()).getOrCreate();
        Path out = tmp.resolve("big");
        CodesJob.Outcome o = CodesJob.run(spark, new CodesJob.Settings(DEMO, "shapes:7:10", "fc7", 2, out.toString(), 100, -1));
        assertEquals(null, o.codes());
        assertEquals(false, Files.exists(out.resolve("codes.npy")));
        assertEquals(10, spark.read().parquet(o.parquet()).count());
    }
}
