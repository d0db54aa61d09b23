package org.convscope.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One convolution layer's shapes, shared by the tests ({@code @MethodSource}) and the benchmarks
 * ({@code @Param} over {@link #name()}), with the work it does counted once.
 *
 * <p>Input N x C x H x W, weights K x C/groups x kh x kw, square stride and pad; output
 * N x K x Ho x Wo with {@code Ho = (H + 2*pad - kh)/stride + 1}.
 *
 * @param name   unique, {@code <net>.<layer>}: {@code alexnet.conv1}, {@code vgg16.conv3_2}
 * @param n      batch
 * @param c      input channels
 * @param h      input height
 * @param w      input width
 * @param k      output channels (filters)
 * @param kh     kernel height
 * @param kw     kernel width
 * @param stride stride, both axes
 * @param pad    zero padding, both axes
 * @param groups channel groups
 */
public record ConvCase(String name, int n, int c, int h, int w, int k, int kh, int kw, int stride, int pad,
                       int groups) {

    // SqueezeNet v1.0's Fire modules, declared first (the lists below are built from it): {fire module,
    // input channels, squeeze channels, expand channels (each branch), map size}
    private static final int[][] FIRES = {{2, 96, 16, 64, 55}, {3, 128, 16, 64, 55}, {4, 128, 32, 128, 55},
        {5, 256, 32, 128, 27}, {6, 256, 48, 192, 27}, {7, 384, 48, 192, 27}, {8, 384, 64, 256, 27},
        {9, 512, 64, 256, 13}};

    /** The five convolutions of AlexNet (Krizhevsky 2012, the BVLC/CaffeNet layout), batch 1. */
    public static final List<ConvCase> ALEXNET = List.of(
            new ConvCase("alexnet.conv1", 1, 3, 227, 227, 96, 11, 11, 4, 0, 1),
            new ConvCase("alexnet.conv2", 1, 96, 27, 27, 256, 5, 5, 1, 2, 2),
            new ConvCase("alexnet.conv3", 1, 256, 13, 13, 384, 3, 3, 1, 1, 1),
            new ConvCase("alexnet.conv4", 1, 384, 13, 13, 384, 3, 3, 1, 1, 2),
            new ConvCase("alexnet.conv5", 1, 384, 13, 13, 256, 3, 3, 1, 1, 2));

    /** The thirteen convolutions of VGG16 (Simonyan and Zisserman 2014), all 3x3 pad 1, batch 1. */
    public static final List<ConvCase> VGG16 = vgg16();

    /** The 1x1 convolutions of SqueezeNet v1.0 (each Fire module's squeeze and 1x1 expand, conv_final), batch 1. */
    public static final List<ConvCase> SQUEEZENET_POINTWISE = squeezenetPointwise();

    /** A sample of GoogLeNet's 1x1 convolutions (reductions and 1x1 branches on every map size), batch 1. */
    public static final List<ConvCase> GOOGLENET_POINTWISE = List.of(
            pointwise("googlenet.conv2/3x3_reduce", 64, 56, 64),
            pointwise("googlenet.inception_3a/1x1", 192, 28, 64),
            pointwise("googlenet.inception_3a/3x3_reduce", 192, 28, 96),
            pointwise("googlenet.inception_3a/5x5_reduce", 192, 28, 16),
            pointwise("googlenet.inception_3a/pool_proj", 192, 28, 32),
            pointwise("googlenet.inception_3b/1x1", 256, 28, 128),
            pointwise("googlenet.inception_4a/1x1", 480, 14, 192),
            pointwise("googlenet.inception_4e/1x1", 528, 14, 256),
            pointwise("googlenet.inception_5b/1x1", 832, 7, 384),
            pointwise("googlenet.inception_5b/pool_proj", 832, 7, 128));

    /** The strided 7x7 first layers of SqueezeNet v1.0 and GoogLeNet, batch 1. */
    public static final List<ConvCase> FIRST_LAYERS = List.of(
            new ConvCase("squeezenet.conv1", 1, 3, 227, 227, 96, 7, 7, 2, 0, 1),
            new ConvCase("googlenet.conv1/7x7_s2", 1, 3, 224, 224, 64, 7, 7, 2, 3, 1));

    /** SqueezeNet v1.0's 3x3 expand layers (each Fire module's conv3x3_2, padded by 1), batch 1. */
    public static final List<ConvCase> SQUEEZENET_EXPAND = squeezenetExpand();

    private static final Map<String, ConvCase> BY_NAME = Stream.of(ALEXNET, VGG16, SQUEEZENET_POINTWISE,
                    GOOGLENET_POINTWISE, FIRST_LAYERS, SQUEEZENET_EXPAND).flatMap(List::stream)
            .collect(Collectors.toUnmodifiableMap(ConvCase::name, Function.identity()));

    public ConvCase {
        if (n < 1 || c < 1 || h < 1 || w < 1 || k < 1 || kh < 1 || kw < 1 || stride < 1 || pad < 0 || groups < 1
                || c % groups != 0 || k % groups != 0) {
            throw new IllegalArgumentException("ConvCase " + name + ": invalid sizes N=" + n + " C=" + c + " H=" + h
                    + " W=" + w + " K=" + k + " kernel " + kh + "x" + kw + " stride " + stride + " pad " + pad
                    + " groups " + groups);
        }
    }

    private static List<ConvCase> vgg16() {
        // {block, convs in block, input channels of the block, output channels, spatial size}
        int[][] blocks = {{1, 2, 3, 64, 224}, {2, 2, 64, 128, 112}, {3, 3, 128, 256, 56},
                {4, 3, 256, 512, 28}, {5, 3, 512, 512, 14}};
        List<ConvCase> list = new ArrayList<>();
        for (int[] b : blocks) {
            for (int i = 1; i <= b[1]; i++) {
                int in = i == 1 ? b[2] : b[3];
                list.add(new ConvCase("vgg16.conv" + b[0] + "_" + i, 1, in, b[4], b[4], b[3], 3, 3, 1, 1, 1));
            }
        }
        return List.copyOf(list);
    }

    private static ConvCase pointwise(String name, int c, int size, int k) {
        return new ConvCase(name, 1, c, size, size, k, 1, 1, 1, 0, 1);
    }

    private static List<ConvCase> squeezenetExpand() {
        List<ConvCase> list = new ArrayList<>();
        for (int[] f : FIRES) {
            list.add(new ConvCase("squeezenet.fire" + f[0] + "/conv3x3_2", 1, f[2], f[4], f[4], f[3], 3, 3, 1, 1, 1));
        }
        return List.copyOf(list);
    }

    private static List<ConvCase> squeezenetPointwise() {
        List<ConvCase> list = new ArrayList<>();
        for (int[] f : FIRES) {
            list.add(pointwise("squeezenet.fire" + f[0] + "/conv1x1_1", f[1], f[4], f[2]));
            list.add(pointwise("squeezenet.fire" + f[0] + "/conv1x1_2", f[2], f[4], f[3]));
        }
        list.add(pointwise("squeezenet.conv_final", 512, 13, 1000));
        return List.copyOf(list);
    }

    /**
     * The case of that name from {@link #ALEXNET}, {@link #VGG16}, {@link #SQUEEZENET_POINTWISE},
     * {@link #GOOGLENET_POINTWISE}, {@link #FIRST_LAYERS} or {@link #SQUEEZENET_EXPAND}.
     */
    public static ConvCase byName(String name) {
        ConvCase c = BY_NAME.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown conv case '" + name + "'; known: "
                    + BY_NAME.keySet().stream().sorted().collect(Collectors.joining(", ")));
        }
        return c;
    }

    /** The same layer at another batch size. */
    public ConvCase withBatch(int batch) {
        return new ConvCase(name, batch, c, h, w, k, kh, kw, stride, pad, groups);
    }

    public ConvSpec spec() {
        return ConvSpec.of(stride, pad, groups);
    }

    public Shape inputShape() {
        return Shape.of(n, c, h, w);
    }

    public Shape weightShape() {
        return Shape.of(k, c / groups, kh, kw);
    }

    public Shape outputShape() {
        return spec().outputShape(inputShape(), weightShape());
    }

    /** Multiply-adds of the forward pass: {@code N*K*Ho*Wo * (C/groups)*kh*kw}; backward-data and backward-weights do as many. */
    public long multiplyAdds() {
        Shape o = outputShape();
        return (long) n * k * o.h() * o.w() * ((long) (c / groups) * kh * kw);
    }

    /** Floating-point operations of the forward pass (or of either gradient): 2 x multiply-adds. */
    public long flops() {
        return 2 * multiplyAdds();
    }

    /** Bytes the forward pass must move at least: input, weights, bias and output once each, float32. */
    public long bytes() {
        return 4L * (inputShape().size() + weightShape().size() + k + outputShape().size());
    }

    /** Flops per byte moved: above the machine's balance point (peak / bandwidth) the layer can be compute-bound. */
    public double arithmeticIntensity() {
        return (double) flops() / bytes();
    }

    @Override
    public String toString() {
        return name + " (" + inputShape() + " * " + weightShape() + " s" + stride + " p" + pad
                + (groups > 1 ? " g" + groups : "") + ")";
    }
}
