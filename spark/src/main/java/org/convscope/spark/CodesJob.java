package org.convscope.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Dataset;
import org.convscope.vis.data.DataSpec;
import org.convscope.vis.embed.LayerCodes;

/**
 * {@code codes} on a cluster: a layer's codes for every image of a labelled set, as {@code convscope codes}
 * computes them ({@link LayerCodes#compute} on each partition's slice of {@link DataSpec#open(String, int,
 * int, int)}), written as Parquet and, when they fit on the driver, as the single-machine command's files.
 *
 * <p>{@code OUT/codes.parquet}: one row per image, {@code id} (its index in the set), {@code label},
 * {@code class} (its name) and {@code code} (array of float). {@code OUT/codes.npy} ({@code N x D}),
 * {@code labels.npy} and {@code classes.txt}, the files {@code convscope tsne --codes} and {@code convscope
 * codes --codes ... --linear} read, unless {@code N x D x 4} bytes exceed the driver limit.
 */
public final class CodesJob {
    private CodesJob() {
    }

    /** For {@code spark-submit --class org.convscope.spark.CodesJob}: the arguments of {@code convscope-spark codes}. */
    public static void main(String[] args) {
        SparkMain.exit(SparkMain.run("codes", args));
    }

    /**
     * @param data        a data set spec as {@code convscope codes --data} takes it
     * @param out         output folder (Parquet may be any Hadoop path; the .npy files are written on the driver)
     * @param npyMaxBytes the largest codes.npy collected on the driver
     * @param failOnce    for tests of retry: the partition whose first attempt throws, or -1
     */
    public record Settings(ModelSpec model, String data, String layer, int partitions, String out, long npyMaxBytes,
                           int failOnce) {
    }

    /** One image's code. */
    public record Code(int id, int label, float[] code) implements Serializable {
    }

    /**
     * @param codes   every code in index order, or null when they did not fit the driver
     * @param parquet where the Parquet table is
     */
    public record Outcome(int count, int dim, List<String> classes, float[][] codes, int[] labels, String parquet,
                          double seconds) {
    }

    public static Outcome run(SparkSession spark, Settings s) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Net net = s.model().load(s.model().openDevice());
        Preprocessing pre = s.model().named().requirePreprocessing(net);
        if (!net.blobNames().contains(s.layer())) {
            throw new IllegalArgumentException("no blob '" + s.layer() + "' in net '" + net.name() + "'; blobs: " + net.blobNames());
        }
        int side = LayerCodes.side(pre);
        int count = DataSpec.size(s.data(), side);
        if (count == 0) {
            throw new IllegalArgumentException("data set '" + s.data() + "' has no images");
        }
        List<String> classes = DataSpec.open(s.data(), side, 0, 0).classNames();
        ModelSpec shipped = s.model().ship(sc);

        long t0 = System.nanoTime();
        List<ImageInput.Slice> slices = ImageInput.ranges(count, s.partitions());
        JavaRDD<Code> codes = sc.parallelize(slices, slices.size())
                .mapPartitions(new CodeSlice(shipped, s.data(), s.layer(), s.failOnce()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType, false)
                .add("label", DataTypes.IntegerType, false)
                .add("class", DataTypes.StringType, true)
                .add("code", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        JavaRDD<Row> rows = codes.map(c -> RowFactory.create(c.id(), c.label(),
                c.label() >= 0 && c.label() < classes.size() ? classes.get(c.label()) : null, boxed(c.code())));
        String parquet = s.out() + "/codes.parquet";
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(parquet);

        Code first = codes.first();
        int dim = first.code().length;
        float[][] all = null;
        int[] labels = null;
        if ((long) count * dim * 4 <= s.npyMaxBytes()) {
            List<Code> got = codes.collect(); // partitions in order, each in index order
            all = new float[got.size()][];
            labels = new int[got.size()];
            for (int i = 0; i < got.size(); i++) {
                if (got.get(i).id() != i) {
                    throw new IllegalStateException("code " + i + " came back as id " + got.get(i).id());
                }
                all[i] = got.get(i).code();
                labels[i] = got.get(i).label();
            }
            if (!ImageInput.isHadoop(s.out())) {
                LayerCodes.write(Path.of(s.out()), all, labels, classes);
            }
        }
        codes.unpersist();
        return new Outcome(count, dim, classes, all, labels, parquet, (System.nanoTime() - t0) / 1e9);
    }

    private static Float[] boxed(float[] v) {
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }

    /** The task: a slice of the set in, its codes out; the net is loaded once per partition. */
    static final class CodeSlice implements FlatMapFunction<Iterator<ImageInput.Slice>, Code> {
        private final ModelSpec model;
        private final String data;
        private final String layer;
        private final int failOnce;

        CodeSlice(ModelSpec model, String data, String layer, int failOnce) {
            this.model = model;
            this.data = data;
            this.layer = layer;
            this.failOnce = failOnce;
        }

        @Override
        public Iterator<Code> call(Iterator<ImageInput.Slice> slices) throws IOException {
            List<Code> out = new ArrayList<>();
            if (!slices.hasNext()) {
                return out.iterator();
            }
            Net net = model.load(model.openDevice());
            Preprocessing pre = model.defaultPreprocessing(net);
            while (slices.hasNext()) {
                ImageInput.Slice slice = slices.next();
                Dataset set = DataSpec.open(data, LayerCodes.side(pre), slice.from(), slice.to());
                float[][] c = set.size() == 0 ? new float[0][] : LayerCodes.compute(net, pre, set, layer);
                for (int i = 0; i < c.length; i++) {
                    out.add(new Code(slice.from() + i, set.label(i), c[i]));
                }
            }
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == failOnce && task.attemptNumber() == 0) {
                throw new IllegalStateException("failure injected into partition " + failOnce + " (first attempt)");
            }
            return out.iterator();
        }
    }
}
