package org.convscope.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;

class TestDataTest {

    @Test
    void looksAtThePropertyFirstThenBesideTheRepository() {
        List<Path> candidates = TestData.candidates();
        String prop = System.getProperty(TestData.PROPERTY);
        if (prop != null && !prop.isBlank()) {
            assertEquals(Paths.get(prop).toAbsolutePath().normalize(), candidates.get(0));
        }
        Path root = TestData.repositoryRoot().orElseThrow();
        assertTrue(Files.isRegularFile(root.resolve("tensor/pom.xml")), root.toString());
        assertTrue(candidates.contains(root.resolve("../shared/data").normalize()), candidates.toString());
    }

    @Test
    void requireGivesAnExistingPathOrSkips() {
        Path images = TestData.require("images");
        assertTrue(Files.isDirectory(images), images.toString());
    }
}
