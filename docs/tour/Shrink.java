import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Copies a PNG, shrunk (never enlarged) so that its longer side is at most MAX pixels and with 5 bits
 * per colour channel (PNG then compresses photos to about half), for the tour's pictures:
 * {@code java docs/tour/Shrink.java IN OUT MAX}.
 */
public class Shrink {
    public static void main(String[] args) throws Exception {
        BufferedImage in = ImageIO.read(new File(args[0]));
        int max = Integer.parseInt(args[2]);
        double f = Math.min(1.0, (double) max / Math.max(in.getWidth(), in.getHeight()));
        BufferedImage out = in;
        // halve while more than twice too large (a plain bilinear step would skip pixels), then one step
        while (out.getWidth() * f < out.getWidth() / 2.0) {
            out = scale(out, out.getWidth() / 2, out.getHeight() / 2);
            f *= 2;
        }
        if (f < 1.0) {
            out = scale(out, (int) Math.round(out.getWidth() * f), (int) Math.round(out.getHeight() * f));
        }
        BufferedImage rgb = new BufferedImage(out.getWidth(), out.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                rgb.setRGB(x, y, out.getRGB(x, y) & 0xF8F8F8);
            }
        }
        ImageIO.write(rgb, "png", new File(args[1]));
    }

    private static BufferedImage scale(BufferedImage in, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(in, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
