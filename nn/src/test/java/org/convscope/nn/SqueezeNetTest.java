package org.convscope.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.convscope.nn.io.Npy;
import org.convscope.tensor.Device;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.convscope.tensor.testing.TestData;
import org.convscope.tensor.testing.TestDevices;
import org.junit.jupiter.api.Test;

/**
 * The built-in SqueezeNet with its bundled weights, and the same net read from the shared data's
 * prototxt and {@code .net} file, against OpenCV's outputs for six preprocessed photos
 * ({@code golden/photos_input.npy} -> {@code photos_pool_final.npy}, {@code photos_fire9_concat.npy}):
 * {@code max |ours - opencv| <= 1e-4 * max |opencv|} per photo and blob, on the CPU device and on
 * every other device.
 */
class SqueezeNetTest {
    private static final String DIR = "models/squeezenet_v1.0_dc/";
    private static final CpuDevice CPU = CpuDevice.shared();

    @Test
    void builtinEqualsOpenCv() throws IOException {
        compare(BuiltinNets.pretrained("squeezenet", CPU), "built-in");
    }

    @Test
    void prototxtAndDotNetFileEqualOpenCv() throws IOException {
        Net net = Net.load(TestData.require(DIR + "SqueezeNet_deploy.prototxt"),
                TestData.require(DIR + "compressed_SqueezeNet.net"), CPU);
        compare(net, "prototxt + .net");
    }

    @Test
    void builtinEqualsOpenCvOnEveryDevice() throws IOException {
        for (Device d : TestDevices.others()) {
            compare(BuiltinNets.pretrained("squeezenet", d), "built-in");
            compare(Net.load(TestData.require(DIR + "SqueezeNet_deploy.prototxt"),
                    TestData.require(DIR + "compressed_SqueezeNet.net"), d), "prototxt + .net");
        }
    }

    @Test
    void bundledResourcesAreSmallAndNamed() throws IOException {
        long bytes = 0;
        for (String f : new String[] {"compressed_SqueezeNet.net", "SqueezeNet_deploy.prototxt", "LICENCE",
                "synset_words.txt", "PROVENANCE.md"}) {
            try (InputStream in = BuiltinNets.class.getResourceAsStream("squeezenet/" + f)) {
                assertTrue(in != null, f + " missing");
                bytes += in.readAllBytes().length;
            }
        }
        assertTrue(bytes < 1 << 20, bytes + " bytes");
        ClassNames names = BuiltinNets.classNames("squeezenet");
        assertEquals(1000, names.size());
        assertEquals("flamingo", names.label(130));
        assertEquals("n01440764", names.id(0));
        assertEquals(null, BuiltinNets.classNames("alexnet"));
        Net net = BuiltinNets.create("SqueezeNet", CPU);
        assertEquals("pool_final", net.outputName());
        assertEquals(Shape.of(1, 1000, 1, 1), net.shape("pool_final"));
        Preprocessing p = Preprocessing.forBuiltin("squeezenet");
        assertEquals(227, p.resize());
        assertEquals(227, p.crop());
        assertArrayEquals(new float[] {104, 117, 123}, p.meanBgr());
    }

    private static void compare(Net net, String what) throws IOException {
        Npy.Array input = Npy.read(TestData.require(DIR + "golden/photos_input.npy"));
        Npy.Array[] golden = {Npy.read(TestData.require(DIR + "golden/photos_pool_final.npy")),
                Npy.read(TestData.require(DIR + "golden/photos_fire9_concat.npy"))};
        String[] refs = {"pool_final@pool_final", "fire9/concat@fire9/concat"};
        int photos = input.shape()[0];
        int per = input.data().length / photos;
        Device d = net.device();
        for (int i = 0; i < photos; i++) {
            float[] one = java.util.Arrays.copyOfRange(input.data(), i * per, (i + 1) * per);
            net.forward(Map.of("data", Tensor.of(d, one, 1, 3, 227, 227)), refs);
            for (int b = 0; b < refs.length; b++) {
                float[] ours = net.blob(refs[b]).toArray();
                int n = golden[b].data().length / photos;
                assertEquals(n, ours.length, refs[b]);
                double maxRef = 0;
                double maxDiff = 0;
                for (int k = 0; k < n; k++) {
                    float ref = golden[b].data()[i * n + k];
                    maxRef = Math.max(maxRef, Math.abs(ref));
                    maxDiff = Math.max(maxDiff, Math.abs(ours[k] - ref));
                }
                assertTrue(maxRef > 1, refs[b] + " golden too small");
                assertTrue(maxDiff <= 1e-4 * maxRef, what + " on " + d.name() + ", photo " + i + ", " + refs[b]
                        + ": max |diff| " + maxDiff + ", max |OpenCV| " + maxRef);
            }
        }
    }
}
