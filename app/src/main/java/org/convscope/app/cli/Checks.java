package org.convscope.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convscope.nn.io.Npy;
import org.convscope.tensor.Device;
import org.convscope.tensor.Finite;
import org.convscope.tensor.Tensor;

/**
 * Checks the commands share on what comes in (arrays read from files, output folders) and what goes
 * out (no NaN or infinity is ever printed or written as a result).
 */
final class Checks {
    private Checks() {
    }

    /** A {@code .npy} array given as {@code flag}, refused when a value is NaN or infinite (with its position). */
    static Tensor finiteArray(String flag, Path file, Device device) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(flag + " " + file + " is a directory; give a .npy file");
        }
        Npy.Array a = Npy.read(file);
        Finite.require(a.data(), a.shape(), flag + " " + file);
        return a.toTensor(device);
    }

    /**
     * Refuses a result with a NaN or infinite value: a wrong answer must not look like one.
     *
     * @param what names the result, e.g. {@code blob 'prob'}
     */
    static void finiteResult(Tensor t, String what) {
        finiteResult(t.toArray(), t.shape().dims(), what);
    }

    static void finiteResult(float[] v, int[] shape, String what) {
        int i = Finite.firstNonFinite(v);
        if (i >= 0) {
            throw new IllegalArgumentException(what + " is " + v[i] + " at [" + Finite.position(i, shape)
                    + "]: the computation overflowed float (inputs, weights or flags too large); nothing written");
        }
    }

    /**
     * {@code --out DIR}: refused up front, before any work and without creating anything, when it is
     * a file, or it (or the nearest folder above it that exists) cannot be written.
     */
    static void outputDir(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a directory; give a directory to write into");
        }
        Path p = out.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p != null && !Files.isDirectory(p)) {
            throw new IllegalArgumentException("--out " + out + " cannot be created: " + p + " is a file");
        }
        if (p != null && !Files.isWritable(p)) {
            throw new IllegalArgumentException("--out " + out + (p.equals(out.toAbsolutePath()) ? " is not writable"
                    : " cannot be created in " + p) + " (permission denied)");
        }
    }

    static String gb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /**
     * Refuses to start a job estimated to need more than the memory there is, with both figures and
     * what to change.
     *
     * @param what  what needs the memory, e.g. {@code the net's blobs at 1x3x3000x3000}
     * @param bytes the estimate
     * @param hint  which flag makes it smaller
     */
    static void memory(String what, long bytes, org.convscope.tensor.Device device, String hint) {
        boolean cpu = device instanceof org.convscope.tensor.cpu.CpuDevice;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new IllegalArgumentException(what + " needs " + gb(bytes) + ", the Java heap is " + gb(heap) + ": "
                    + hint + " or give Java more heap (CONVSCOPE_JAVA_OPTS=-Xmx" + (bytes * 3 / 2 >> 30) + "g)");
        }
        if (!cpu && bytes > device.memoryBytes()) {
            throw new IllegalArgumentException(what + " needs " + gb(bytes) + ", the device " + device.name() + " has "
                    + gb(device.memoryBytes()) + ": " + hint + " or use --device cpu");
        }
    }

    /**
     * A net's forward and backward pass at its current shapes: the blobs, their gradients and the
     * weights (an estimate; convolution workspaces come on top).
     */
    static void netMemory(org.convscope.nn.Net net, org.convscope.tensor.Device device, String hint) {
        long bytes = 2 * net.blobBytes() + 4 * net.parameterCount();
        memory("net '" + net.name() + "' at input " + net.shape(net.inputNames().get(0)), bytes, device, hint);
    }

    /**
     * The pictures a run draws at {@code h x w} enlarged until the longer side reaches {@code minSide}
     * (a few 4-byte images and float maps of that size).
     */
    static void pictureMemory(int h, int w, int minSide) {
        long f = Math.max(1, (minSide + (long) Math.max(h, w) - 1) / Math.max(h, w));
        long pixels = f * h * f * w;
        memory("pictures of " + f * h + " x " + f * w + " pixels (--min-side " + minSide + ")", 32L * pixels,
                org.convscope.tensor.Devices.cpu(), "use a smaller --min-side");
    }

    /**
     * A step size in grey levels ({@code --lr}) must be finite, positive, and move a pixel by less
     * than the whole range of valid values in one step: a larger step saturates every pixel at
     * the first iteration and the run would end with a clipped image that looks like a result.
     *
     * @param scale the preprocessing scale (input units per grey level)
     * @param box   the valid input range {lo, hi}, input units
     */
    static void stepSize(String flag, double lr, float scale, float[] box) {
        double range = (box[1] - box[0]) / Math.abs(scale);
        if (!(lr > 0) || !Double.isFinite(lr) || lr >= range) {
            throw new IllegalArgumentException(flag + " " + (float) lr + " is not a usable step: it must be a finite number above 0"
                    + " and below the range of pixel values (" + String.format(java.util.Locale.ROOT, "%.0f", range)
                    + " grey levels), or every pixel saturates at the first step; try the default");
        }
    }

    /** Refuses a net with more than one input: {@code what} (a command, "the explorer") takes one. */
    static void oneInput(org.convscope.nn.Net net, String what) {
        if (net.inputNames().size() != 1) {
            throw new IllegalArgumentException("net '" + net.name() + "' has inputs " + net.inputNames() + "; " + what
                    + " takes one");
        }
    }

    /** Names given as a comma list, refused when one is empty ({@code --blobs ,}). */
    static List<String> names(String flag, List<String> names) {
        if (names == null || names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(flag + " '" + (names == null ? "" : String.join(",", names))
                    + "' has an empty name in its comma list; give blob names, e.g. " + flag + " conv1,prob");
        }
        return names;
    }
}
