package org.convscope.nn;

import org.convscope.tensor.ChannelOrder;
import org.convscope.tensor.testing.TestData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.caffe.BlobData;
import org.convscope.nn.caffe.CaffeFormatException;
import org.convscope.nn.caffe.CaffeModel;
import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Images;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CifarAndBuiltinLoadTest {
    private static final CpuDevice CPU = CpuDevice.shared();
    private static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    @ParameterizedTest
    @ValueSource(strings = {"cifar10_quick_v1/cifar10_quick.prototxt:cifar10_quick_iter_5000.caffemodel",
            "cifar10_quick_v2/cifar10_quick.prototxt:cifar10_quick_iter_4000.caffemodel",
            "cifar10_quick_v2/cifar10_quick_train_test.prototxt:cifar10_quick_iter_4000.caffemodel",
            "cifar10_quick_v1/cifar10_quick_train_test.prototxt:cifar10_quick_iter_5000.caffemodel"})
    void cifarQuickLoadsAndRuns(String files) throws Exception {
        String[] f = files.split(":");
        Path proto = TestData.require("models/" + f[0]);
        Net net = Net.load(proto, proto.resolveSibling(f[1]), CPU);
        List<String> got = new ArrayList<>();
        for (String img : List.of("cat10", "dog10", "truck10")) {
            // CIFAR's R, G, B planes, 0-255: the order the quick nets were trained on
            Tensor x = Images.read(TestData.require("images/cifar10_32x32/" + img + ".png"), ChannelOrder.RGB, CPU);
            float[] out = net.forward(x, net.outputName()).toArray();
            assertEquals(10, out.length);
            got.add(CLASSES.get(ClassNames.top(out, 0, 10, 1, null).get(0).index()));
        }
        // the predictions recorded with the data (NumPy forward pass): cat10 -> dog, dog10 -> dog, truck10 -> truck
        assertEquals(List.of("dog", "dog", "truck"), got);
    }

    static List<CaffeModel.LayerWeights> fakeFile(String builtin, boolean auxiliary) {
        List<CaffeModel.LayerWeights> out = new ArrayList<>();
        out.add(CaffeModel.LayerWeights.of("data", "Data", List.of()));
        for (LayerDef l : BuiltinNets.definition(builtin).layers()) {
            boolean weighted = l.type().equals("Convolution") || l.type().equals("InnerProduct");
            out.add(CaffeModel.LayerWeights.of(l.name(), l.type(),
                    weighted ? List.of(new BlobData(new long[] {1}, false, new float[1])) : List.of()));
        }
        if (auxiliary) {
            out.add(CaffeModel.LayerWeights.of("loss1/fc", "InnerProduct", List.of(new BlobData(new long[] {1}, false, new float[1]))));
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void recognizesEachBuiltinFromItsLayers() throws Exception {
        for (String n : BuiltinNets.names()) {
            assertEquals(n, BuiltinNets.identify("x", fakeFile(n, false)), n);
        }
        assertEquals("googlenet", BuiltinNets.identify("x", fakeFile("googlenet", true)));
        List<CaffeModel.LayerWeights> extra = new ArrayList<>(fakeFile("alexnet", false));
        extra.add(CaffeModel.LayerWeights.of("fc9", "InnerProduct", List.of(new BlobData(new long[] {1}, false, new float[1]))));
        assertNull(BuiltinNets.identify("x", extra));
        // the real V1 LeNet file, with nothing but the file
        Net lenet = BuiltinNets.load(TestData.require("models/lenet_mnist_v1/lenet_iter_10000.caffemodel"), CPU);
        assertEquals("LeNet", lenet.name());
        float[] images = LeNetMnistTest.images();
        int[] labels = LeNetMnistTest.labels();
        assertEquals(9905, LeNetMnistTest.correct(lenet, "prob", images, labels));
        // a CIFAR model is no built-in: a clear error
        CaffeFormatException e = assertThrows(CaffeFormatException.class, () -> BuiltinNets.load(
                TestData.require("models/cifar10_quick_v1/cifar10_quick_iter_5000.caffemodel"), CPU));
        assertTrue(e.getMessage().contains("none of the built-in architectures"), e.getMessage());
    }
}
