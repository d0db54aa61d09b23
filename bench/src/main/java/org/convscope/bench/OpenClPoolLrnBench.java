package org.convscope.bench;

import org.convscope.tensor.IntTensor;
import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.openjdk.jmh.annotations.Param;

/**
 * Max pooling (with switches) and LRN on the OpenCL device at AlexNet's shapes, batch 1: pool1
 * (96 x 55 x 55, 3x3 stride 2), norm1 (96 x 55 x 55, 5 channels), pool5 (256 x 13 x 13). These
 * ops do little arithmetic per byte, so the figure is GB/s (input read once, outputs written
 * once) against the bandwidth (31 GB/s unless -Dconvscope.bandwidthGBs).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.convscope.bench.OpenClPoolLrnBench
 * </pre>
 */
public class OpenClPoolLrnBench extends OpenClOpBench {

    @Param({"alexnet.pool1", "alexnet.norm1", "alexnet.pool5", "alexnet.pool1.backward", "alexnet.norm1.backward",
        "squeezenet.pool1"})
    public String layer;

    private Tensor x;
    private Tensor y;
    private Tensor dy;
    private Tensor dx;
    private IntTensor switches;
    private PoolSpec pool;
    private LrnSpec lrn;

    @Override
    protected void prepare() {
        Shape in = layer.startsWith("alexnet.pool5") ? Shape.of(1, 256, 13, 13)
                : layer.startsWith("squeezenet.pool1") ? Shape.of(1, 96, 111, 111) : Shape.of(1, 96, 55, 55);
        x = Tensor.uniform(device, 1, -1, 1, in.dims());
        if (layer.contains("pool")) {
            pool = PoolSpec.of(3, 2, 0);
            Shape out = pool.outputShape(in);
            y = device.allocate(out);
            dy = Tensor.uniform(device, 2, -1, 1, out.dims());
            switches = device.allocateInt(out);
            device.maxPool(x, pool, y, switches);
        } else {
            lrn = LrnSpec.across(5, 1e-4f, 0.75f, 1f);
            y = device.allocate(in);
            dy = Tensor.uniform(device, 2, -1, 1, in.dims());
            device.lrn(x, lrn, y);
        }
        dx = device.allocate(in);
    }

    /** Bytes read and written once by the op. */
    static double bytes(String layer) {
        double in = layer.startsWith("alexnet.pool5") ? 256 * 13 * 13
                : layer.startsWith("squeezenet.pool1") ? 96 * 111 * 111 : 96 * 55 * 55;
        double poolOut = layer.startsWith("alexnet.pool5") ? 256 * 6 * 6
                : layer.startsWith("squeezenet.pool1") ? 96 * 55 * 55 : 96 * 27 * 27;
        return 4 * switch (layer) {
            case "alexnet.pool1", "alexnet.pool5", "squeezenet.pool1" -> in + 2 * poolOut; // x; y and switches
            case "alexnet.pool1.backward" -> 2 * poolOut + in;          // dy and switches; dx
            case "alexnet.norm1" -> 2 * in;                             // x; y
            default -> 4 * in;                                          // x, y, dy; dx
        };
    }

    @Override
    protected Object op() {
        switch (layer) {
            case "alexnet.pool1", "alexnet.pool5", "squeezenet.pool1" -> {
                device.maxPool(x, pool, y, switches);
                return y;
            }
            case "alexnet.pool1.backward" -> {
                device.maxUnpool(dy, switches, pool, dx);
                return dx;
            }
            case "alexnet.norm1" -> {
                device.lrn(x, lrn, y);
                return y;
            }
            default -> {
                device.lrnBackward(x, y, dy, lrn, dx);
                return dx;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        OpenClBenchReport.runAndPrint(OpenClPoolLrnBench.class, args, p -> 0, p -> bytes(p.getParam("layer")));
    }
}
