package org.convscope.vis.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The folder one run writes into: PNG files (and the manifest) that never replace an input file.
 *
 * <p>Every write goes to a temporary file in the folder and is then moved onto its name, so a
 * failed write leaves no half file; the folder (and its parents) are created on the first write.
 * A name that resolves to one of the run's input files (the same path, a link to it, or a hard
 * link) is refused with an {@link IllegalArgumentException} and nothing is written. Earlier
 * outputs of the same name are replaced. The files written are remembered, in order, for the
 * manifest.
 *
 * <p>PNG bytes depend only on the pixels: the image is written by the JDK's PNG writer with no
 * metadata (no time, no software name), so the same image gives the same bytes.
 */
public final class RunOutput {
    private final Path dir;
    private final List<Path> inputs;
    private final List<String> written = new ArrayList<>();

    /**
     * @param dir    output folder (created when the first file is written)
     * @param inputs files this run reads; none of them is ever written
     */
    public RunOutput(Path dir, Collection<Path> inputs) {
        this.dir = dir.toAbsolutePath().normalize();
        this.inputs = new ArrayList<>();
        for (Path p : inputs) {
            this.inputs.add(p.toAbsolutePath().normalize());
        }
    }

    public Path dir() {
        return dir;
    }

    /** Names written so far, relative to {@link #dir()}, in order (a name written twice appears once). */
    public List<String> files() {
        return List.copyOf(written);
    }

    /** Writes {@code image} as PNG to {@code name} (relative, may hold sub-folders) and returns the path. */
    public Path writePng(String name, BufferedImage image) throws IOException {
        return writeBytes(name, pngBytes(image));
    }

    /** Writes {@code bytes} to {@code name} under the same rules and returns the path. */
    public Path writeBytes(String name, byte[] bytes) throws IOException {
        Path target = resolve(name);
        refuseInput(target);
        Files.createDirectories(target.getParent());
        // created like any new file (the umask decides its permissions), unlike createTempFile's 0600
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        String rel = dir.relativize(target).toString().replace('\\', '/');
        if (!written.contains(rel)) {
            written.add(rel);
        }
        return target;
    }

    /** The PNG encoding of an image (no metadata chunks, deterministic). */
    public static byte[] pngBytes(BufferedImage image) {
        ImageIO.setUseCache(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Path resolve(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an output file needs a name");
        }
        Path target = dir.resolve(name).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw new IllegalArgumentException("output name '" + name + "' leaves the output folder " + dir);
        }
        return target;
    }

    private void refuseInput(Path target) throws IOException {
        for (Path in : inputs) {
            boolean same = in.equals(target)
                    || (Files.exists(target) && Files.exists(in) && Files.isSameFile(in, target));
            if (same) {
                throw new IllegalArgumentException("refusing to write " + target + ": it is an input of this run ("
                        + in + "); choose another output folder");
            }
        }
    }
}
