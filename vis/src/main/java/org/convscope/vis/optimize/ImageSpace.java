package org.convscope.vis.optimize;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convscope.nn.Preprocessing;
import org.convscope.tensor.ChannelOrder;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Images;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.Pictures;

/**
 * The input space of an image optimization: images read and preprocessed as the net expects them
 * (grey nets get grey), the start images (black, the mean, seeded noise, a file), the valid range of
 * the pixels, and the pictures an iterate is shown as, enlarged until the longer side is at least
 * {@code minSide}; and a written picture read back as the net sees its 0-255 pixels.
 */
public class ImageSpace {
    /** The device tensors are made on. */
    public final Device device;
    /** The net's preprocessing. */
    public final Preprocessing pre;
    /** The net's input shape, 1 x C x crop x crop. */
    public final Shape inputShape;
    /** Whether the net takes one (grey) channel. */
    public final boolean grey;
    /** Pictures are enlarged (whole pixels) until the longer side is at least this. */
    public final int minSide;

    public ImageSpace(Device device, Preprocessing pre, Shape inputShape, boolean grey, int minSide) {
        this.device = device;
        this.pre = pre;
        this.inputShape = inputShape;
        this.grey = grey;
        this.minSide = minSide;
    }

    /** Reads and preprocesses an image as the net expects it (grey nets get grey). */
    public Tensor image(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot read image " + file + ": no such file");
        }
        BufferedImage img;
        try {
            img = Images.readImage(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        return grey ? pre.applyGrey(img, device) : pre.apply(img, device);
    }

    /**
     * A start image, preprocessed: {@code zeros} (black pixels), {@code mean} (the mean image,
     * 0 after preprocessing), {@code noise} (the mean plus Gaussian noise of {@code noiseStd} grey
     * levels, seeded) or {@code image} (the file, preprocessed).
     */
    public Tensor start(String kind, double noiseStd, Path file, long seed) throws IOException {
        switch (kind) {
            case "mean":
                return Tensor.zeros(device, inputShape.dims());
            case "zeros": {
                BufferedImage black = new BufferedImage(pre.resize(), pre.resize(), BufferedImage.TYPE_INT_RGB);
                return grey ? pre.applyGrey(black, device) : pre.apply(black, device);
            }
            case "noise":
                return Tensor.normal(device, seed, 0f, (float) (noiseStd * pre.scale()), inputShape.dims());
            case "image":
                if (file == null) {
                    throw new IllegalArgumentException("--start image needs --image FILE");
                }
                return image(file);
            default:
                throw new IllegalArgumentException("--start must be zeros, mean, noise or image, not '" + kind + "'");
        }
    }

    /**
     * The valid input range, one interval for all channels (the device clamps with two scalars):
     * pixels 0-255 after the mean and scale, the widest over channels when the mean differs by channel.
     */
    public float[] box() {
        float[] m = pre.meanBgr() != null ? pre.meanBgr() : pre.meanImage();
        if (m == null) {
            return new float[] {0, 255 * pre.scale()};
        }
        float mn = Float.POSITIVE_INFINITY;
        float mx = Float.NEGATIVE_INFINITY;
        for (float v : m) {
            mn = Math.min(mn, v);
            mx = Math.max(mx, v);
        }
        return new float[] {(0 - mx) * pre.scale(), (255 - mn) * pre.scale()};
    }

    /** The pixels a preprocessed tensor stands for (clamped to 0-255), enlarged. */
    public BufferedImage pixels(Tensor x) {
        return enlarge(pre.deprocess(x));
    }

    /** A preprocessed tensor stretched to the full range (min..max of all channels), enlarged. */
    public BufferedImage stretched(Tensor x) {
        return enlarge(Pictures.fromTensor(x.to(Devices.cpu()), ChannelOrder.BGR,
                Display.of(Display.Mode.NORM)));
    }

    /** A signed tensor with 0 at grey, {@code 0.5 + 0.5 x / max|x|} per channel, enlarged. */
    public BufferedImage centred(Tensor x) {
        return enlarge(Pictures.fromTensor(x.to(Devices.cpu()), ChannelOrder.BGR,
                Display.of(grey ? Display.Mode.GRAY : Display.Mode.CENTRED)));
    }

    public BufferedImage enlarge(BufferedImage img) {
        return Pictures.upscale(img, Pictures.upscaleFactor(img.getHeight(), img.getWidth(), minSide));
    }

    /**
     * A picture this run wrote with {@link #pixels}, read back from its file as the net sees it:
     * the enlargement undone (every f-th pixel of a picture enlarged f times), then the preprocessing
     * without its resize (the picture already has the input's size). So a score measured on it is the
     * score of the 0-255 pixels the file holds.
     */
    public Tensor readBack(Path file) throws IOException {
        BufferedImage img = Images.readImage(file);
        int side = inputShape.w();
        int f = Math.max(1, img.getWidth() / side);
        BufferedImage small = new BufferedImage(side, inputShape.h(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < inputShape.h(); y++) {
            for (int x = 0; x < side; x++) {
                small.setRGB(x, y, img.getRGB(x * f, y * f));
            }
        }
        Preprocessing same = new Preprocessing(0, pre.crop(), pre.meanBgr(), pre.meanImage(), pre.meanShape(),
                pre.scale());
        return grey ? same.applyGrey(small, device) : same.apply(small, device);
    }
}
