package org.convscope.vis.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.convscope.nn.DeviceCalibration;
import org.convscope.nn.NetTimer;

/**
 * A {@link NetTimer} result as people read it, like {@code caffe time}: a text table (per layer the
 * forward and backward median ms, GFLOP/s, GB/s and % of the device's calibrated peak, then the
 * totals), the same figures as a JSON-ready map, and a bar chart of the per-layer times.
 */
public final class TimingReport {
    private TimingReport() {
    }

    /** The table: one row per layer, then the totals. */
    public static String table(NetTimer.Result r, DeviceCalibration cal) {
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
    public static double percent(double gflops, double gbs, DeviceCalibration cal) {
        return 100 * Math.max(gflops / cal.gflops(), gbs / cal.gbs());
    }

    /** The figures of {@link #table} as nested maps and lists (net, device, batch, calibration, layers, total), for JSON. */
    public static Map<String, Object> toJson(NetTimer.Result r, DeviceCalibration cal) {
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
    public static BufferedImage chart(NetTimer.Result r) {
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
