package org.convscope.nn;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import org.convscope.tensor.ChannelOrder;
import org.convscope.nn.caffe.BlobData;
import org.convscope.nn.caffe.CaffeModel;
import org.convscope.nn.io.Npy;
import org.convscope.tensor.Device;
import org.convscope.tensor.Images;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's input preprocessing for ImageNet models: image to a {@code 1 x 3 x crop x crop} tensor
 * in BGR order with values 0-255, resized to {@code resize x resize} (bilinear, half-pixel centres),
 * centre-cropped to {@code crop x crop}, minus a mean: either one value per channel (VGG: B 103.939,
 * G 116.779, R 123.68) or a mean image ({@code 3 x H x W} from a {@code .binaryproto} or {@code .npy},
 * resized to {@code resize x resize} if needed and centre-cropped the same way, as Caffe's test-time
 * data transformer does), then times {@code scale} (1 for ImageNet models, 1/256 for LeNet).
 *
 * <p>Greyscale images are replicated to three channels; an alpha channel is dropped.
 * {@link #deprocess} is the inverse, for showing an input-space result as a picture.
 *
 * @param resize    side of the resized square image (256); 0 keeps the image size
 * @param crop      side of the centre crop (227 for AlexNet/CaffeNet, 224 for VGG/GoogLeNet)
 * @param meanBgr   per-channel mean in B, G, R order, or null
 * @param meanImage a 3 x H x W mean image in BGR order, or null
 * @param scale     multiplier applied after the mean subtraction
 */
public record Preprocessing(int resize, int crop, float[] meanBgr, float[] meanImage, Shape meanShape, float scale) {

    /** Refuses a scale or mean that is NaN or infinite (it would turn every input into NaN). */
    public Preprocessing {
        org.convscope.tensor.Finite.require(scale, "the scale (--scale)");
        if (meanBgr != null) {
            org.convscope.tensor.Finite.require(meanBgr, new int[] {meanBgr.length}, "the per-channel mean (--mean-bgr)");
        }
    }

    /** VGG's per-channel mean, B G R. */
    public static final float[] VGG_MEAN_BGR = {103.939f, 116.779f, 123.68f};

    /** Resize to 256, crop {@code crop}, subtract a per-channel BGR mean. */
    public static Preprocessing withChannelMean(int crop, float[] meanBgr) {
        return new Preprocessing(256, crop, meanBgr.clone(), null, null, 1f);
    }

    /** Resize to 256, crop {@code crop}, subtract a mean image read from a {@code .binaryproto} or {@code .npy}. */
    public static Preprocessing withMeanFile(int crop, Path meanFile) throws IOException {
        float[] data;
        int[] dims;
        if (meanFile.toString().endsWith(".npy")) {
            Npy.Array a = Npy.read(meanFile);
            data = a.data();
            dims = a.shape();
        } else {
            BlobData b = CaffeModel.readBinaryProto(meanFile);
            data = b.data();
            dims = b.intDims();
        }
        org.convscope.tensor.Finite.require(data, dims, "mean file " + meanFile);
        if (dims.length == 4 && dims[0] == 1) {
            dims = new int[] {dims[1], dims[2], dims[3]};
        }
        if (dims.length != 3 || dims[0] != 3) {
            throw new IOException(meanFile + ": a mean image must be 3 x H x W (BGR), this one is "
                    + java.util.Arrays.toString(dims));
        }
        return new Preprocessing(256, crop, null, data, Shape.of(1, dims[0], dims[1], dims[2]), 1f);
    }

    /**
     * The standard preprocessing of a built-in net: VGG's channel mean at 224 for VGG and GoogLeNet,
     * at 227 for AlexNet/CaffeNet (the ImageNet mean image is the exact choice there: use
     * {@link #withMeanFile}), pixels/256 at 28 for LeNet; for SqueezeNet a plain resize to 227 x 227 (no crop) minus
     * B 104, G 117, R 123.
     */
    public static Preprocessing forBuiltin(String name) {
        return switch (BuiltinNets.canonical(name)) {
            case "alexnet", "caffenet" -> withChannelMean(227, new float[] {104.007f, 116.669f, 122.679f});
            case "lenet" -> new Preprocessing(0, 28, null, null, null, 0.00390625f);
            // the whole image resized to 227 x 227 (aspect ratio not kept, no crop), as the OpenCV goldens were made
            case BuiltinNets.SQUEEZENET -> new Preprocessing(227, 227, new float[] {104f, 117f, 123f}, null, null, 1f);
            default -> withChannelMean(224, VGG_MEAN_BGR);
        };
    }

    /**
     * Reads and preprocesses an image file ({@link Images#read}: greyscale replicated, alpha dropped,
     * progressive JPEGs included).
     *
     * @throws IllegalArgumentException for a file that is not an image or fails to decode (named)
     */
    public Tensor apply(Path imageFile, Device device) throws IOException {
        return finish(Images.read(imageFile, ChannelOrder.BGR, device), device);
    }

    /** Preprocesses an image to {@code 1 x 3 x crop x crop} (use {@link #applyGrey} for one-channel nets). */
    public Tensor apply(BufferedImage img, Device device) {
        return finish(Images.fromImage(img, ChannelOrder.BGR, device), device);
    }

    /** Preprocesses an image for a one-channel net (BT.601 luma as grey), {@code 1 x 1 x crop x crop}. */
    public Tensor applyGrey(BufferedImage img, Device device) {
        return finish(Images.fromImageGray(img, device), device);
    }

    private Tensor finish(Tensor x, Device d) {
        Tensor r = x;
        if (resize > 0 && (x.shape().h() != resize || x.shape().w() != resize)) {
            r = d.allocate(Shape.of(1, x.shape().c(), resize, resize));
            d.resizeBilinear(x, r);
        }
        Tensor c = centreCrop(r, crop, d);
        if (meanBgr != null) {
            float[] v = c.toArray();
            int plane = crop * crop;
            for (int ch = 0; ch < c.shape().c(); ch++) {
                for (int i = 0; i < plane; i++) {
                    v[ch * plane + i] -= meanBgr[ch];
                }
            }
            d.write(c, v);
        } else if (meanImage != null) {
            Tensor m = Tensor.of(d, meanImage, meanShape.dims());
            if (resize > 0 && (meanShape.h() != resize || meanShape.w() != resize)) {
                Tensor mr = d.allocate(Shape.of(1, 3, resize, resize));
                d.resizeBilinear(m, mr);
                m = mr;
            }
            d.sub(c, centreCrop(m, crop, d), c);
        }
        if (scale != 1f) {
            d.scale(c, scale, c);
        }
        return c;
    }

    private static Tensor centreCrop(Tensor x, int crop, Device d) {
        int h = x.shape().h();
        int w = x.shape().w();
        if (h == crop && w == crop) {
            return x.to(d);
        }
        Tensor y = d.allocate(Shape.of(x.shape().n(), x.shape().c(), crop, crop));
        d.cropPad(x, (h - crop) / 2, (w - crop) / 2, 0f, y);
        return y;
    }

    /**
     * The inverse for display: {@code x / scale + mean} (a mean image centre-cropped like the
     * input), as an image ({@link Images#toImage}: BGR to RGB, clamped to 0-255).
     */
    public BufferedImage deprocess(Tensor x) {
        Shape s = x.shape();
        int h = s.h();
        int w = s.w();
        int channels = s.c();
        float[] v = x.toArray();
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    int i = (c * h + y) * w + xx;
                    float m = 0f;
                    if (meanImage != null && meanShape.h() >= h && meanShape.w() >= w) {
                        int top = (meanShape.h() - h) / 2;
                        int left = (meanShape.w() - w) / 2;
                        m = meanImage[(c * meanShape.h() + y + top) * meanShape.w() + xx + left];
                    } else if (meanBgr != null) {
                        m = meanBgr[c];
                    }
                    v[i] = v[i] / scale + m;
                }
            }
        }
        return Images.toImage(Tensor.of(org.convscope.tensor.Devices.cpu(), v, 1, channels, h, w),
                ChannelOrder.BGR);
    }
}
