package org.convscope.bench;

import java.util.List;

import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.openjdk.jmh.annotations.Param;

/**
 * The OpenCL device's other ops at the sizes the visualizations use them: a VGG16 conv1 feature
 * map at 256 x 256 (64 x 256 x 256, 4M floats) for the reductions, per-pixel maps, |x|^p and
 * channel concat/split; a 3 x 256 x 256 image for total variation; the Gram matrix and its
 * backward pass of conv1_1 (64 x 256^2) and conv4_1 (512 x 32^2). They do little arithmetic per
 * byte: the figure is GB/s (inputs read once, outputs written once; the Gram matrix counts its
 * 2 C^2 HW flops too).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.convscope.bench.OpenClOpsBench
 * </pre>
 */
public class OpenClOpsBench extends OpenClOpBench {
    static final Shape MAP = Shape.of(1, 64, 256, 256);
    static final Shape IMAGE = Shape.of(1, 3, 256, 256);
    static final Shape DEEP = Shape.of(1, 512, 32, 32);

    @Param({"sum", "dot", "max", "countBelow", "channelNorm", "channelDot", "absPow", "absPowGradient",
        "concatChannels", "splitChannels", "totalVariation", "totalVariation.beta1.5", "gram.conv1_1", "gram.conv4_1",
        "gramBackward.conv1_1", "gramBackward.conv4_1"})
    public String op;

    private Tensor a;
    private Tensor b;
    private Tensor y;
    private Tensor map;
    private Tensor both;
    private Tensor image;
    private Tensor imageGrad;
    private Tensor deep;
    private Tensor deepGrad;
    private Tensor g64;
    private Tensor g512;

    @Override
    protected void prepare() {
        a = Tensor.uniform(device, 1, -1, 1, MAP.dims());
        b = Tensor.uniform(device, 2, -1, 1, MAP.dims());
        y = device.allocate(MAP);
        map = device.allocate(Shape.of(1, 1, 256, 256));
        both = device.allocate(Shape.of(1, 128, 256, 256));
        image = Tensor.uniform(device, 3, -100, 100, IMAGE.dims());
        imageGrad = device.allocate(IMAGE);
        deep = Tensor.uniform(device, 4, -1, 1, DEEP.dims());
        deepGrad = device.allocate(DEEP);
        g64 = Tensor.uniform(device, 5, -1, 1, 1, 64, 64);
        g512 = Tensor.uniform(device, 6, -1, 1, 1, 512, 512);
    }

    /** Bytes read and written once by the op. */
    static double bytes(String op) {
        double m = 4.0 * MAP.size();
        double img = 4.0 * IMAGE.size();
        return switch (op) {
            case "sum", "max", "countBelow" -> m;
            case "dot" -> 2 * m;
            case "channelNorm" -> m + m / 64;
            case "channelDot" -> 2 * m + m / 64;
            case "absPow", "absPowGradient" -> 2 * m;
            case "concatChannels", "splitChannels" -> 4 * m;
            case "totalVariation", "totalVariation.beta1.5" -> 2 * img;
            case "gram.conv1_1" -> m;
            case "gram.conv4_1" -> 4.0 * DEEP.size();
            case "gramBackward.conv1_1" -> 2 * m;
            default -> 2 * 4.0 * DEEP.size();
        };
    }

    /** The Gram matrix's flops (2 C^2 HW), 0 for the rest. */
    static double flops(String op) {
        if (op.endsWith("conv1_1")) {
            return 2.0 * 64 * 64 * 256 * 256;
        }
        return op.endsWith("conv4_1") ? 2.0 * 512 * 512 * 32 * 32 : 0;
    }

    @Override
    protected Object op() {
        return switch (op) {
            case "sum" -> device.sum(a);
            case "dot" -> device.dot(a, b);
            case "max" -> device.max(a);
            case "countBelow" -> device.countBelow(a, 0.25f);
            case "channelNorm" -> {
                device.channelNorm(a, map);
                yield map;
            }
            case "channelDot" -> {
                device.channelDot(a, b, map);
                yield map;
            }
            case "absPow" -> {
                device.absPow(a, 6f, y);
                yield y;
            }
            case "absPowGradient" -> {
                device.absPowGradient(a, 6f, y);
                yield y;
            }
            case "concatChannels" -> {
                device.concatChannels(List.of(a, b), both);
                yield both;
            }
            case "splitChannels" -> {
                device.splitChannels(both, List.of(y, b));
                yield y;
            }
            case "totalVariation" -> device.totalVariation(image, 2f, imageGrad);
            case "totalVariation.beta1.5" -> device.totalVariation(image, 1.5f, imageGrad);
            case "gram.conv1_1" -> {
                device.gram(a, g64);
                yield g64;
            }
            case "gram.conv4_1" -> {
                device.gram(deep, g512);
                yield g512;
            }
            case "gramBackward.conv1_1" -> {
                device.gramBackward(a, g64, y);
                yield y;
            }
            default -> {
                device.gramBackward(deep, g512, deepGrad);
                yield deepGrad;
            }
        };
    }

    public static void main(String[] args) throws Exception {
        OpenClBenchReport.runAndPrint(OpenClOpsBench.class, args, p -> flops(p.getParam("op")), p -> bytes(p.getParam("op")));
    }
}
