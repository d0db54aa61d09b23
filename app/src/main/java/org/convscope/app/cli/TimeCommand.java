package org.convscope.app.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import org.convscope.nn.DeviceCalibration;
import org.convscope.nn.Net;
import org.convscope.nn.NetTimer;
import org.convscope.tensor.Device;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code convscope time --model squeezenet}: per-layer forward and backward times of any net
 * (built-in or prototxt) at any batch, as {@code caffe time} prints them, with GFLOP/s, GB/s and
 * the fraction of what this device reaches on this machine ({@link DeviceCalibration}, measured
 * once and cached). The timing is {@link NetTimer}'s.
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
            System.out.print(table(r, cal));
        }
        if (json != null) {
            String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(r, cal));
            if (jsonToStdout) {
                System.out.println(text);
            } else {
                Files.writeString(Path.of(json), text + "\n");
            }
        }
        if (png != null) {
            ImageIO.write(chart(r), "png", png.toFile());
        }
        return 0;
    }

    /** The table: one row per layer, then the totals. */
    static String table(NetTimer.Result r, DeviceCalibration cal) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s on %s, batch %d, median of %d passes; %% of this device's "
                + "calibrated %.0f GFLOP/s and %.1f GB/s%n", r.net(), r.device(), r.batch(), r.iterations(),
                cal.gflops(), cal.gbs()));
        String head = "%-28s %-13s %9s %8s %8s %6s %9s %8s %8s %6s%n";
        sb.append(String.format(Locale.ROOT, head, "layer", "type", "fwd ms", "GFLOP/s", "GB/s", "%peak",
                "bwd ms", "GFLOP/s", "GB/s", "%peak"));
        for (NetTimer.LayerTiming l : r.layers()) {
            sb.append(String.format(Locale.ROOT, "%-28s %-13s %9.3f %8.1f %8.1f %5.0f%% %9s %8s %8s %6s%n",
                    l.name(), l.type(), l.forwardMs(), l.forwardGflops(), l.forwardGBs(),
                    percent(l.forwardGflops(), l.forwardGBs(), cal),
                    Double.isNaN(l.backwardMs()) ? "-" : String.format(Locale.ROOT, "%.3f", l.backwardMs()),
                    Double.isNaN(l.backwardMs()) ? "-" : String.format(Locale.ROOT, "%.1f", l.backwardGflops()),
                    Double.isNaN(l.backwardMs()) ? "-" : String.format(Locale.ROOT, "%.1f", l.backwardGBs()),
                    Double.isNaN(l.backwardMs()) ? "-" : String.format(Locale.ROOT, "%.0f%%",
                            percent(l.backwardGflops(), l.backwardGBs(), cal))));
        }
        sb.append(String.format(Locale.ROOT, "layers' sum: forward %.2f ms, backward %s ms (each layer timed between "
                + "synchronizations)%n", r.layerForwardMs(), fmt(r.layerBackwardMs())));
        sb.append(String.format(Locale.ROOT, "whole net:   forward %.2f ms (%.1f GFLOP/s), backward %s ms; "
                + "%.2f ms per image forward%n", r.forwardMs(), r.forwardFlops() / (r.forwardMs() * 1e6),
                fmt(r.backwardMs()), r.forwardMs() / r.batch()));
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The larger of the fractions of the calibrated compute rate and memory rate: how close to a limit the layer runs. */
    static double percent(double gflops, double gbs, DeviceCalibration cal) {
        return 100 * Math.max(gflops / cal.gflops(), gbs / cal.gbs());
    }

    static Map<String, Object> toJson(NetTimer.Result r, DeviceCalibration cal) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("net", r.net());
        m.put("device", r.device());
        m.put("batch", r.batch());
        m.put("iterations", r.iterations());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("gflops", cal.gflops());
        c.put("gbs", cal.gbs());
        c.put("measured", cal.measured());
        m.put("calibration", c);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (NetTimer.LayerTiming l : r.layers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", l.name());
            o.put("type", l.type());
            o.put("output", l.output().dims());
            o.put("forwardMs", l.forwardMs());
            o.put("forwardFlops", l.forwardFlops());
            o.put("forwardBytes", l.forwardBytes());
            o.put("forwardGflops", l.forwardGflops());
            o.put("forwardGBs", l.forwardGBs());
            o.put("forwardPercentOfPeak", percent(l.forwardGflops(), l.forwardGBs(), cal));
            if (!Double.isNaN(l.backwardMs())) {
                o.put("backwardMs", l.backwardMs());
                o.put("backwardFlops", l.backwardFlops());
                o.put("backwardBytes", l.backwardBytes());
                o.put("backwardGflops", l.backwardGflops());
                o.put("backwardGBs", l.backwardGBs());
                o.put("backwardPercentOfPeak", percent(l.backwardGflops(), l.backwardGBs(), cal));
            }
            layers.add(o);
        }
        m.put("layers", layers);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("forwardMs", r.forwardMs());
        if (!Double.isNaN(r.backwardMs())) {
            t.put("backwardMs", r.backwardMs());
        }
        t.put("layersForwardMs", r.layerForwardMs());
        if (!Double.isNaN(r.backwardMs())) {
            t.put("layersBackwardMs", r.layerBackwardMs());
        }
        t.put("forwardFlops", r.forwardFlops());
        t.put("backwardFlops", r.backwardFlops());
        m.put("total", t);
        return m;
    }

    /** Horizontal bars, one row per layer: forward (blue) and backward (orange) ms. */
    static BufferedImage chart(NetTimer.Result r) {
        List<NetTimer.LayerTiming> layers = r.layers();
        int rowH = 14;
        int left = 230;
        int width = 900;
        int top = 40;
        int height = top + rowH * layers.size() + 30;
        double max = 0;
        for (NetTimer.LayerTiming l : layers) {
            max = Math.max(max, Math.max(l.forwardMs(), Double.isNaN(l.backwardMs()) ? 0 : l.backwardMs()));
        }
        max = max > 0 ? max : 1;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(String.format(Locale.ROOT, "%s, batch %d, %s: forward %.2f ms, backward %s ms (medians)",
                    r.net(), r.batch(), r.device(), r.forwardMs(), fmt(r.backwardMs())), 10, 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            double scale = (width - left - 70) / max;
            Color fwd = new Color(0x1f77b4);
            Color bwd = new Color(0xff7f0e);
            for (int i = 0; i < layers.size(); i++) {
                NetTimer.LayerTiming l = layers.get(i);
                int y = top + i * rowH;
                g.setColor(Color.DARK_GRAY);
                String name = l.name().length() > 36 ? l.name().substring(0, 35) + "~" : l.name();
                g.drawString(name, 5, y + 10);
                g.setColor(fwd);
                g.fillRect(left, y + 1, (int) Math.round(l.forwardMs() * scale), 6);
                if (!Double.isNaN(l.backwardMs())) {
                    g.setColor(bwd);
                    g.fillRect(left, y + 7, (int) Math.round(l.backwardMs() * scale), 6);
                }
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawLine(left, top - 4, left, top + rowH * layers.size());
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "0 .. %.2f ms;  forward = blue, backward = orange", max), left,
                    height - 10);
        } finally {
            g.dispose();
        }
        return img;
    }
}
