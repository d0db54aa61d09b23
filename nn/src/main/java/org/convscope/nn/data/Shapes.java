package org.convscope.nn.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A procedural data set of coloured shapes, generated from a seed: image {@code i} is drawn from a
 * generator seeded by {@code (seed, i)} alone, so the same seed gives the same images in any order
 * and a fresh seed gives a fresh held-out set. Labels cycle through the classes ({@code i mod 10}),
 * so every class is equally present.
 *
 * <p>Each image ({@code 3 x size x size}, BGR, 0-255): a textured background (a linear gradient
 * between two random colours, a few faint random blotches, pixel noise), then one shape in a random
 * colour that differs clearly from the background, at a random size, position and rotation:
 * <ol start="0">
 * <li>circle (a filled disk)</li><li>square</li><li>triangle</li><li>star (five points)</li>
 * <li>cross (a plus)</li><li>horizontal stripes</li><li>vertical stripes</li><li>checkerboard</li>
 * <li>dots (several small disks)</li><li>ring</li>
 * </ol>
 * Stripes keep within 12 degrees of their orientation; every class is unchanged by a horizontal flip.
 */
public final class Shapes extends SquareColourImages {
    /** The class names, in label order. */
    public static final List<String> CLASSES = List.of("circle", "square", "triangle", "star", "cross",
            "horizontal_stripes", "vertical_stripes", "checkerboard", "dots", "ring");
    private final long seed;
    private final int count;

    /** {@code count} images of {@code size x size} (64 for the demo model) from {@code seed}. */
    public Shapes(long seed, int count, int size) {
        super(size);
        if (count < 0 || size < 24) {
            throw new IllegalArgumentException("shapes: count " + count + " (>= 0), size " + size + " (>= 24)");
        }
        this.seed = seed;
        this.count = count;
    }

    public long seed() {
        return seed;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public List<String> classNames() {
        return CLASSES;
    }

    @Override
    public int label(int i) {
        check(i);
        return i % CLASSES.size();
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("image " + i + " of " + count);
        }
    }

