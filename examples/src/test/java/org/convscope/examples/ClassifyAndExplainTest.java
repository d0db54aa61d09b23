package org.convscope.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the library example as a user would, and checks what it printed and drew. */
class ClassifyAndExplainTest {
    @TempDir
    Path dir;

    @Test
    void classifiesTheTriangleAndDrawsBothPictures() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ClassifyAndExplain.main(new String[] {dir.toString()});
        } finally {
            System.setOut(stdout);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("class 2 (triangle), probability 0.9"), text);

        for (String name : new String[] {"gradcam.png", "guided_conv3_0.png"}) {
            BufferedImage img = ImageIO.read(dir.resolve(name).toFile());
            assertEquals(224, img.getWidth(), name);
            assertEquals(224, img.getHeight(), name);
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 4) {
                for (int x = 0; x < img.getWidth(); x += 4) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 20, name + " is nearly flat: " + colours.size() + " colours");
        }
    }
}
