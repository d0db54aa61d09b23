package org.convscope.tensor;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.convscope.tensor.io.AtomicFiles;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Image files and {@link BufferedImage}s to and from tensors.
 *
 * <p>A colour tensor is {@code 1 x 3 x H x W} with values 0-255 as floats, its channels in the
 * {@link ChannelOrder} asked for (Caffe models want {@link ChannelOrder#BGR}); a greyscale
 * tensor is {@code 1 x 1 x H x W}. Reading:
 * <ul>
 * <li>an RGB image (any layout, palette included) gives its 8-bit sRGB values;</li>
 * <li>a greyscale image gives its stored grey levels (scaled to 0-255 for 16-bit files) in
 *     all three channels, read from the raster so that no colour conversion alters them;</li>
 * <li>an alpha channel is dropped, not composited: the colour values are taken as they are, as
 *     OpenCV's {@code imread(IMREAD_COLOR)} (and so Caffe's tools) read them;</li>
 * <li>CMYK, YCCK or any other colour space is refused with an {@link IllegalArgumentException}
 *     naming the file and the colour space, as is a file that no reader recognizes as an image,
 *     that fails to decode, or that the decoder reports as truncated (ImageIO's JPEG reader
 *     otherwise returns a truncated file's image with its missing part grey, warning only).</li>
 * </ul>
 * Writing clamps each value to {@code [0, 255]} and rounds it to the nearest integer (NaN
 * becomes 0). PNG files are written to a temporary file beside the target and then moved into
 * place, so a failed write leaves no partial file.
 */
public final class Images {

    /** ITU-R BT.601 luma weights (OpenCV's colour-to-grey conversion). */
    private static final double LUMA_R = 0.299;
    private static final double LUMA_G = 0.587;
    private static final double LUMA_B = 0.114;

    private Images() {
    }

    // ---------------------------------------------------------------- files

    /**
     * Reads an image file into a {@code 1 x 3 x H x W} tensor on {@code device}, values 0-255.
     *
     * @throws IllegalArgumentException when the file is not an image, fails to decode, or has an
     *                                  unsupported colour space (the message names the file)
     * @throws IOException              when the file cannot be read at all (missing, unreadable)
     */
    public static Tensor read(Path file, ChannelOrder order, Device device) throws IOException {
        return fromImage(readImage(file), order, device, file.toString());
    }

    /**
     * Reads an image file into a {@code 1 x 1 x H x W} greyscale tensor, values 0-255: a grey
     * image's own levels, or for a colour image the BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B}.
     *
     * @throws IllegalArgumentException as {@link #read}
     * @throws IOException              as {@link #read}
     */
    public static Tensor readGray(Path file, Device device) throws IOException {
        return fromImageGray(readImage(file), device, file.toString());
    }

    /**
     * Decodes an image file with ImageIO (JPEG incl. progressive, PNG, BMP, GIF).
     *
     * @throws IllegalArgumentException when the file is not an image, is truncated or fails to decode (named)
     * @throws IOException              when the file cannot be read at all
     */
    public static BufferedImage readImage(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return readImage(in, file.toString());
        }
    }

    /**
     * {@link #readImage(Path)} for the bytes of an image from elsewhere (a distributed file system, an
     * archive), named {@code name} in the messages. Does not close {@code in}.
     */
    public static BufferedImage readImage(InputStream in, String name) throws IOException {
        // an in-memory stream: ImageIO's default stream over an InputStream caches to a temporary file
        try (ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException(name + ": not an image (no image reader recognizes its contents)");
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName();
            List<String> truncation = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> {
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("truncat") || w.contains("premature end")) {
                    truncation.add(warning);
                }
            });
            BufferedImage image;
            try {
                reader.setInput(stream, true, true);
                checkSize(name, format, reader.getWidth(0), reader.getHeight(0));
                image = reader.read(0);
            } catch (IOException | RuntimeException e) {
                // a decoder's EOFException, IIOException or runtime failure on a corrupt file: the file's fault
                if (e instanceof ImageTooLargeException t) {
                    throw t;
                }
                throw new IllegalArgumentException(name + ": cannot decode as " + format
                        + " (" + e.getMessage() + "); the file is corrupt, or its colour space is neither RGB"
                        + " nor greyscale", e);
            } finally {
                reader.dispose();
            }
            if (!truncation.isEmpty()) {
                throw new IllegalArgumentException(name + ": truncated or corrupt " + format
                        + " image (" + String.join("; ", truncation) + ")");
            }
            return image;
        }
    }

    /**
     * The most pixels an image file may have, read from its header before anything is decoded:
     * the {@code convscope.image.maxPixels} system property, else 2^27 (134 million, e.g.
     * 16384 x 8192). A decoded image and its float tensor take about 16 bytes a pixel.
     */
    public static long maxPixels() {
        return Long.getLong("convscope.image.maxPixels", 1L << 27);
    }

    /** An image whose header declares more pixels than {@link #maxPixels()} or the heap can hold. */
    public static final class ImageTooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ImageTooLargeException(String message) {
            super(message);
        }
    }

    private static void checkSize(String file, String format, int w, int h) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException(file + ": " + format + " header declares a " + w + " x " + h + " image");
        }
        long pixels = (long) w * h;
        long bytes = 16L * pixels;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (pixels > maxPixels()) {
            throw new ImageTooLargeException(file + ": a " + w + " x " + h + " " + format + " image ("
                    + pixels / 1_000_000 + " megapixels) is larger than the limit of " + maxPixels() / 1_000_000
                    + " megapixels; scale it down first (or raise -Dconvscope.image.maxPixels)");
        }
        if (bytes > free) {
            throw new ImageTooLargeException(file + ": a " + w + " x " + h + " " + format + " image needs about "
                    + String.format(Locale.ROOT, "%.1f", bytes / 1e9) + " GB to decode and convert, the heap has "
                    + String.format(Locale.ROOT, "%.1f", free / 1e9) + " GB free; scale it down first or give Java"
                    + " more heap (CONVSCOPE_JAVA_OPTS=-Xmx...)");
        }
    }

    /**
     * Writes a {@code 1 x 3 x H x W} or {@code 1 x 1 x H x W} tensor (values 0-255) as a PNG file.
     *
     * @param order the tensor's channel order (ignored for one channel)
     */
    public static void writePng(Tensor t, ChannelOrder order, Path file) throws IOException {
        BufferedImage image = toImage(t, order);
        Path tmp = AtomicFiles.tempBeside(file);
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException(file + ": no PNG writer available");
            }
            AtomicFiles.moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---------------------------------------------------------------- BufferedImage -> tensor

    /** A {@code 1 x 3 x H x W} tensor of the image's values 0-255 (see the class comment for the rules). */
    public static Tensor fromImage(BufferedImage image, ChannelOrder order, Device device) {
        return fromImage(image, order, device, "image");
    }

    /** A {@code 1 x 1 x H x W} greyscale tensor of the image (see {@link #readGray}). */
    public static Tensor fromImageGray(BufferedImage image, Device device) {
        return fromImageGray(image, device, "image");
    }

    private static Tensor fromImage(BufferedImage image, ChannelOrder order, Device device, String name) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        float[] data = new float[3 * plane];
        if (isGray(image, name)) {
            float[] grey = greyLevels(image);
            for (int c = 0; c < 3; c++) {
                System.arraycopy(grey, 0, data, c * plane, plane);
            }
        } else {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            int red = order == ChannelOrder.RGB ? 0 : 2;
            int blue = 2 - red;
            for (int p = 0; p < plane; p++) {
                data[red * plane + p] = (argb[p] >> 16) & 0xff;
                data[plane + p] = (argb[p] >> 8) & 0xff;
                data[blue * plane + p] = argb[p] & 0xff;
            }
        }
        return Tensor.of(device, data, 1, 3, h, w);
    }

    private static Tensor fromImageGray(BufferedImage image, Device device, String name) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] data;
        if (isGray(image, name)) {
            data = greyLevels(image);
        } else {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            data = new float[h * w];
            for (int p = 0; p < data.length; p++) {
                data[p] = (float) (LUMA_R * ((argb[p] >> 16) & 0xff) + LUMA_G * ((argb[p] >> 8) & 0xff)
                        + LUMA_B * (argb[p] & 0xff));
            }
        }
        return Tensor.of(device, data, 1, 1, h, w);
    }

    /** True for a grey colour space, false for RGB; anything else is refused. */
    private static boolean isGray(BufferedImage image, String name) {
        ColorModel cm = image.getColorModel();
        int type = cm.getColorSpace().getType();
        if (type == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) {
            return true;
        }
        if (type == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3) {
            return false;
        }
        throw new IllegalArgumentException(name + ": unsupported colour space " + colourSpaceName(type)
                + " with " + cm.getNumComponents() + " components; only RGB and greyscale images are supported");
    }

    private static String colourSpaceName(int type) {
        return switch (type) {
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_CMY -> "CMY";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "Lab";
            case ColorSpace.TYPE_HSV -> "HSV";
            case ColorSpace.TYPE_XYZ -> "XYZ";
            default -> "type " + type;
        };
    }

    /** The first band of a grey raster, scaled from its bit depth to 0-255 (alpha, a second band, is ignored). */
    private static float[] greyLevels(BufferedImage image) {
        Raster raster = image.getRaster();
        int h = image.getHeight();
        int w = image.getWidth();
        int bits = image.getColorModel().getComponentSize(0);
        double scale = bits == 8 ? 1.0 : 255.0 / ((1L << bits) - 1);
        int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        float[] out = new float[h * w];
        for (int p = 0; p < out.length; p++) {
            out[p] = (float) (samples[p] * scale);
        }
        return out;
    }

    // ---------------------------------------------------------------- tensor -> BufferedImage

    /**
     * The image of a {@code 1 x 3 x H x W} ({@link BufferedImage#TYPE_INT_RGB}) or
     * {@code 1 x 1 x H x W} ({@link BufferedImage#TYPE_BYTE_GRAY}) tensor of values 0-255,
     * each clamped to {@code [0, 255]} and rounded.
     *
     * @param order the tensor's channel order (ignored for one channel)
     */
    public static BufferedImage toImage(Tensor t, ChannelOrder order) {
        Shape s = t.shape();
        if (s.rank() != 4 || s.n() != 1 || (s.c() != 1 && s.c() != 3)) {
            throw new IllegalArgumentException("toImage: tensor must be 1 x 3 x H x W or 1 x 1 x H x W, got " + s);
        }
        return toImage(t, 0, order);
    }

    /**
     * The image of item {@code n} of an {@code N x 3 x H x W} or {@code N x 1 x H x W} tensor of
     * values 0-255, each clamped to {@code [0, 255]} and rounded.
     */
    public static BufferedImage toImage(Tensor t, int n, ChannelOrder order) {
        Shape s = t.shape();
        if (s.rank() != 4 || (s.c() != 1 && s.c() != 3)) {
            throw new IllegalArgumentException("toImage: tensor must be N x 3 x H x W or N x 1 x H x W, got " + s);
        }
        if (n < 0 || n >= s.n()) {
            throw new IllegalArgumentException("toImage: item " + n + " is outside a batch of " + s.n() + " (" + s + ")");
        }
        int h = s.h();
        int w = s.w();
        int plane = h * w;
        float[] all = t.toArray();
        int base = n * s.c() * plane;
        if (s.c() == 1) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster raster = image.getRaster();
            int[] levels = new int[plane];
            for (int p = 0; p < plane; p++) {
                levels[p] = toByte(all[base + p]);
            }
            raster.setSamples(0, 0, w, h, 0, levels);
            return image;
        }
        int red = order == ChannelOrder.RGB ? 0 : 2;
        int blue = 2 - red;
        int[] rgb = new int[plane];
        for (int p = 0; p < plane; p++) {
            rgb[p] = toByte(all[base + red * plane + p]) << 16 | toByte(all[base + plane + p]) << 8
                    | toByte(all[base + blue * plane + p]);
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, rgb, 0, w);
        return image;
    }

    /** {@code round(clamp(v, 0, 255))}, NaN as 0. */
    static int toByte(float v) {
        if (!(v > 0)) {
            return 0;
        }
        if (v >= 255) {
            return 255;
        }
        return Math.round(v);
    }
}
