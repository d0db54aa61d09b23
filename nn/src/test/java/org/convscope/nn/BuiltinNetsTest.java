package org.convscope.nn;

import org.convscope.tensor.testing.TestData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.nn.caffe.Message;
import org.convscope.nn.caffe.NetDef;
import org.convscope.tensor.Shape;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in architectures against the public deploy files (when the shared data is present). */
class BuiltinNetsTest {

    /** What a layer computes: name, type, blobs and the parameters that matter, defaults filled in. */
    static String describe(LayerDef l) {
        StringBuilder sb = new StringBuilder(l.name() + " " + l.type() + " " + l.bottoms() + "->" + l.tops());
        switch (l.type()) {
            case "Convolution" -> {
                Message p = l.param("convolution_param");
                sb.append(" n=").append(p.int32("num_output", 0)).append(" k=").append(p.integers("kernel_size"))
                        .append(" s=").append(p.integers("stride").isEmpty() ? List.of(1L) : p.integers("stride"))
                        .append(" p=").append(p.integers("pad").isEmpty() ? List.of(0L) : p.integers("pad"))
                        .append(" g=").append(p.int32("group", 1)).append(" bias=").append(p.bool("bias_term", true));
            }
            case "Pooling" -> {
                Message p = l.param("pooling_param");
                sb.append(" ").append(p.string("pool", "MAX")).append(" k=").append(p.int32("kernel_size", 0))
                        .append(" s=").append(p.int32("stride", 1)).append(" p=").append(p.int32("pad", 0));
            }
            case "LRN" -> {
                Message p = l.param("lrn_param");
                sb.append(" n=").append(p.int32("local_size", 5)).append(" a=").append(p.float32("alpha", 1))
                        .append(" b=").append(p.float32("beta", 0.75f)).append(" k=").append(p.float32("k", 1))
                        .append(" ").append(p.string("norm_region", "ACROSS_CHANNELS"));
            }
            case "InnerProduct" -> sb.append(" n=").append(l.param("inner_product_param").int32("num_output", 0));
            case "Dropout" -> sb.append(" r=").append(l.param("dropout_param").float32("dropout_ratio", 0.5f));
            default -> {
            }
        }
        return sb.toString();
    }

    static List<String> describe(NetDef d) {
        List<String> out = new ArrayList<>();
        for (NetDef.InputDef in : d.inputs()) {
            int[] dims = in.shape().dims();
            dims[0] = 1;
            out.add("input " + in.name() + " " + Shape.of(dims));
        }
        for (LayerDef l : d.layers()) {
            out.add(describe(l));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "alexnet, zoo/bvlc_alexnet/deploy.prototxt",
            "caffenet, zoo/bvlc_reference_caffenet/deploy.prototxt",
            "alexnet, zoo/legacy_v1/bvlc_alexnet/deploy.prototxt",
            "caffenet, zoo/legacy_v1/bvlc_reference_caffenet/deploy.prototxt",
            "vgg16, zoo/vgg/VGG_ILSVRC_16_layers_deploy.prototxt",
            "vgg19, zoo/vgg/VGG_ILSVRC_19_layers_deploy.prototxt",
            "googlenet, zoo/bvlc_googlenet/deploy.prototxt",
            "lenet, models/lenet_mnist_v2/lenet.prototxt",
            "lenet, models/lenet_mnist_v1/lenet.prototxt"})
    void sameLayersAsThePublicDeployFile(String name, String file) throws Exception {
        NetDef zoo = NetDef.read(TestData.require(file));
        NetDef mine = BuiltinNets.definition(name);
        List<String> a = describe(zoo);
        List<String> b = describe(mine);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            assertEquals(a.get(i), b.get(i), name + " layer " + i);
        }
        assertEquals(a.size(), b.size(), name + " layer count");
        // and the printed prototxt reads back to the same definition
        assertEquals(b, describe(NetDef.parse(BuiltinNets.prototxt(name), name)));
    }

    @ParameterizedTest
    @CsvSource({"alexnet, 1000, 60965224", "caffenet, 1000, 60965224", "vgg16, 1000, 138357544",
            "vgg19, 1000, 143667240", "googlenet, 1000, 6998552", "lenet, 10, 431080"})
    void shapesAndParameterCounts(String name, int classes, long params) {
        Net net = BuiltinNets.create(name, CpuDevice.shared());
        assertEquals(Shape.of(1, classes), net.shape("prob"));
        assertEquals(params, net.parameterCount());
    }

    @org.junit.jupiter.api.Test
    void unknownNamesListTheBuiltins() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BuiltinNets.definition("resnet50"));
        assertTrue(e.getMessage().contains("alexnet, caffenet, vgg16, vgg19, googlenet, lenet"), e.getMessage());
        assertEquals("vgg16", BuiltinNets.canonical("VGG_ILSVRC_16_layers"));
    }
}
