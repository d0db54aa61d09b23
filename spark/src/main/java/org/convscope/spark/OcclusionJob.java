package org.convscope.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.vis.occlusion.Occlusion;
import org.convscope.vis.occlusion.OcclusionFigure;
import org.convscope.vis.patches.ImageSource;
import org.convscope.vis.render.RunOutput;

/**
 * {@code occlusion} on a cluster: the occlusion maps of every image of a set ({@link Occlusion#run}, as
 * {@code convscope occlusion} computes them), each partition loading the net once and drawing its
 * images' figures ({@link OcclusionFigure}) where it computes them.
 *
 * <p>{@code OUT/occlusion.parquet}: one row per image, {@code id}, {@code name}, {@code class} (followed),
 * {@code baseline}, {@code baseTop}, {@code rows}, {@code cols}, {@code classProb}, {@code topClass},
 * {@code topProb} (row-major maps), and {@code unreadable} (the reason, maps null) for an image that could
 * not be read. {@code OUT/png/occlusion_<stem>.png}: the figure of each image ({@code item<i>} for IDX
 * digits, {@code <file name>_<i>} for files), written through Hadoop's file system by the task.
 */
public final class OcclusionJob {
    private OcclusionJob() {
    }

    /** For {@code spark-submit --class org.convscope.spark.OcclusionJob}: the arguments of {@code convscope-spark occlusion}. */
    public static void main(String[] args) {
        SparkMain.exit(SparkMain.run("occlusion", args));
    }

    /**
     * @param size      side of the square, or null for {@link Occlusion.Settings#defaults} of the net's input
     * @param stride    step, or null for half the size (the default's when the size is not given either)
     * @param fill      value per channel, or null for each image's mean colour
     * @param scoreBlob the blob whose softmax is followed, or null for the net's output
     * @param klass     class to follow, or -1 for each image's most probable class
     * @param out       output folder, any Hadoop path
     */
    public record Settings(ModelSpec model, ImageInput input, Integer size, Integer stride, float[] fill, int batch,
                           String scoreBlob, int klass, double alpha, int partitions, String out, int failOnce) {
    }

    /** The square, step, fill and batch of a run: the single-machine command's defaults for this net. */
    static Occlusion.Settings occlusion(Net net, Settings s) {
        int h = net.shape(net.inputNames().get(0)).h();
        int w = net.shape(net.inputNames().get(0)).w();
        Occlusion.Settings defaults = Occlusion.Settings.defaults(h, w);
        int side = s.size() != null ? s.size() : defaults.size();
        int step = s.stride() != null ? s.stride() : s.size() != null ? Math.max(1, side / 2) : defaults.stride();
        return new Occlusion.Settings(side, step, s.fill(), s.batch());
    }

    /** One image's maps (null maps and a reason when it could not be read). */
    public record Maps(int id, String name, String png, int klass, float baseline, int baseTop, int rows, int cols,
                       float[] classProb, int[] topClass, float[] topProb, String unreadable) implements Serializable {
    }

    /** @param maps every image's row in index order (small sets; tests) or null */
    public record Outcome(int images, int unreadable, String parquet, List<Maps> maps, double seconds) {
    }

