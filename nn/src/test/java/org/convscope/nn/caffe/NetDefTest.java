package org.convscope.nn.caffe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.convscope.tensor.testing.TestData;
import org.convscope.tensor.Shape;
import org.junit.jupiter.api.Test;

class NetDefTest {

    @Test
    void legacyInputDimsAndV1Types() throws Exception {
        NetDef d = NetDef.parse("""
                name: "t" input: "data" input_dim: 10 input_dim: 3 input_dim: 8 input_dim: 8
                layers { name: "c" type: CONVOLUTION bottom: "data" top: "c" convolution_param { num_output: 2 kernel_size: 3 } }
                layers { name: "r" type: RELU bottom: "c" top: "c" }
                """, "t");
        assertTrue(d.legacy());
        assertEquals(List.of(new NetDef.InputDef("data", Shape.of(10, 3, 8, 8))), d.inputs());
        assertEquals("Convolution", d.layers().get(0).type());
        assertEquals("ReLU", d.layers().get(1).type());
        assertTrue(d.layers().get(1).inPlace());
    }

    @Test
    void inputShapeAndInputLayer() throws Exception {
        NetDef a = NetDef.parse("input: \"x\" input_shape { dim: 2 dim: 5 }", "a");
        assertEquals(Shape.of(2, 5), a.inputs().get(0).shape());
        NetDef b = NetDef.parse("layer { name: \"data\" type: \"Input\" top: \"data\" input_param { shape: { dim: 1 dim: 3 dim: 4 dim: 4 } } }", "b");
        assertEquals(Shape.of(1, 3, 4, 4), b.inputs().get(0).shape());
        assertTrue(b.layers().isEmpty());
    }

    @Test
    void phaseRules() throws Exception {
        NetDef d = NetDef.parse("""
                layer { name: "tr" type: "Data" top: "data" include { phase: TRAIN } }
                layer { name: "te" type: "Data" top: "data" include { phase: TEST } }
                layer { name: "x" type: "ReLU" bottom: "data" top: "data" exclude { phase: TEST } }
                """, "p");
        assertEquals(List.of("te"), d.forPhase(NetDef.Phase.TEST).layerNames());
        assertEquals(List.of("tr", "x"), d.forPhase(NetDef.Phase.TRAIN).layerNames());
        assertNull(d.layer("nope"));
    }

    @Test
    void everySharedPrototxtParses() throws Exception {
        Path root = TestData.require("zoo");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root.getParent())) {
            files = s.filter(p -> p.toString().endsWith(".prototxt")).toList();
        }
        assertTrue(files.size() >= 15, "found " + files);
        for (Path p : files) {
            NetDef d = NetDef.read(p);
            assertTrue(!d.layers().isEmpty(), p.toString());
        }
        NetDef vgg = NetDef.read(root.resolve("vgg/VGG_ILSVRC_16_layers_deploy.prototxt"));
        assertTrue(vgg.legacy());
        assertEquals(Shape.of(10, 3, 224, 224), vgg.inputs().get(0).shape());
        assertEquals(39, vgg.layers().size());
        NetDef g = NetDef.read(root.resolve("bvlc_googlenet/deploy.prototxt"));
        assertEquals(142, g.layers().size());
    }
}
