package org.convscope.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong, and how it is reported: a kernel that does not compile, a bad argument (the
 * same message as the CPU device, nothing changed), an allocation larger than the device allows,
 * and discovery through {@link Devices}.
 */
class OpenClErrorsTest {

    @Test
    void brokenKernelNamesTheFileAndCarriesTheBuildLog() {
        OpenClDevice cl = ClTestDevice.get();
        KernelBuildException e = assertThrows(KernelBuildException.class,
                () -> cl.context().buildProgram(OpenClErrorsTest.class, "broken.cl", ""));
        assertEquals("org/convscope/kernels/broken.cl", e.file());
        assertTrue(e.getMessage().contains("org/convscope/kernels/broken.cl"), e.getMessage());
        assertTrue(e.buildLog().contains("undeclared_variable"), "build log: " + e.buildLog());
        assertTrue(e.getMessage().contains(e.buildLog()), e.getMessage());
    }

    @Test
    void missingKernelFileIsNamed() {
        OpenClDevice cl = ClTestDevice.get();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cl.context().buildProgram(OpenClErrorsTest.class, "no-such-file.cl", ""));
        assertTrue(e.getMessage().contains("org/convscope/kernels/no-such-file.cl"), e.getMessage());
    }

    /** Bad calls, each given the device to run on; every one must fail before any work. */
    private static Map<String, Consumer<Device>> badCalls() {
        Map<String, Consumer<Device>> m = new LinkedHashMap<>();
        m.put("conv2d channels", d -> d.conv2d(d.allocate(Shape.of(1, 3, 8, 8)), d.allocate(Shape.of(4, 2, 3, 3)),
                null, ConvSpec.of(1, 0), d.allocate(Shape.of(1, 4, 6, 6))));
        m.put("conv2d output", d -> d.conv2d(d.allocate(Shape.of(1, 3, 8, 8)), d.allocate(Shape.of(4, 3, 3, 3)),
                null, ConvSpec.of(1, 0), d.allocate(Shape.of(1, 4, 8, 8))));
        m.put("conv2d groups", d -> d.conv2d(d.allocate(Shape.of(1, 4, 8, 8)), d.allocate(Shape.of(3, 2, 3, 3)),
                null, ConvSpec.of(1, 0, 2), d.allocate(Shape.of(1, 3, 6, 6))));
        m.put("conv2d bias", d -> d.conv2d(d.allocate(Shape.of(1, 3, 8, 8)), d.allocate(Shape.of(4, 3, 3, 3)),
                d.allocate(Shape.of(5)), ConvSpec.of(1, 0), d.allocate(Shape.of(1, 4, 6, 6))));
        m.put("conv2dBackwardData", d -> d.conv2dBackwardData(d.allocate(Shape.of(1, 4, 5, 6)),
                d.allocate(Shape.of(4, 3, 3, 3)), ConvSpec.of(1, 0), d.allocate(Shape.of(1, 3, 8, 8))));
        m.put("conv2dBackwardWeights", d -> d.conv2dBackwardWeights(d.allocate(Shape.of(1, 3, 8, 8)),
                d.allocate(Shape.of(1, 4, 6, 6)), ConvSpec.of(1, 0), d.allocate(Shape.of(4, 3, 2, 3)), false));
        m.put("conv2dBackwardBias", d -> d.conv2dBackwardBias(d.allocate(Shape.of(1, 4, 6, 6)),
                d.allocate(Shape.of(3)), false));
        m.put("relu", d -> d.relu(d.allocate(Shape.of(2, 3)), d.allocate(Shape.of(3, 2))));
        m.put("add", d -> d.add(d.allocate(Shape.of(4)), d.allocate(Shape.of(5)), d.allocate(Shape.of(4))));
        m.put("clamp", d -> d.clamp(d.allocate(Shape.of(4)), 2f, 1f, d.allocate(Shape.of(4))));
        m.put("copy", d -> d.copy(d.allocate(Shape.of(4)), d.allocate(Shape.of(5))));
        m.put("dot", d -> d.dot(d.allocate(Shape.of(4)), d.allocate(Shape.of(5))));
        m.put("maxPool", d -> d.maxPool(d.allocate(Shape.of(1, 1, 6, 6)), PoolSpec.of(2, 2, 0),
                d.allocate(Shape.of(1, 1, 3, 3)), d.allocateInt(Shape.of(1, 1, 3, 2))));
        m.put("maxPool window", d -> d.maxPool(d.allocate(Shape.of(1, 1, 2, 2)), PoolSpec.of(3, 1, 0),
                d.allocate(Shape.of(1, 1, 1, 1)), d.allocateInt(Shape.of(1, 1, 1, 1))));
        m.put("avgPool", d -> d.avgPool(d.allocate(Shape.of(1, 1, 6, 6)), PoolSpec.of(2, 2, 0),
                d.allocate(Shape.of(1, 1, 2, 3))));
        m.put("lrn", d -> d.lrn(d.allocate(Shape.of(1, 2, 3, 3)), LrnSpec.across(5, 1e-4f, 0.75f, 1f),
                d.allocate(Shape.of(1, 3, 3, 3))));
        m.put("gemm", d -> d.gemm(false, false, 3, 4, 5, 1f, d.allocate(Shape.of(14)), d.allocate(Shape.of(20)), 0f,
                d.allocate(Shape.of(12))));
        m.put("gram", d -> d.gram(d.allocate(Shape.of(1, 3, 4, 4)), d.allocate(Shape.of(1, 3, 4))));
        m.put("softmax", d -> d.softmax(d.allocate(Shape.of(5)), d.allocate(Shape.of(5))));
        m.put("softmaxCrossEntropy", d -> d.softmaxCrossEntropy(d.allocate(Shape.of(2, 3)), new int[] {0, 3}, null));
        m.put("concatChannels", d -> d.concatChannels(List.of(d.allocate(Shape.of(1, 2, 3, 3))),
                d.allocate(Shape.of(1, 3, 3, 3))));
        m.put("scale on a channel slice", d -> {
            Tensor s = d.allocate(Shape.of(2, 4, 3, 3)).channelSlice(1, 2);
            d.scale(s, 2f, s);
        });
        m.put("conv2d on a channel slice", d -> d.conv2d(d.allocate(Shape.of(1, 5, 8, 8)).channelSlice(2, 3),
                d.allocate(Shape.of(4, 3, 3, 3)), null, ConvSpec.of(1, 0), d.allocate(Shape.of(1, 4, 6, 6))));
        m.put("copy a channel slice under another shape", d -> d.copy(d.allocate(Shape.of(2, 4)).channelSlice(0, 2),
                d.allocate(Shape.of(4))));
        m.put("channelSlice outside the channels", d -> d.allocate(Shape.of(2, 4, 3, 3)).channelSlice(3, 2));
        m.put("relu on a channel slice of another shape", d -> d.relu(d.allocate(Shape.of(1, 4, 2, 2)).channelSlice(1, 2),
                d.allocate(Shape.of(1, 3, 2, 2))));
        m.put("gaussianBlur in place", d -> {
            Tensor x = d.allocate(Shape.of(1, 1, 4, 4));
            d.gaussianBlur(x, 1f, x);
        });
        m.put("resizeBilinear", d -> d.resizeBilinear(d.allocate(Shape.of(1, 1, 4, 4)),
                d.allocate(Shape.of(1, 2, 8, 8))));
        return m;
    }

    @Test
    void badArgumentsFailWithTheCpuDevicesMessageAndChangeNothing() {
        OpenClDevice cl = ClTestDevice.get();
        for (var e : badCalls().entrySet()) {
            IllegalArgumentException onCpu = assertThrows(IllegalArgumentException.class,
                    () -> e.getValue().accept(CpuDevice.shared()), e.getKey() + " on the CPU");
            IllegalArgumentException onCl = assertThrows(IllegalArgumentException.class,
                    () -> e.getValue().accept(cl), e.getKey() + " on OpenCL");
            assertEquals(onCpu.getMessage(), onCl.getMessage(), e.getKey());
        }
        // nothing enqueued: the output keeps its values
        Tensor y = Tensor.full(cl, 7f, 1, 4, 8, 8);
        assertThrows(IllegalArgumentException.class, () -> cl.conv2d(cl.allocate(Shape.of(1, 3, 8, 8)),
                cl.allocate(Shape.of(4, 3, 3, 3)), null, ConvSpec.of(1, 0), y));
        float[] sevens = new float[y.size()];
        java.util.Arrays.fill(sevens, 7f);
        assertArrayEquals(sevens, y.toArray());
    }

    @Test
    void tensorOfAnotherDeviceIsRefusedByName() {
        OpenClDevice cl = ClTestDevice.get();
        Tensor onCpu = CpuDevice.shared().allocate(Shape.of(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cl.relu(onCpu, cl.allocate(Shape.of(4))));
        assertTrue(e.getMessage().startsWith("relu: ") && e.getMessage().contains(cl.name()), e.getMessage());
    }

    @Test
    void allocationBeyondTheDeviceNamesSizeAndPurpose() {
        OpenClDevice cl = ClTestDevice.get();
        long elements = cl.maxAllocationBytes() / 4 + 1;
        Assumptions.assumeTrue(elements <= Integer.MAX_VALUE,
                "this device allows buffers larger than the largest tensor; nothing to refuse");
        DeviceMemoryException e = assertThrows(DeviceMemoryException.class,
                () -> cl.allocate(Shape.of((int) elements)));
        assertEquals(4 * elements, e.bytes());
        assertTrue(e.getMessage().contains(Long.toString(4 * elements)) && e.getMessage().contains("float tensor of shape "
                + elements), e.getMessage());
    }

    @Test
    void devicesFindsTheOpenClProvider() {
        OpenClDevice shared = ClTestDevice.get();
        assertEquals("opencl", Devices.providers().get(0).id());
        try (Device d = Devices.open("opencl")) {
            assertInstanceOf(OpenClDevice.class, d);
            assertEquals(shared.name(), d.name());
            Tensor t = Tensor.of(d, new float[] {-1f, 2f}, 2);
            d.relu(t, t);
            assertArrayEquals(new float[] {0f, 2f}, t.toArray());
        }
    }

    @Test
    void variantsAreNumberedAndChecked() {
        OpenClDevice cl = ClTestDevice.get();
        assertEquals(List.of("conv", "gemm"), List.copyOf(OpenClDevice.variants().keySet()));
        OpenClDevice.variants().forEach((family, list) -> {
            for (int i = 0; i < list.size(); i++) {
                assertTrue(list.get(i).startsWith("v" + (i + 1) + " "), family + ": " + list.get(i));
            }
        });
        assertThrows(IllegalArgumentException.class,
                () -> cl.useVariant("gemm", OpenClDevice.variants().get("gemm").size() + 1));
        assertThrows(IllegalArgumentException.class, () -> cl.useVariant("winograd", 1));
    }
}
