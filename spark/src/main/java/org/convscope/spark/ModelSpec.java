package org.convscope.spark;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.vis.data.NetSpec;

/**
 * Which net a job runs, as the executors find it: a built-in name, {@code demo} or a prototxt, with a
 * caffemodel or random weights from a seed, and the device to run it on ({@code null}: each executor
 * chooses as on one machine, OpenCL where there is a runtime, else the CPU).
 *
 * <p>Files are shipped once per executor with {@link JavaSparkContext#addFile} (what {@code spark-submit
 * --files} does): {@link #ship} replaces their paths by {@code shipped:NAME}, which an executor resolves
 * with {@link SparkFiles#get}. Nothing of the model travels with a task or an image.
 *
 * @param model      built-in name, {@code demo}, or a prototxt path
 * @param weights    caffemodel path, or null
 * @param randomSeed seed of random weights, or null
 * @param device     {@code cpu}, {@code opencl}, {@code auto}, or null for the default
 */
public record ModelSpec(String model, String weights, Long randomSeed, String device) implements Serializable {
    private static final String SHIPPED = "shipped:";

    /** Checks the files on the driver, then adds them to the job; the returned spec names them as shipped. */
    public ModelSpec ship(JavaSparkContext sc) {
        return new ModelSpec(shipFile(sc, model, true), shipFile(sc, weights, false), randomSeed, device);
    }

    private static String shipFile(JavaSparkContext sc, String path, boolean modelArg) {
        if (path == null || path.startsWith(SHIPPED) || (modelArg && isNamed(path))) {
            return path;
        }
        if (!ImageInput.isHadoop(path) && !Files.isRegularFile(Path.of(path))) {
            throw new IllegalArgumentException((modelArg ? "--model '" + path + "' is neither a built-in net ("
                    + String.join(", ", BuiltinNets.names()) + "), 'demo', nor an existing prototxt file"
                    : "weights file " + path + " does not exist"));
        }
        sc.addFile(path);
        return SHIPPED + new File(ImageInput.isHadoop(path) ? path.substring(path.lastIndexOf('/') + 1) : path).getName();
    }

    private static boolean isNamed(String model) {
        return ("demo".equals(model) || BuiltinNets.isBuiltin(model));
    }

    /** The device this JVM runs the net on. */
    public Device openDevice() {
        return device == null ? Devices.defaultDevice() : Devices.open(device);
    }

    /** Builds the net and gives it its weights, as the single-machine commands do ({@link NetSpec#load}). */
    public Net load(Device d) throws IOException {
        String m = model == null || isNamed(model) ? model : local(model).toString();
        return new NetSpec(m, weights == null ? null : local(weights), randomSeed).load(d);
    }

    /** The model as the library names it, for what needs no file (its default preprocessing). */
    public NetSpec named() {
        return new NetSpec(model, null, null);
    }

    /**
     * The net's own preprocessing (built-in nets and the demo model know theirs), or null for a prototxt
     * net (which the image input then resizes to its input size).
     */
    public Preprocessing defaultPreprocessing(Net net) {
        return named().defaultPreprocessing(net);
    }

    private static Path local(String path) {
        if (path.startsWith(SHIPPED)) {
            return Path.of(SparkFiles.get(path.substring(SHIPPED.length())));
        }
        return Path.of(path);
    }
}
