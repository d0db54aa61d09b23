package org.convscope.nn.caffe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextFormatTest {

    @Test
    void parsesNestedRepeatedEnumsStringsAndComments() throws Exception {
        String text = """
                # a comment
                name: "Le\\"Net"  # trailing comment
                input: 'data'
                input_dim: 1 input_dim: 3
                layer {
                  name: "conv1" type: "Convolution"
                  convolution_param { num_output: 20 kernel_size: 5 pad: [1, 2] bias_term: false }
                  param < lr_mult: 1.5e-1 >
                  include { phase: TEST }
                }
                layer: { name: "pool1"; pooling_param { pool: MAX } }
                value: -0.25 big: 1e10 hex: 0x1F
                joined: "ab" 'cd'
                """;
        Message m = TextFormat.parse(text, "t");
        assertEquals("Le\"Net", m.string("name", null));
        assertEquals(List.of(1L, 3L), m.integers("input_dim"));
        List<Message> layers = m.messages("layer");
        assertEquals(2, layers.size());
        Message conv = layers.get(0).message("convolution_param");
        assertEquals(20, conv.int32("num_output", 0));
        assertEquals(List.of(1L, 2L), conv.integers("pad"));
        assertEquals(false, conv.bool("bias_term", true));
        assertEquals(0.15f, layers.get(0).message("param").float32("lr_mult", 0), 1e-7);
        assertEquals("TEST", layers.get(0).message("include").string("phase", null));
        assertEquals("MAX", layers.get(1).message("pooling_param").string("pool", null));
        assertEquals(-0.25f, m.float32("value", 0));
        assertEquals(31, m.int32("hex", 0));
        assertEquals("abcd", m.string("joined", null));
        // printing and parsing again gives the same tree
        Message again = TextFormat.parse(m.toString(), "printed");
        assertEquals(m.toString(), again.toString());
    }

    @Test
    void errorsSayWhere() {
        CaffeFormatException e = assertThrows(CaffeFormatException.class,
                () -> TextFormat.parse("name: \"x\"\nlayer {\n  name: \"a\"\n", "bad.prototxt"));
        assertTrue(e.getMessage().startsWith("bad.prototxt:4:1: unexpected end of file: missing '}'"), e.getMessage());
        e = assertThrows(CaffeFormatException.class, () -> TextFormat.parse("a: \"open\n", "s"));
        assertTrue(e.getMessage().contains("unterminated string"), e.getMessage());
        e = assertThrows(CaffeFormatException.class, () -> TextFormat.parse("a 3", "s"));
        assertTrue(e.getMessage().contains("expected ':' or '{'"), e.getMessage());
        IllegalArgumentException ie = assertThrows(IllegalArgumentException.class,
                () -> TextFormat.parse("a: x", "s").int32("a", 0));
        assertTrue(ie.getMessage().contains("'x' is not an integer"), ie.getMessage());
    }
}