    /** Runs the job; collects the rows when {@code collect} (tests and small sets). */
    public static Outcome run(SparkSession spark, Settings s, boolean collect) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Net net = s.model().load(s.model().openDevice());
        if (s.scoreBlob() != null && !net.blobRefs().contains(s.scoreBlob()) && !net.blobNames().contains(s.scoreBlob())) {
            throw new IllegalArgumentException("--score-blob '" + s.scoreBlob() + "' is not a blob of net '" + net.name()
                    + "'; blobs: " + String.join(", ", net.blobNames()));
        }
        Occlusion.Settings occlusion = occlusion(net, s);
        int classes = Occlusion.classCount(net, s.scoreBlob());
        if (s.klass() >= classes) {
            throw new IllegalArgumentException("class " + s.klass() + " is out of range: net '" + net.name() + "' has "
                    + classes + " classes, 0-" + (classes - 1));
        }
        if (!(s.alpha() >= 0 && s.alpha() <= 1)) {
            throw new IllegalArgumentException("--alpha must be in [0,1], got " + s.alpha());
        }
        ModelSpec shipped = s.model().ship(sc);
        long t0 = System.nanoTime();
        List<ImageInput.Slice> slices = s.input().slices(s.partitions());
        JavaRDD<Maps> maps = sc.parallelize(slices, slices.size())
                .mapPartitions(new OccludeSlice(shipped, s.input(), occlusion, s.scoreBlob(), s.klass(), s.alpha(), s.out(), s.failOnce()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType, false)
                .add("name", DataTypes.StringType, false)
                .add("png", DataTypes.StringType, true)
                .add("class", DataTypes.IntegerType, false)
                .add("baseline", DataTypes.FloatType, false)
                .add("baseTop", DataTypes.IntegerType, false)
                .add("rows", DataTypes.IntegerType, false)
                .add("cols", DataTypes.IntegerType, false)
                .add("classProb", DataTypes.createArrayType(DataTypes.FloatType, false), true)
                .add("topClass", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
                .add("topProb", DataTypes.createArrayType(DataTypes.FloatType, false), true)
                .add("unreadable", DataTypes.StringType, true);
        JavaRDD<Row> rows = maps.map(m -> RowFactory.create(m.id(), m.name(), m.png(), m.klass(), m.baseline(), m.baseTop(),
                m.rows(), m.cols(), boxed(m.classProb()), boxed(m.topClass()), boxed(m.topProb()), m.unreadable()));
        String parquet = s.out() + "/occlusion.parquet";
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(parquet);
        long bad = maps.filter(m -> m.unreadable() != null).count();
        List<Maps> all = collect ? maps.collect() : null;
        maps.unpersist();
        return new Outcome(s.input().size(), (int) bad, parquet, all, (System.nanoTime() - t0) / 1e9);
    }

    private static Float[] boxed(float[] v) {
        if (v == null) {
            return null;
        }
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }

    private static Integer[] boxed(int[] v) {
        if (v == null) {
            return null;
        }
        Integer[] b = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }

    /** The task: a slice of images in, their maps out (figures written as it goes); one net per partition. */
    static final class OccludeSlice implements FlatMapFunction<Iterator<ImageInput.Slice>, Maps> {
        private final ModelSpec model;
        private final ImageInput input;
        private final int size;
        private final int stride;
        private final float[] fill;
        private final int batch;
        private final String scoreBlob;
        private final int klass;
        private final double alpha;
        private final String out;
        private final int failOnce;

        OccludeSlice(ModelSpec model, ImageInput input, Occlusion.Settings settings, String scoreBlob, int klass,
                     double alpha, String out, int failOnce) {
            this.model = model;
            this.input = input;
            this.size = settings.size();
            this.stride = settings.stride();
            this.fill = settings.fill();
            this.batch = settings.batch();
            this.scoreBlob = scoreBlob;
            this.klass = klass;
            this.alpha = alpha;
            this.out = out;
            this.failOnce = failOnce;
        }

        @Override
        public Iterator<Maps> call(Iterator<ImageInput.Slice> slices) throws IOException {
            List<Maps> rows = new ArrayList<>();
            if (!slices.hasNext()) {
                return rows.iterator();
            }
            Occlusion.Settings settings = new Occlusion.Settings(size, stride, fill, batch);
            Net net = model.load(model.openDevice());
            Preprocessing display = input.preprocessing(net, model);
            OcclusionFigure figure = new OcclusionFigure(OcclusionFigure.DEFAULT_MIN_TILE, alpha);
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out, "png");
            FileSystem fs = dir.getFileSystem(new Configuration());
            while (slices.hasNext()) {
                ImageInput.Slice slice = slices.next();
                input.source(slice, net, model).scan(new ImageSource.Sink() {
                    @Override
                    public void accept(ImageSource.Item item) throws IOException {
                        Tensor x = Tensor.of(net.device(), item.data(), 1, item.channels(), item.height(), item.width());
                        Occlusion.Result r = Occlusion.run(net, x, scoreBlob, klass, settings, null);
                        x.close();
                        BufferedImage picture = display.deprocess(Tensor.of(Devices.cpu(), item.data(), 1, item.channels(),
                                item.height(), item.width()));
                        String png = "png/" + stem(item) + ".png";
                        try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(out, png), true)) {
                            o.write(RunOutput.pngBytes(figure.render(picture, r, String::valueOf)));
                        }
                        rows.add(new Maps(item.index(), item.name(), png, r.klass(), r.baseline(), r.baseTop(), r.rows(),
                                r.cols(), r.classProb(), r.topClass(), r.topProb(), null));
                    }

                    @Override
                    public void unreadable(int index, String name, String reason) {
                        rows.add(new Maps(index, name, null, -1, Float.NaN, -1, 0, 0, null, null, null, reason));
                    }
                });
            }
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == failOnce && task.attemptNumber() == 0) {
                throw new IllegalStateException("failure injected into partition " + failOnce + " (first attempt)");
            }
            return rows.iterator();
        }

        private String stem(ImageSource.Item item) {
            if (input.isIdx()) {
                return "occlusion_item" + item.index();
            }
            String f = item.name().substring(item.name().lastIndexOf('/') + 1);
            int dot = f.lastIndexOf('.');
            return "occlusion_" + (dot > 0 ? f.substring(0, dot) : f).replaceAll("[^A-Za-z0-9._-]", "_") + "_" + item.index();
        }
    }
}
