package org.convscope.bench;

import org.convscope.tensor.ConvCase;
import org.convscope.tensor.Tensor;
import org.openjdk.jmh.annotations.Param;

/**
 * Convolution on the OpenCL device: forward, backward-data and backward-weights on the AlexNet
 * and VGG16 layers ({@link ConvCase}), with a kernel variant ({@code 0} = the device's choice).
 * Each op does {@link ConvCase#flops()} floating-point operations.
 *
 * <p>Run (prints ms, GFLOP/s and the fraction of the FMA peak: 233 GFLOP/s unless -Dconvscope.peakGflops):
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.convscope.bench.OpenClConvBench -p op=forward,backwardData
 * </pre>
 * Any JMH option works, e.g. {@code -p layer=vgg16.conv3_2 -p variant=3,4,5 -p batch=8} (v5, Winograd, counts
 * the direct convolution's operations, so its GFLOP/s can exceed the FMA peak).
 */
public class OpenClConvBench extends OpenClOpBench {

    @Param({"alexnet.conv1", "alexnet.conv2", "alexnet.conv3", "alexnet.conv4", "alexnet.conv5",
        "vgg16.conv1_1", "vgg16.conv1_2", "vgg16.conv2_1", "vgg16.conv2_2", "vgg16.conv3_1", "vgg16.conv3_2",
        "vgg16.conv3_3", "vgg16.conv4_1", "vgg16.conv4_2", "vgg16.conv4_3", "vgg16.conv5_1", "vgg16.conv5_2",
        "vgg16.conv5_3"})
    public String layer;

    @Param({"forward", "backwardData", "backwardWeights"})
    public String op;

    @Param({"1"})
    public int batch;

    /** Conv kernel variant: 0 lets the device choose, 1.. forces one. */
    @Param({"0"})
    public int variant;

    private ConvCase conv;
    private Tensor x;
    private Tensor w;
    private Tensor b;
    private Tensor y;

    @Override
    protected void prepare() {
        device.useVariant("conv", variant);
        conv = ConvCase.byName(layer).withBatch(batch);
        x = Tensor.uniform(device, 1, -1, 1, conv.inputShape().dims());
        w = Tensor.uniform(device, 2, -0.1f, 0.1f, conv.weightShape().dims());
        b = Tensor.uniform(device, 3, -1, 1, conv.k());
        y = Tensor.uniform(device, 4, -1, 1, conv.outputShape().dims());
    }

    @Override
    protected Object op() {
        switch (op) {
            case "forward" -> {
                device.conv2d(x, w, b, conv.spec(), y);
                return y;
            }
            case "backwardData" -> {
                device.conv2dBackwardData(y, w, conv.spec(), x);
                return x;
            }
            case "backwardWeights" -> {
                device.conv2dBackwardWeights(x, y, conv.spec(), w, false);
                return w;
            }
            default -> throw new IllegalArgumentException("op " + op);
        }
    }

    public static void main(String[] args) throws Exception {
        OpenClBenchReport.runAndPrint(OpenClConvBench.class, args,
                p -> ConvCase.byName(p.getParam("layer")).withBatch(Integer.parseInt(p.getParam("batch"))).flops(),
                null);
    }
}
