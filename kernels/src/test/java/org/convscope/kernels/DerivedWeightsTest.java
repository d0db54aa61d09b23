package org.convscope.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The weights a convolution derives and keeps with its weight tensor (v3's W^T and v4's flipped
 * copy for backward-data, the strided form's phase weights, v5's and v6's Winograd transforms):
 * kept from call to call while the weights stay the same, and never used once they may have
 * changed - by a host write, by any op writing them, through a reshaped view - nor after the
 * tensor is closed.
 */
class DerivedWeightsTest {
    private static final CpuDevice CPU = CpuDevice.shared();

    /** A layer and a pass that derive weights, with the variant forced. */
    private record Case(String pass, int variant, int c, int k, int h, int kernel, int stride, int pad, int groups) {
        Shape in() {
            return Shape.of(2, c, h, h);
        }

        Shape w() {
            return Shape.of(k, c / groups, kernel, kernel);
        }

        ConvSpec spec() {
            return ConvSpec.of(stride, pad, groups);
        }

        Shape out() {
            int o = (h + 2 * pad - kernel) / stride + 1;
            return Shape.of(2, k, o, o);
        }

        /** The pass on device d with weights w, from data seeded by seed; the result on the host. */
        float[] run(Device d, Tensor w, long seed) {
            boolean forward = pass.equals("forward");
            Shape src = forward ? in() : out();
            try (Tensor x = Tensor.uniform(d, seed, -1f, 1f, src.dims());
                 Tensor y = d.allocate(forward ? out() : in())) {
                if (forward) {
                    d.conv2d(x, w, null, spec(), y);
                } else {
                    d.conv2dBackwardData(x, w, spec(), y);
                }
                return y.toArray();
            }
        }
    }

    private static Case parse(String pass, int variant, String layer) {
        String[] p = layer.split(" ");
        return new Case(pass, variant, Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                Integer.parseInt(p[3]), Integer.parseInt(p[4]), Integer.parseInt(p[5]), Integer.parseInt(p[6]));
    }

    /** The same pass on the CPU, with the weights' current values. */
    private static float[] reference(Case cs, Tensor w, long seed) {
        try (Tensor wc = Tensor.of(CPU, w.toArray(), cs.w().dims())) {
            return cs.run(CPU, wc, seed);
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        float scale = 0f;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            float err = Math.abs(expected[i] - actual[i]);
            assertTrue(err <= 1e-4f * Math.max(1f, scale), what + ": element " + i + " is " + actual[i]
                    + ", the CPU gives " + expected[i]);
        }
    }

    // c k h kernel stride pad groups
    @ParameterizedTest(name = "{0} v{1} on {2}")
    @CsvSource({
        "backwardData, 3, 6 10 9 3 1 1 2",
        "backwardData, 4, 6 10 9 3 1 1 2",
        "backwardData, 4, 5 7 10 11 4 2 1",
        "backwardData, 5, 16 24 14 3 1 1 2",
        "backwardData, 6, 20 16 16 3 1 1 1",
        "forward, 5, 16 24 14 3 1 1 2",
        "forward, 6, 20 16 16 3 1 1 1",
    })
    void keptWhileTheWeightsStayAndDroppedWhenTheyChange(String pass, int variant, String layer) {
        OpenClDevice cl = ClTestDevice.get();
        Case cs = parse(pass, variant, layer);
        withVariant(cl, variant, () -> keptWhileTheyStay(cl, cs, new Random(layer.hashCode() + variant)));
    }

    private static void keptWhileTheyStay(OpenClDevice cl, Case cs, Random random) {
        try (Tensor w = Tensor.uniform(cl, random.nextLong(), -1f, 1f, cs.w().dims())) {
            long before = cl.context().derivedBytes();
            float[] first = cs.run(cl, w, 1);
            assertClose(reference(cs, w, 1), first, "first call");
            long kept = cl.context().derivedBytes() - before;
            assertTrue(kept > 0, "the derived weights are kept with the tensor");
            assertClose(reference(cs, w, 2), cs.run(cl, w, 2), "second call, kept weights");
            assertEquals(kept, cl.context().derivedBytes() - before, "nothing derived again while the weights stay");

            // each way of changing the weights, then the same pass against the CPU with the new values
            BiConsumer<String, Consumer<Tensor>> change = (how, write) -> {
                write.accept(w);
                assertEquals(before, cl.context().derivedBytes(), how + ": the kept weights are dropped");
                assertClose(reference(cs, w, 3), cs.run(cl, w, 3), "after " + how);
                assertEquals(kept, cl.context().derivedBytes() - before, how + ": derived again from the new weights");
            };
            change.accept("a host write", t -> cl.write(t, randomValues(random, t.size())));
            change.accept("an op writing them", t -> cl.scale(t, -0.5f, t));
            change.accept("a copy into them", t -> {
                try (Tensor src = Tensor.uniform(cl, random.nextLong(), -1f, 1f, t.shape().dims())) {
                    cl.copy(src, t);
                }
            });
            change.accept("an op writing a reshaped view", t -> {
                Tensor view = t.reshape(t.size());
                cl.randomUniform(view, random.nextLong(), -2f, 2f);
            });
            // reading them back keeps them, and so does every op that only reads them
            w.toArray();
            assertEquals(kept, cl.context().derivedBytes() - before, "a host read keeps the derived weights");
            int n = w.size();
            try (Tensor other = cl.allocate(w.shape()); Tensor v = Tensor.uniform(cl, 5, -1f, 1f, n);
                 Tensor c = cl.allocate(Shape.of(1))) {
                cl.scale(w, 2f, other);
                cl.add(w, w, other);
                cl.relu(w, other);
                cl.copy(w, other);
                cl.sum(w);
                cl.dot(w, w);
                cl.gemm(false, false, 1, 1, n, 1f, w, v, 0f, c);
                assertEquals(kept, cl.context().derivedBytes() - before, "ops reading the weights keep them");
                assertClose(reference(cs, w, 4), cs.run(cl, w, 4), "after ops that read them");
            }
        }
    }

    @Test
    void closingTheWeightsFreesWhatWasDerived() {
        OpenClDevice cl = ClTestDevice.get();
        Case cs = parse("backwardData", 4, "6 10 9 3 1 1 2");
        withVariant(cl, 4, () -> {
            long before = cl.context().derivedBytes();
            Tensor w = Tensor.uniform(cl, 7, -1f, 1f, cs.w().dims());
            cs.run(cl, w, 1);
            assertEquals(4L * cs.w().size(), cl.context().derivedBytes() - before, "v4's flipped copy: the weights' size");
            w.close();
            assertEquals(before, cl.context().derivedBytes(), "closed with the tensor");
        });
    }

    @Test
    void pastTheBudgetEveryCallDerivesAgain() {
        OpenClDevice cl = ClTestDevice.get();
        Case cs = parse("backwardData", 6, "20 16 16 3 1 1 1");
        long budget = cl.context().derivedBudget();
        cl.context().setDerivedBudget(0);
        try {
            withVariant(cl, 6, () -> {
                try (Tensor w = Tensor.uniform(cl, 11, -1f, 1f, cs.w().dims())) {
                    long before = cl.context().derivedBytes();
                    assertClose(reference(cs, w, 1), cs.run(cl, w, 1), "no cache");
                    assertEquals(before, cl.context().derivedBytes(), "nothing kept with a budget of 0");
                    cl.scale(w, 3f, w);
                    assertClose(reference(cs, w, 2), cs.run(cl, w, 2), "no cache, new weights");
                }
            });
        } finally {
            cl.context().setDerivedBudget(budget);
        }
    }

    @Test
    void aBufferTheDeviceRefusesIsComputedPerCallInstead() {
        OpenClDevice cl = ClTestDevice.get();
        // v4's flipped copy (the weights' 147 KB) is the largest buffer of this pass
        Case cs = parse("backwardData", 4, "64 64 4 3 1 1 1");
        long budget = cl.context().derivedBudget();
        long bytes = 4L * cs.w().size();
        withVariant(cl, 4, () -> {
            try (Tensor w = Tensor.uniform(cl, 13, -1f, 1f, cs.w().dims())) {
                // the per-call scratch buffer exists at full size (a run past the budget made it)
                cl.context().setDerivedBudget(0);
                cs.run(cl, w, 1);
                cl.context().setDerivedBudget(budget);
                // a device that refuses a buffer that size: nothing kept, the call still right
                cl.context().limitAllocation(bytes - 4);
                long before = cl.context().derivedBytes();
                assertClose(reference(cs, w, 2), cs.run(cl, w, 2), "derived buffer refused");
                assertEquals(before, cl.context().derivedBytes(), "nothing kept when the allocation is refused");
            } finally {
                cl.context().limitAllocation(Long.MAX_VALUE);
                cl.context().setDerivedBudget(budget);
            }
        });
    }

    @Test
    void theLaunchPlumbingReadsWhichBuffersAKernelWritesFromItsDeclaration() {
        OpenClContext ctx = ClTestDevice.get().context();
        // kernel_adam_update_f32(n, lr, beta1, beta2, eps, c1, c2, x, g, m, v): g only read
        boolean[] adam = ctx.writes(ctx.kernel(ElementwiseKernels.class, ElementwiseKernels.FILE,
                ElementwiseKernels.OPTIONS, "kernel_adam_update_f32"));
        assertArrayEquals(new boolean[] {true, false, true, true}, new boolean[] {adam[7], adam[8], adam[9], adam[10]},
                "adam: x, m, v written, g read");
        // kernel_winograd_weights_f32(K, C, w, wGroup, rowStride, innerStride, flipped, U)
        boolean[] winograd = ctx.writes(ctx.kernel(ConvKernels.class, ConvKernels.FILE, "",
                "kernel_winograd_weights_f32"));
        assertEquals(false, winograd[2], "the weights are read");
        assertEquals(true, winograd[7], "the transform is written");
    }

    /** Runs body with conv variant v forced, the automatic choice restored afterwards. */
    private static void withVariant(OpenClDevice cl, int v, Runnable body) {
        cl.useVariant("conv", v);
        try {
            body.run();
        } finally {
            cl.useVariant("conv", 0);
        }
    }

    private static float[] randomValues(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2f - 1f;
        }
        return v;
    }
}
