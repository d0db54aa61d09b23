package org.convscope.tensor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the shared test data ({@code ../shared/data}: images, models) lives, for the tests of
 * every module. Looked up in this order:
 * <ol>
 * <li>the system property {@code convscope.data} (the parent pom's surefire configuration sets it
 *     to {@code ${maven.multiModuleProjectDirectory}/../shared/data});</li>
 * <li>{@code ../shared/data} relative to the repository root, found by walking up from the
 *     working directory to the directory whose {@code pom.xml} has the {@code tensor} module beside it.</li>
 * </ol>
 * A test that needs the data calls {@link #require(String)}, which skips the test (a JUnit
 * assumption, reported as skipped with the paths tried) when the data is absent.
 */
public final class TestData {
    /** The system property that names the data directory. */
    public static final String PROPERTY = "convscope.data";

    private TestData() {
    }

    /** The data directory, if one of the places in the class comment has it. */
    public static Optional<Path> root() {
        for (Path p : candidates()) {
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The file or directory {@code relative} (e.g. {@code images/caffe/cat.jpg}) inside the data
     * directory; skips the calling test with a message when it is not there.
     */
    public static Path require(String relative) {
        Optional<Path> root = root();
        Assumptions.assumeTrue(root.isPresent(), () -> "shared test data not found (tried " + candidates()
                + "); set -D" + PROPERTY + "=<dir> or put shared/data beside the repository to run this test");
        Path p = root.get().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), () -> "test data file " + p + " is missing; skipping");
        return p;
    }

    /** The places looked at, in order. */
    static List<Path> candidates() {
        List<Path> list = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            list.add(Paths.get(prop).toAbsolutePath().normalize());
        }
        repositoryRoot().map(r -> r.resolve("../shared/data").normalize())
                .filter(p -> !list.contains(p)).ifPresent(list::add);
        return list;
    }

    /** The repository root: the nearest directory, from the working directory up, with pom.xml and tensor/. */
    static Optional<Path> repositoryRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("tensor"))) {
                return Optional.of(dir);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }
}
