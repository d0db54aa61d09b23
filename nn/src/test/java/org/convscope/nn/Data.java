package org.convscope.nn;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test data ({@code -Dconvscope.data}, default {@code ../shared/data}); tests skip with a message without it. */
public final class Data {
    private Data() {
    }

    /**
     * The data folder: {@code -Dconvscope.data} when it exists, else the first {@code shared/data}
     * found walking up from the working directory.
     */
    public static Path root() {
        Path given = Path.of(System.getProperty("convscope.data", "../shared/data"));
        if (Files.isDirectory(given)) {
            return given;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/data"))) {
                return p.resolve("shared/data");
            }
        }
        return given;
    }

    /** A file under the data folder; skips the calling test (with a message) when it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), "test data " + p.toAbsolutePath()
                + " not found: set -Dconvscope.data to the shared data folder to run this test");
        return p;
    }
}
