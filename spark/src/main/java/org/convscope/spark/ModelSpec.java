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
import org.convscope.vis.demo.DemoModel;

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

    /** Builds the net and gives it its weights, as the single-machine commands do. */
    public Net load(Device d) throws IOException {
        if (weights != null && randomSeed != null) {
            throw new IllegalArgumentException("give --weights or --random-weights, not both");
        }
        if ("demo".equals(model) && weights == null && randomSeed == null) {
            return DemoModel.load(d);
        }
        if (model == null) {
            if (weights == null) {
                throw new IllegalArgumentException("give --model (a built-in name or a prototxt) and/or --weights");
            }
            return BuiltinNets.load(local(weights), d);
        }
        if (BuiltinNets.isBuiltin(model) && weights == null && randomSeed == null && BuiltinNets.hasBundledWeights(model)) {
            return BuiltinNets.pretrained(model, d); // weights inside the jar (SqueezeNet): nothing to ship
        }
        Net net = "demo".equals(model) ? DemoModel.architecture(d)
                : BuiltinNets.isBuiltin(model) ? BuiltinNets.create(model, d) : Net.fromPrototxt(local(model), d);
        if (weights != null) {
            net.loadWeights(local(weights));
        } else if (randomSeed != null) {
            net.randomizeWeights(randomSeed);
        } else {
            throw new IllegalArgumentException("net '" + net.name() + "' needs weights: give --weights FILE.caffemodel"
                    + " (or --random-weights SEED to try it out)");
        }
        return net;
    }

    /**
     * The net's own preprocessing (built-in nets and the demo model know theirs), or null for a prototxt
     * net (which the image input then resizes to its input size).
     */
    public Preprocessing defaultPreprocessing(Net net) {
        if ("demo".equals(model)) {
            return DemoModel.preprocessing();
        }
        String b = model != null ? (BuiltinNets.isBuiltin(model) ? model : null)
                : BuiltinNets.isBuiltin(net.name()) ? net.name() : null;
        return b == null ? null : Preprocessing.forBuiltin(BuiltinNets.canonical(b));
    }

    private static Path local(String path) {
        if (path.startsWith(SHIPPED)) {
            return Path.of(SparkFiles.get(path.substring(SHIPPED.length())));
        }
        return Path.of(path);
    }
}
