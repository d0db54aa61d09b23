package org.convscope.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import org.convscope.nn.DeviceCalibration;
import org.convscope.nn.Net;
import org.convscope.nn.NetTimer;
import org.convscope.tensor.Device;
import org.convscope.vis.render.TimingReport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code convscope time --model squeezenet}: per-layer forward and backward times of any net
 * (built-in or prototxt) at any batch, as {@code caffe time} prints them, with GFLOP/s, GB/s and
 * the fraction of what this device reaches on this machine ({@link DeviceCalibration}, measured
 * once and cached). The timing is {@link NetTimer}'s, the table, JSON and chart {@link TimingReport}'s.
 */
@Command(name = "time", mixinStandardHelpOptions = true,
        description = {"Times a net layer by layer (forward, and backward to the input), like 'caffe time': per "
                + "layer the median ms, GFLOP/s, GB/s and %% of this device's calibrated peak (a 1024^3 matrix "
                + "product and a 64 MB copy, measured once and cached in ~/.cache/convscope/calibration.properties);"
                + " then the whole net's medians. Random weights unless --weights is given."})
final class TimeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = {"-b", "--batch"}, paramLabel = "N", description = "Batch size (default: the net's own, "
            + "else 1).")
    Integer batch;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", defaultValue = "10",
            description = "Timed passes; figures are medians (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--forward-only", description = "Do not time the backward pass.")
    boolean forwardOnly;

    @Option(names = "--json", paramLabel = "FILE|-", description = "Also write the figures as JSON: an array "
            + "'layers' and an object 'total' (medians forwardMs, backwardMs); '-' for standard output instead "
            + "of the table.")
    String json;

    @Option(names = "--png", paramLabel = "FILE", description = "Also draw the per-layer times as a bar chart.")
    Path png;

    @Option(names = "--recalibrate", description = "Measure the device again instead of reading the cached "
            + "calibration.")
    boolean recalibrate;

    @Option(names = "--calibration-file", paramLabel = "FILE", hidden = true,
            description = "Calibration cache (default: ~/.cache/convscope/calibration.properties).")
    Path calibrationFile;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
        }
        if (batch != null && batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        if (png != null && png.toAbsolutePath().getParent() != null && !Files.isDirectory(png.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("--png " + png + ": its directory does not exist");
        }
        if (modelOptions.weights == null && modelOptions.randomSeed == null) {
            modelOptions.randomSeed = 1L; // times do not depend on the weights' values
        }
        Device d = modelOptions.device();
        Net net = modelOptions.load(d);
        if (batch != null) {
            net.reshapeBatch(batch);
        } else {
            net.reshapeBatch(net.shape(net.inputNames().get(0)).dim(0));
        }
        DeviceCalibration cal = DeviceCalibration.cached(d,
                calibrationFile != null ? calibrationFile : DeviceCalibration.defaultCacheFile(), recalibrate);
        NetTimer.Result r = NetTimer.time(net, iterations, !forwardOnly);
        boolean jsonToStdout = "-".equals(json);
        if (!jsonToStdout) {
            System.out.print(TimingReport.table(r, cal));
        }
        if (json != null) {
            String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(TimingReport.toJson(r, cal));
            if (jsonToStdout) {
                System.out.println(text);
            } else {
                Files.writeString(Path.of(json), text + "\n");
            }
        }
        if (png != null) {
            ImageIO.write(TimingReport.chart(r), "png", png.toFile());
        }
        return 0;
    }
}
