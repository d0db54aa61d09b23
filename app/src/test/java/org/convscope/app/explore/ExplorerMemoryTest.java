package org.convscope.app.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap after a full collection stays where it was over 10,000 requests (cheap ones: the
 * model, classifications, uploads of one image, refusals), and the uploads kept are bounded.
 */
class ExplorerMemoryTest {
    @TempDir
    Path dir;

    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, m.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    @Test
    void heapIsFlatOverTenThousandRequests() throws Exception {
        Path photo = Explorers.photo(dir, "photo.png", 64, 64, 2);
        byte[] bytes = Files.readAllBytes(photo);
        String id = ImageStore.id(bytes);
        try (ExplorerServer server = Explorers.demoServer(1 << 20, List.of(photo))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = server.url();
            HttpRequest model = HttpRequest.newBuilder(URI.create(base + "api/model")).build();
            HttpRequest missing = HttpRequest.newBuilder(URI.create(base + "api/images/0123456789abcdef/classify")).build();
            HttpRequest upload = HttpRequest.newBuilder(URI.create(base + "api/images"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            HttpRequest traversal = HttpRequest.newBuilder(URI.create(base + "api/images/%2e%2e/classify")).build();
            HttpRequest classify = HttpRequest.newBuilder(URI.create(base + "api/images/" + id + "/classify")).build();
            // mostly cheap requests, one in ten runs the net
            List<HttpRequest> mix = List.of(model, missing, upload, traversal, model, missing, upload, traversal, model,
                    classify);
            int[] expected = {200, 404, 201, 400, 200, 404, 201, 400, 200, 200};
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                run(http, pool, mix, expected, 500);
                long before = usedAfterGc();
                long t0 = System.nanoTime();
                run(http, pool, mix, expected, 10_000);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long after = usedAfterGc();
                System.out.printf("explorer: 10000 requests in %.1f s; heap after GC %.1f -> %.1f MiB%n", seconds,
                        before / 1048576.0, after / 1048576.0);
                assertTrue(after - before < (16L << 20), "heap grew by " + (after - before) / 1048576.0 + " MiB");

                // distinct uploads: only the most recent are kept
                for (int i = 0; i < 80; i++) {
                    byte[] b = Files.readAllBytes(Explorers.photo(dir, "u" + i + ".png", 8, 8, i));
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "api/images"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(b)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(201, r.statusCode(), r.body());
                }
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base + "api/images")).build(),
                        HttpResponse.BodyHandlers.ofString());
                int kept = list.body().split("\"id\"").length - 1;
                assertEquals(1 + ExplorerServer.Settings.defaults().keptUploads(), kept);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void run(HttpClient http, ExecutorService pool, List<HttpRequest> mix, int[] expected, int total)
            throws Exception {
        int threads = 4;
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int start = t;
            fs.add(pool.submit(() -> {
                for (int i = start; i < total; i += threads) {
                    int k = i % mix.size();
                    HttpResponse<byte[]> r = http.send(mix.get(k), HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != expected[k]) {
                        throw new AssertionError(mix.get(k).uri() + " answered " + r.statusCode() + ": " + new String(r.body()));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
    }
}
