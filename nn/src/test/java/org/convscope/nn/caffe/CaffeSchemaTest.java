package org.convscope.nn.caffe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;

import org.junit.jupiter.api.Test;

class CaffeSchemaTest {

    @Test
    void layerDefinitionsSurviveBinaryEncoding() throws Exception {
        Message layer = TextFormat.parse("""
                name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                param { lr_mult: 1 decay_mult: 1 } param { lr_mult: 2 decay_mult: 0 }
                convolution_param { num_output: 96 pad: 1 pad: 2 kernel_size: 11 stride: 4 group: 2 bias_term: false
                  weight_filler { type: "gaussian" std: 0.01 } }
                include { phase: TEST }
                pooling_param { pool: AVE global_pooling: true round_mode: CEIL }
                flatten_param { axis: 1 end_axis: -1 }
                input_param { shape { dim: 10 dim: 3 dim: 227 dim: 227 } }
                lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 norm_region: WITHIN_CHANNEL }
                unknown_param { x: 1 }
                """, "t");
        byte[] bin = CaffeSchema.encode(layer, "LayerParameter", null);
        WireReader r = new WireReader(new ByteArrayInputStream(bin), bin.length, "bin");
        Message back = CaffeSchema.decode(r, bin.length, "LayerParameter");
        String expected = layer.toString().replaceAll("(?s)unknown_param \\{.*?\\}\\n", "")
                .replace("alpha: 0.0001", "alpha: 1.0E-4").replace("lr_mult: 1\n", "lr_mult: 1.0\n")
                .replace("lr_mult: 2\n", "lr_mult: 2.0\n").replace("decay_mult: 1\n", "decay_mult: 1.0\n")
                .replace("decay_mult: 0\n", "decay_mult: 0.0\n").replace("beta: 0.75", "beta: 0.75");
        assertEquals(expected, back.toString());
        assertEquals(-1, back.message("flatten_param").int32("end_axis", 0));
        assertEquals(0.0001f, back.message("lrn_param").float32("alpha", 0));
    }
}
