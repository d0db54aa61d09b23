package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convscope.nn.layers.ConcatLayer;
import org.convscope.nn.layers.Layer;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.TestDevices;
import org.junit.jupiter.api.Test;

/**
 * Concat without copies ({@link ConcatInPlace}): SqueezeNet (built-in weights) and GoogLeNet
 * (random weights) give the same forward values, blob values, input gradients and branch gradients
 * with the plan on and off, bit for bit (the same ops run on the same values; only the copies go),
 * (SqueezeNet at batch 2, so that slices are strided); and the plan saves one blob per branch. On
 * the CPU device and on every other device ({@code kernels}' parity test compares the slice ops
 * of the two).
 */
class ConcatInPlaceTest {
    private static final CpuDevice CPU = CpuDevice.shared();

    @Test
    void squeezeNetSameWithAndWithoutThePlan() throws Exception {
        squeezeNet(CPU);
    }

    @Test
    void googLeNetSameWithAndWithoutThePlan() {
        googLeNet(CPU);
    }

    @Test
    void bothNetsSameWithAndWithoutThePlanOnEveryOtherDevice() throws Exception {
        for (Device d : TestDevices.others()) {
            squeezeNet(d);
            googLeNet(d);
        }
    }

    private static void squeezeNet(Device d) throws Exception {
        Net net = BuiltinNets.pretrained("squeezenet", d);
        // 99 x 99 keeps every Fire module (fire9 at 5 x 5) and the test fast
        check(net, Tensor.uniform(d, 3, -50f, 50f, 2, 3, 99, 99), "fire9/concat",
                List.of("fire2/conv1x1_2", "fire5/conv3x3_2", "fire9/conv1x1_2"), 16);
    }

    private static void googLeNet(Device d) {
        Net net = BuiltinNets.create("googlenet", d);
        net.randomizeWeights(11);
        // batch 1 (SqueezeNet above has strided slices) at the declared 224 x 224
        check(net, Tensor.uniform(d, 4, -50f, 50f, 1, 3, 224, 224), "inception_5b/output",
                List.of("inception_3a/1x1", "inception_4c/5x5", "inception_5b/pool_proj"), 36);
    }

    /** A gradient given for a part and for its Concat at once adds up as without the plan. */
    @Test
    void gradientGivenForAPartAndItsConcat() throws Exception {
        Net net = BuiltinNets.pretrained("squeezenet", CPU);
        Tensor x = Tensor.uniform(CPU, 5, -50f, 50f, 1, 3, 67, 67);
        List<float[]> on = partAndConcat(net, x);
        net.concatInPlace(false);
        List<float[]> off = partAndConcat(net, x);
        for (int i = 0; i < on.size(); i++) {
            assertArrayEquals(off.get(i), on.get(i), 0f, "result " + i);
        }
    }

    /** The per-layer timer counts no bytes for a Concat whose parts are all in place, a copy's without the plan. */
    @Test
    void timerCountsOnlyTheBytesAConcatMoves() throws Exception {
        Net net = BuiltinNets.pretrained("squeezenet", CPU);
        net.reshape(Map.of("data", Shape.of(1, 3, 67, 67)));
        for (boolean plan : new boolean[] {true, false}) {
            net.concatInPlace(plan);
            for (NetTimer.LayerTiming t : NetTimer.time(net, 1, true).layers()) {
                if (t.type().equals("Concat")) {
                    long copy = 4L * 2 * t.output().size();
                    assertEquals(plan ? 0 : copy, t.forwardBytes(), t.name() + " forward, plan " + plan);
                    assertEquals(plan ? 0 : 2 * copy, t.backwardBytes(), t.name() + " backward, plan " + plan);
                }
            }
        }
    }

    private static List<float[]> partAndConcat(Net net, Tensor x) {
        net.forward(x, "fire3/concat");
        Map<String, Tensor> g = new LinkedHashMap<>();
        g.put("fire3/concat", Tensor.uniform(CPU, 6, -1f, 1f, net.shape("fire3/concat").dims()));
        g.put("fire3/conv3x3_2", Tensor.uniform(CPU, 7, -1f, 1f, net.shape("fire3/conv3x3_2").dims()));
        List<float[]> r = new ArrayList<>();
        r.add(net.backward(g, ReluMode.STANDARD).toArray());
        r.add(net.grad("fire3/concat").toArray());
        r.add(net.grad("fire3/conv3x3_2").toArray());
        r.add(net.grad("fire3/conv1x1_2").toArray());
        return r;
    }

    private static void check(Net net, Tensor x, String target, List<String> branches, int parts) {
        assertTrue(net.device().supportsChannelSlices(), net.device().name());
        Result on = run(net, x, target, branches);
        net.concatInPlace(false);
        Result off = run(net, x, target, branches);
        for (int i = 0; i < on.values.size(); i++) {
            assertArrayEquals(off.values.get(i), on.values.get(i), 0f, on.names.get(i) + " on " + net.device().name());
        }
        // each part in place is one blob fewer: the parts of a Concat fill its output exactly
        long concatBytes = 0;
        int concats = 0;
        for (Layer l : net.layers()) {
            if (l instanceof ConcatLayer) {
                concatBytes += 4L * net.shape(l.def().tops().get(0)).size();
                concats++;
            }
        }
        assertTrue(concats > 0);
        assertEquals(concatBytes, off.blobBytes - on.blobBytes, "bytes saved");
        assertEquals(parts, on.inPlaceParts, "parts written in place");
        assertEquals(0, off.inPlaceParts);
    }

    private record Result(List<String> names, List<float[]> values, long blobBytes, int inPlaceParts) {
    }

    private static Result run(Net net, Tensor x, String target, List<String> branches) {
        List<String> names = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        Tensor out = net.forward(x, target);
        assertFalse(out.isChannelSlice());
        names.add("forward " + target);
        values.add(out.toArray());
        for (String b : branches) {
            Tensor v = net.blob(b);
            assertFalse(v.isChannelSlice(), b + " handed out as a slice");
            names.add("blob " + b);
            values.add(v.toArray());
        }
        Tensor top = Tensor.uniform(net.device(), 9, -1f, 1f, out.shape().dims());
        for (ReluMode m : new ReluMode[] {ReluMode.STANDARD, ReluMode.GUIDED}) {
            names.add("input gradient " + m);
            values.add(net.backward(target, top, m).toArray());
            for (String b : branches) {
                Tensor g = net.grad(b);
                assertFalse(g.isChannelSlice(), b + " gradient handed out as a slice");
                names.add("gradient " + m + " " + b);
                values.add(g.toArray());
            }
        }
        return new Result(names, values, net.blobBytes(), (int) net.blobRefs().stream().filter(net::inPlace).count());
    }
}
