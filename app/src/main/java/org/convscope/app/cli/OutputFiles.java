package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Output paths that never write over a file the command reads. */
final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * {@code dir/name}, refused when it is one of the inputs.
     *
     * @throws IllegalArgumentException naming the input that would be overwritten
     */
    static Path target(Path dir, String name, Path... inputs) throws IOException {
        Path file = dir.resolve(name.replace('/', '_'));
        if (Files.exists(file)) {
            for (Path in : inputs) {
                if (in != null && Files.exists(in) && Files.isSameFile(file, in)) {
                    throw new IllegalArgumentException("refusing to write " + file + " over the input file " + in
                            + "; choose another --out");
                }
            }
        }
        return file;
    }
}
