package org.convscope.app.explore;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.convscope.app.cli.CliRun;
import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.data.Shapes;
import org.convscope.tensor.Devices;
import org.convscope.vis.demo.DemoModel;

/** What the explorer tests share: a server on the demo model (CPU device), drawn photos, the CLI. */
final class Explorers {
    private Explorers() {
    }

    /** A server on any free port of 127.0.0.1 with uploads up to {@code maxUpload} bytes, {@code given} offered. */
    static ExplorerServer demoServer(long maxUpload, List<Path> given) throws IOException {
        Net net = DemoModel.load(Devices.cpu());
        return ExplorerServer.start(net, "demo", DemoModel.preprocessing(), ClassNames.of(Shapes.CLASSES),
                ExplorerServer.Settings.defaults().withPort(0).withMaxUploadBytes(maxUpload), given);
    }

    /**
     * A drawn "photo": a shape on a shaded background, {@code w x h}, written as JPEG (.jpg) or PNG.
     *
     * @param seed varies the colours and the shape's place
     */
    static Path photo(Path dir, String name, int w, int h, int seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(40 + seed * 13 % 80, 60, 90), w, h, new Color(200, 190 - seed * 7 % 60, 150)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(250, 240, 40 + seed * 31 % 150));
        int cx = w / 2 + (seed % 5 - 2) * w / 20;
        int cy = h / 2;
        int r = Math.min(w, h) / 3;
        g.fillPolygon(new int[] {cx, cx - r, cx + r}, new int[] {cy - r, cy + r, cy + r}, 3);
        g.setStroke(new BasicStroke(3));
        g.setColor(Color.DARK_GRAY);
        g.drawOval(w / 8, h / 8, r, r);
        g.dispose();
        Path f = dir.resolve(name);
        String format = name.endsWith(".jpg") ? "jpg" : "png";
        if (!ImageIO.write(img, format, f.toFile())) {
            throw new IOException("no writer for " + format);
        }
        return f;
    }

    /** Runs a convscope command in this JVM; fails the test on a non-zero exit. */
    static String cli(String... args) {
        CliRun r = CliRun.run(args);
        if (r.exit() != 0) {
            throw new AssertionError("convscope " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
        }
        return r.out();
    }

    static byte[] read(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
