package org.convscope.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripAndHeaderLayout() throws Exception {
        float[] v = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 7;
        }
        Path f = dir.resolve("x.npy");
        Npy.write(f, v, 2, 3, 4, 5);
        byte[] b = Files.readAllBytes(f);
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "data starts on a 64-byte boundary");
        String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4, 5), }", header.trim());
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLen + 4 * v.length, b.length);
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new int[] {2, 3, 4, 5}, a.shape());
        assertArrayEquals(v, a.data());
        // a 1-D shape is written with its trailing comma, as NumPy does
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, new float[] {1, 2, 3}, 3);
        assertTrue(out.toString(StandardCharsets.ISO_8859_1).contains("'shape': (3,), }"));
    }

    private static byte[] npy(String dict, byte[] payload) {
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + payload.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(payload, 0, out, 10 + h.length, payload.length);
        return out;
    }

    @Test
    void readsOtherDtypesAndFortranOrder() throws Exception {
        byte[] i4 = {1, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        Npy.Array a = Npy.read(new ByteArrayInputStream(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", i4)), "i4");
        assertArrayEquals(new float[] {1, -1}, a.data());
        byte[] u1 = {0, 1, 2, 3, 4, 5};
        // Fortran order 2x3: memory holds column by column
        Npy.Array f = Npy.read(new ByteArrayInputStream(npy("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", u1)), "u1");
        assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, f.data());
        byte[] be = {0x3f, (byte) 0x80, 0, 0};
        assertArrayEquals(new float[] {1f}, Npy.read(new ByteArrayInputStream(
                npy("{'descr': '>f4', 'fortran_order': False, 'shape': (), }", be)), "be").data());
        byte[] half = {0, 0x3c};
        assertArrayEquals(new float[] {1f}, Npy.read(new ByteArrayInputStream(
                npy("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", half)), "f2").data());
    }

    @Test
    void badFiles() {
        IOException e = assertThrows(IOException.class,
                () -> Npy.read(new ByteArrayInputStream("hello world".getBytes(StandardCharsets.US_ASCII)), "t.npy"));
        assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
        byte[] trunc = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", new byte[6]);
        e = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(trunc), "cut.npy"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
