package org.convscope.nn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * What a device reaches on this machine, measured by a short calibration: the best of a few runs
 * of a 1024 x 1024 x 1024 matrix product (GFLOP/s, 2 x multiply-adds) and of a 64 MB copy (GB/s,
 * read and write counted). Per-layer figures are then read as a fraction of these: of what this
 * device does on this machine at its best, not of a data-sheet number.
 *
 * <p>Measuring takes a second or two; {@link #cached} keeps the figures in a properties file
 * (by default {@code $XDG_CACHE_HOME/convscope/calibration.properties}, else
 * {@code ~/.cache/convscope/calibration.properties}) under the device's name and the processor
 * count, so a machine that changes (another VM) is calibrated again.
 *
 * @param gflops   the matrix product's rate
 * @param gbs      the copy's rate
 * @param measured when
 */
public record DeviceCalibration(String key, double gflops, double gbs, String measured) {

    /** Matrix side of the calibration product. */
    static final int GEMM_SIZE = 1024;

    /** Floats of the calibration copy (64 MB). */
    static final int COPY_FLOATS = 16 << 20;

    /** The key the figures of {@code device} are kept under: its name and this machine's processor count. */
    public static String keyOf(Device device) {
        return device.name() + " / " + Runtime.getRuntime().availableProcessors() + " processors";
    }

    /** The default cache file (see the class comment). */
    public static Path defaultCacheFile() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("convscope").resolve("calibration.properties");
    }

    /** Measures the device now (best of {@code runs}). */
    public static DeviceCalibration measure(Device d, int runs) {
        int n = GEMM_SIZE;
        Tensor a = Tensor.uniform(d, 1, -1f, 1f, n, n);
        Tensor b = Tensor.uniform(d, 2, -1f, 1f, n, n);
        Tensor c = Tensor.zeros(d, n, n);
        Tensor src = Tensor.uniform(d, 3, -1f, 1f, COPY_FLOATS);
        Tensor dst = Tensor.zeros(d, COPY_FLOATS);
        d.gemm(false, false, n, n, n, 1f, a, b, 0f, c); // warm-up: kernels built, memory touched
        d.copy(src, dst);
        d.synchronize();
        double gemmMs = Double.MAX_VALUE;
        double copyMs = Double.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime();
            d.gemm(false, false, n, n, n, 1f, a, b, 0f, c);
            d.synchronize();
            gemmMs = Math.min(gemmMs, (System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            d.copy(src, dst);
            d.synchronize();
            copyMs = Math.min(copyMs, (System.nanoTime() - t) / 1e6);
        }
        double flops = 2.0 * n * n * n;
        double bytes = 2.0 * 4 * COPY_FLOATS;
        return new DeviceCalibration(keyOf(d), flops / (gemmMs * 1e6), bytes / (copyMs * 1e6),
                Instant.now().toString());
    }

    /**
     * The figures of {@code device} from {@code file}, or measured now and added to it when the file
     * has none for it or {@code recalibrate}; a file that cannot be read or written only costs the
     * measurement.
     */
    public static DeviceCalibration cached(Device device, Path file, boolean recalibrate) {
        String key = keyOf(device);
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                p.clear();
            }
        }
        if (!recalibrate) {
            DeviceCalibration c = parse(key, p);
            if (c != null) {
                return c;
            }
        }
        DeviceCalibration c = measure(device, 5);
        p.setProperty(key + ".gflops", Double.toString(c.gflops()));
        p.setProperty(key + ".gbs", Double.toString(c.gbs()));
        p.setProperty(key + ".measured", c.measured());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "calibration", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "ConvScope device calibration (convscope time): GFLOP/s of a 1024^3 matrix product, GB/s of a 64 MB copy");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // not cached: measured again next time
        }
        return c;
    }

    private static DeviceCalibration parse(String key, Properties p) {
        try {
            String g = p.getProperty(key + ".gflops");
            String b = p.getProperty(key + ".gbs");
            if (g == null || b == null) {
                return null;
            }
            double gf = Double.parseDouble(g);
            double gb = Double.parseDouble(b);
            if (!(gf > 0) || !(gb > 0) || Double.isInfinite(gf) || Double.isInfinite(gb)) {
                return null;
            }
            return new DeviceCalibration(key, gf, gb, p.getProperty(key + ".measured", "?"));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
