package org.convscope.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package documentation ({@code package-info.java}) names every {@code .cl} file of the
 * resources and every numbered variant of each kernel family, so that a new file or variant
 * cannot be added without saying what it is.
 */
class KernelsPackageDocsTest {
    private static final Path SOURCES = Path.of("src/main");

    @Test
    void namesEveryKernelFileAndEveryVariant() throws IOException {
        String doc = Files.readString(SOURCES.resolve("java/org/convscope/kernels/package-info.java"));
        List<String> missing = new ArrayList<>();
        List<String> files;
        try (Stream<Path> s = Files.list(SOURCES.resolve("resources/org/convscope/kernels"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cl")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no .cl files found under " + SOURCES.toAbsolutePath());
        for (String f : files) {
            if (!doc.contains("{@code " + f + "}")) {
                missing.add(f);
            }
        }
        OpenClDevice.variants().forEach((family, variants) -> {
            String section = doc.substring(doc.indexOf("{@code " + family + ".cl}"));
            section = section.substring(0, section.indexOf("</li>"));
            for (int v = 1; v <= variants.size(); v++) {
                if (!section.matches("(?s).*\\bv" + v + "\\b.*")) {
                    missing.add(family + " v" + v);
                }
            }
        });
        assertEquals(List.of(), missing, "not named in kernels/package-info.java");
    }
}
