package org.convscope.bench;

import org.convscope.tensor.Tensor;
import org.openjdk.jmh.annotations.Param;

/**
 * The fully connected layers as GEMMs on the OpenCL device: forward
 * {@code y (N x out) = x (N x in) * W^T} with W stored out x in (gemm with transB), and
 * backward-data {@code dx (N x in) = dy (N x out) * W}. At batch 1 the weights are read once
 * and nothing is reused: the op is memory-bound, so GB/s against the bandwidth (31 GB/s unless
 * {@code -Dconvscope.bandwidthGBs}) is the figure that matters.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.convscope.bench.OpenClGemmBench
 * </pre>
 */
public class OpenClGemmBench extends OpenClOpBench {

    @Param({"alexnet.fc6", "alexnet.fc7", "alexnet.fc8", "vgg16.fc6"})
    public String layer;

    @Param({"forward", "backwardData"})
    public String op;

    @Param({"1"})
    public int batch;

    /** GEMM kernel variant: 0 lets the device choose. */
    @Param({"0"})
    public int variant;

    private OpenClLayers.Fc fc;
    private Tensor x;
    private Tensor w;
    private Tensor y;

    @Override
    protected void prepare() {
        device.useVariant("gemm", variant);
        fc = OpenClLayers.FCS.get(layer);
        x = Tensor.uniform(device, 1, -1, 1, batch, fc.in());
        w = Tensor.uniform(device, 2, -0.1f, 0.1f, fc.out(), fc.in());
        y = Tensor.uniform(device, 3, -1, 1, batch, fc.out());
    }

    @Override
    protected Object op() {
        if (op.equals("forward")) {
            device.gemm(false, true, batch, fc.out(), fc.in(), 1f, x, w, 0f, y);
            return y;
        }
        device.gemm(false, false, batch, fc.in(), fc.out(), 1f, y, w, 0f, x);
        return x;
    }

    public static void main(String[] args) throws Exception {
        OpenClBenchReport.runAndPrint(OpenClGemmBench.class, args,
                p -> OpenClLayers.FCS.get(p.getParam("layer")).flops(Integer.parseInt(p.getParam("batch"))),
                p -> OpenClLayers.FCS.get(p.getParam("layer")).bytes(Integer.parseInt(p.getParam("batch"))));
    }
}