    @Override
    public void image(int i, float[] dst, int offset) {
        BufferedImage img = render(i);
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = img.getRGB(x, y);
                int p = offset + y * size + x;
                dst[p] = rgb & 0xff;
                dst[p + plane] = (rgb >> 8) & 0xff;
                dst[p + 2 * plane] = (rgb >> 16) & 0xff;
            }
        }
    }

    /** Image {@code i} as a picture (RGB). */
    public BufferedImage render(int i) {
        check(i);
        SplittableRandom r = new SplittableRandom(mix(seed, i));
        int label = label(i);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        // background: gradient + faint blotches
        Color b1 = randomColour(r);
        Color b2 = jitter(b1, r, 60);
        float angle = (float) (r.nextDouble() * 2 * Math.PI);
        float c = size / 2f;
        g.setPaint(new GradientPaint(c - (float) Math.cos(angle) * c, c - (float) Math.sin(angle) * c, b1,
                c + (float) Math.cos(angle) * c, c + (float) Math.sin(angle) * c, b2));
        g.fillRect(0, 0, size, size);
        int blotches = r.nextInt(2, 6);
        for (int k = 0; k < blotches; k++) {
            Color bc = jitter(b1, r, 40);
            g.setColor(new Color(bc.getRed(), bc.getGreen(), bc.getBlue(), 70));
            double br = size * (0.1 + 0.2 * r.nextDouble());
            g.fill(new Ellipse2D.Double(r.nextDouble() * size - br, r.nextDouble() * size - br, 2 * br,
                    2 * br * (0.5 + r.nextDouble())));
        }
        // the shape, in a colour far from the background's
        Color fg;
        do {
            fg = randomColour(r);
        } while (distance(fg, b1) < 150 || distance(fg, b2) < 120);
        g.setColor(fg);
        double rad = size * (0.16 + 0.2 * r.nextDouble());
        double margin = rad + 2 + size / 16.0; // stays whole in a crop of 7/8 of the side
        double cx = margin + r.nextDouble() * (size - 2 * margin);
        double cy = margin + r.nextDouble() * (size - 2 * margin);
        double rot = r.nextDouble() * 2 * Math.PI;
        AffineTransform at = new AffineTransform();
        at.translate(cx, cy);
        switch (label) {
            case 0 -> g.fill(new Ellipse2D.Double(cx - rad, cy - rad, 2 * rad, 2 * rad));
            case 1 -> {
                at.rotate(rot);
                double h = rad * 0.8;
                g.fill(at.createTransformedShape(new Rectangle2D.Double(-h, -h, 2 * h, 2 * h)));
            }
            case 2 -> {
                at.rotate(rot);
                g.fill(at.createTransformedShape(polygon(3, rad, rad, 0)));
            }
            case 3 -> {
                at.rotate(rot);
                g.fill(at.createTransformedShape(polygon(5, rad, rad * 0.42, 0)));
            }
            case 4 -> {
                at.rotate(rot);
                double w = rad * 0.22;
                Path2D p = new Path2D.Double();
                p.append(new Rectangle2D.Double(-rad, -w, 2 * rad, 2 * w), false);
                p.append(new Rectangle2D.Double(-w, -rad, 2 * w, 2 * rad), false);
                g.fill(at.createTransformedShape(p));
            }
            case 5, 6 -> {
                double tilt = Math.toRadians(r.nextDouble() * 24 - 12);
                at.rotate(label == 5 ? tilt : Math.PI / 2 + tilt);
                double period = 4 + r.nextInt(5);
                Path2D p = new Path2D.Double();
                for (double y = -rad; y < rad - period / 4; y += period) {
                    p.append(new Rectangle2D.Double(-rad, y, 2 * rad, period / 2), false);
                }
                g.fill(at.createTransformedShape(p));
            }
            case 7 -> {
                at.rotate(Math.toRadians(r.nextDouble() * 24 - 12));
                double cell = 4 + r.nextInt(5);
                int n = Math.max(2, (int) Math.round(2 * rad / cell));
                double h = n * cell / 2;
                Path2D p = new Path2D.Double();
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        if (((x + y) & 1) == 0) {
                            p.append(new Rectangle2D.Double(-h + x * cell, -h + y * cell, cell, cell), false);
                        }
                    }
                }
                g.fill(at.createTransformedShape(p));
            }
            case 8 -> {
                int n = r.nextInt(5, 11);
                for (int k = 0; k < n; k++) {
                    double dr = 1.8 + r.nextDouble() * 1.8;
                    double a = r.nextDouble() * 2 * Math.PI;
                    double d = Math.sqrt(r.nextDouble()) * (rad - dr);
                    g.fill(new Ellipse2D.Double(cx + Math.cos(a) * d - dr, cy + Math.sin(a) * d - dr, 2 * dr, 2 * dr));
                }
            }
            case 9 -> {
                double w = rad * (0.25 + 0.2 * r.nextDouble());
                g.setStroke(new BasicStroke((float) w));
                double m = rad - w / 2;
                g.draw(new Ellipse2D.Double(cx - m, cy - m, 2 * m, 2 * m));
            }
            default -> throw new IllegalStateException();
        }
        g.dispose();
        // pixel noise
        double sigma = 3 + 7 * r.nextDouble();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = img.getRGB(x, y);
                int rr = clamp(((rgb >> 16) & 0xff) + (int) Math.round(r.nextGaussian() * sigma));
                int gg = clamp(((rgb >> 8) & 0xff) + (int) Math.round(r.nextGaussian() * sigma));
                int bb = clamp((rgb & 0xff) + (int) Math.round(r.nextGaussian() * sigma));
                img.setRGB(x, y, (rr << 16) | (gg << 8) | bb);
            }
        }
        return img;
    }

    private static Path2D polygon(int points, double outer, double inner, double phase) {
        Path2D p = new Path2D.Double();
        int n = outer == inner ? points : 2 * points;
        for (int k = 0; k < n; k++) {
            double rr = outer == inner || k % 2 == 0 ? outer : inner;
            double a = phase - Math.PI / 2 + 2 * Math.PI * k / n;
            if (k == 0) {
                p.moveTo(Math.cos(a) * rr, Math.sin(a) * rr);
            } else {
                p.lineTo(Math.cos(a) * rr, Math.sin(a) * rr);
            }
        }
        p.closePath();
        return p;
    }

    private static Color randomColour(SplittableRandom r) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    private static Color jitter(Color c, SplittableRandom r, int amount) {
        return new Color(clamp(c.getRed() + r.nextInt(-amount, amount + 1)),
                clamp(c.getGreen() + r.nextInt(-amount, amount + 1)), clamp(c.getBlue() + r.nextInt(-amount, amount + 1)));
    }

    private static double distance(Color a, Color b) {
        int dr = a.getRed() - b.getRed();
        int dg = a.getGreen() - b.getGreen();
        int db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static long mix(long seed, long i) {
        long z = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
