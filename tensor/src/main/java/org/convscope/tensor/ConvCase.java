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

    /** The five convolutions of AlexNet (Krizhevsky 2012, the BVLC/CaffeNet layout), batch 1. */
    public static final List<ConvCase> ALEXNET = List.of(
            new ConvCase("alexnet.conv1", 1, 3, 227, 227, 96, 11, 11, 4, 0, 1),
            new ConvCase("alexnet.conv2", 1, 96, 27, 27, 256, 5, 5, 1, 2, 2),
            new ConvCase("alexnet.conv3", 1, 256, 13, 13, 384, 3, 3, 1, 1, 1),
            new ConvCase("alexnet.conv4", 1, 384, 13, 13, 384, 3, 3, 1, 1, 2),
            new ConvCase("alexnet.conv5", 1, 384, 13, 13, 256, 3, 3, 1, 1, 2));

    /** The thirteen convolutions of VGG16 (Simonyan and Zisserman 2014), all 3x3 pad 1, batch 1. */
    public static final List<ConvCase> VGG16 = vgg16();

    private static final Map<String, ConvCase> BY_NAME = Stream.concat(ALEXNET.stream(), VGG16.stream())
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

    /** The case of that name from {@link #ALEXNET} or {@link #VGG16}. */
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
