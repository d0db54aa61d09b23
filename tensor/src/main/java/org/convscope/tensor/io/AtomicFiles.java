package org.convscope.tensor.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files written whole or not at all: the bytes go to a temporary file beside the target, which is
 * then moved into place, so a failed write never leaves a half file (or a damaged old one).
 * Every writer of the project (PNGs, caffemodels, run outputs) goes through here.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** A new empty temporary file in {@code target}'s folder (the folder must exist). */
    public static Path tempBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        return Files.createTempFile(dir, "." + target.getFileName(), ".part");
    }

    /**
     * Moves {@code tmp} over {@code target} (atomically where the file system can) and gives it
     * the ordinary permissions of a written file ({@code rw-r--r--}; temporary files are private).
     */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults stand
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code bytes} to {@code target} whole or not at all. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = tempBeside(target);
        try {
            Files.write(tmp, bytes);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
