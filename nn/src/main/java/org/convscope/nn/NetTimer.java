package org.convscope.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convscope.nn.layers.ConcatLayer;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Per-layer forward and backward times of a net, as {@code caffe time} measures them: each layer's
 * call between two device synchronizations, the median over {@code iterations} passes; and,
 * separately, the whole net's forward and backward passes without the per-layer synchronizations
 * (the totals: medians too). The backward pass goes from the net's output down to its input with
 * no weight gradients (what saliency and the other attributions run); its top gradient is all ones.
 *
 * <p>Work per layer: forward FLOPs are 2 x {@link Layer#multiplyAdds} at the net's shapes (the
 * whole batch); the backward pass computes the input gradient only, so a layer with weights does
 * as many again and one without is counted as none (its cost is memory). Bytes: forward reads
 * the bottoms and the weights and writes the tops once; backward reads the top gradients, the
 * weights and the tops and bottoms (ReLU, pooling, LRN read them), and writes the bottom
 * gradients once, float32; a Concat moves only the parts not already in its output.
 */
public final class NetTimer {

    /** One layer's figures; times in milliseconds, medians. */
    public record LayerTiming(String name, String type, Shape output, double forwardMs, double backwardMs,
                              long forwardFlops, long backwardFlops, long forwardBytes, long backwardBytes) {

        /** Forward GFLOP/s (0 when the layer does no arithmetic worth counting or took no time). */
        public double forwardGflops() {
            return rate(forwardFlops, forwardMs);
        }

        public double backwardGflops() {
            return rate(backwardFlops, backwardMs);
        }

        public double forwardGBs() {
            return rate(forwardBytes, forwardMs);
        }

        public double backwardGBs() {
            return rate(backwardBytes, backwardMs);
        }

        private static double rate(long count, double ms) {
            return ms > 0 ? count / (ms * 1e6) : 0;
        }
    }

    /**
     * The whole run: per layer (in the net's order), and the totals of whole passes.
     *
     * @param forwardMs  median of whole forward passes (no per-layer synchronization)
     * @param backwardMs median of whole backward passes; NaN when not timed
     */
    public record Result(String net, String device, int batch, int iterations, List<LayerTiming> layers,
                         double forwardMs, double backwardMs) {

        /** Sum of the layers' forward medians (above {@link #forwardMs} by the synchronizations). */
        public double layerForwardMs() {
            return layers.stream().mapToDouble(LayerTiming::forwardMs).sum();
        }

        public double layerBackwardMs() {
            return layers.stream().mapToDouble(LayerTiming::backwardMs).sum();
        }

        public long forwardFlops() {
            return layers.stream().mapToLong(LayerTiming::forwardFlops).sum();
        }

        public long backwardFlops() {
            return layers.stream().mapToLong(LayerTiming::backwardFlops).sum();
        }
    }

    private NetTimer() {
    }

    /**
     * Times {@code net} at its current input shape (reshape it to the batch first) on random
     * inputs: one warm-up pass, then {@code iterations} whole passes and {@code iterations}
     * passes timed layer by layer.
     *
     * @param backward also time the backward pass to the input
     */
    public static Result time(Net net, int iterations, boolean backward) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        Device d = net.device();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        long seed = 1;
        for (String in : net.inputNames()) {
            inputs.put(in, Tensor.uniform(d, seed++, -1f, 1f, net.shape(in).dims()));
        }
        String out = net.outputName();
        Tensor ones = Tensor.full(d, 1f, net.shape(out).dims());
        Runnable fwd = () -> net.forward(inputs, out);
        Runnable bwd = () -> net.backward(out, ones, ReluMode.STANDARD);

        fwd.run();
        if (backward) {
            bwd.run();
        }
        d.synchronize();
        double[] f = new double[iterations];
        double[] b = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            f[i] = timed(d, fwd);
            b[i] = backward ? timed(d, bwd) : Double.NaN;
        }

        List<Layer> layers = net.layers();
        Map<Layer, double[][]> perLayer = new LinkedHashMap<>();
        for (Layer l : layers) {
            perLayer.put(l, new double[][] {new double[iterations], new double[iterations]});
        }
        int[] iteration = {0};
        long[] start = {0};
        net.observe(new Net.LayerObserver() {
            @Override
            public void before(Layer layer, boolean back) {
                d.synchronize();
                start[0] = System.nanoTime();
            }

            @Override
            public void after(Layer layer, boolean back) {
                d.synchronize();
                perLayer.get(layer)[back ? 1 : 0][iteration[0]] = (System.nanoTime() - start[0]) / 1e6;
            }
        });
        try {
            for (int i = 0; i < iterations; i++) {
                iteration[0] = i;
                fwd.run();
                if (backward) {
                    bwd.run();
                }
            }
        } finally {
            net.observe(null);
        }

        List<LayerTiming> rows = new ArrayList<>();
        for (Layer l : layers) {
            List<Shape> bs = shapes(net, net.bottomRefs(l.name()));
            List<Shape> ts = shapes(net, net.topRefs(l.name()));
            long params = 0;
            for (Param p : l.params()) {
                params += p.shape() == null ? 0 : p.shape().size();
            }
            long bottoms = bs.stream().mapToLong(Shape::size).sum();
            long tops = ts.stream().mapToLong(Shape::size).sum();
            if (l instanceof ConcatLayer) {
                // a part kept in the Concat's output (ConcatInPlace) is neither read nor written again
                List<String> refs = net.bottomRefs(l.name());
                bottoms = refs.stream().filter(r -> !net.inPlace(r)).mapToLong(r -> net.shape(r).size()).sum();
                tops = bottoms;
            }
            long flops = 2 * l.multiplyAdds(bs, ts);
            double[][] t = perLayer.get(l);
            rows.add(new LayerTiming(l.name(), l.type(), ts.get(0), median(t[0]),
                    backward ? median(t[1]) : Double.NaN, flops, backward && params > 0 ? flops : 0,
                    4 * (bottoms + params + tops), backward ? 4 * (2 * tops + params + 2 * bottoms) : 0));
        }
        Shape in = net.shape(net.inputNames().get(0));
        return new Result(net.name(), d.name(), in.rank() > 0 ? in.dim(0) : 1, iterations, List.copyOf(rows),
                median(f), backward ? median(b) : Double.NaN);
    }

    private static List<Shape> shapes(Net net, List<String> refs) {
        List<Shape> s = new ArrayList<>(refs.size());
        for (String r : refs) {
            s.add(net.shape(r));
        }
        return s;
    }

    private static double timed(Device d, Runnable r) {
        long t = System.nanoTime();
        r.run();
        d.synchronize();
        return (System.nanoTime() - t) / 1e6;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
