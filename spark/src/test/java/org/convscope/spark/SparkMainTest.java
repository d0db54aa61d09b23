package org.convscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User mistakes on the command line: exit 2 and one line naming the command, before any Spark session starts. */
class SparkMainTest {
    @TempDir
    Path tmp;

    private static String[] err(String command, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SparkMain.run(command, args);
        } finally {
            System.setErr(old);
        }
        return new String[] {String.valueOf(code), buf.toString(StandardCharsets.UTF_8).trim()};
    }

    @Test
    void aMissingMasterIsOneLineWithTheHint() {
        String[] r = err("topk", "--model", "demo", "--blob", "conv1", "--out", tmp.resolve("o").toString(), tmp.toString() + "/none.png");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].startsWith("convscope-spark topk: no Spark master: give --master local[2]"), r[1]);
        assertEquals(1, r[1].lines().count(), r[1]);
    }

    @Test
    void aFolderWithoutImagesIsOneLine() {
        String[] r = err("occlusion", "--master", "local[1]", "--model", "demo", "--out", tmp.resolve("o").toString(), tmp.toString());
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].startsWith("convscope-spark occlusion: no images found in"), r[1]);
    }
}
