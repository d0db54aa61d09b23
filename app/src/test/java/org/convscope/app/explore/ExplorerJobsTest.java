package org.convscope.app.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.data.Shapes;
import org.convscope.tensor.Devices;
import org.convscope.vis.demo.DemoModel;
import org.convscope.vis.patches.MaxPatches;

/**
 * The explorer's long jobs: the top-9 scan over {@code --data} (background, progress, figure, the
 * disk cache a second server finds) and the optimized image (progress streamed as server-sent
 * events, a result, cancel), with small requests served while a job runs.
 */
class ExplorerJobsTest {
    static final String DATA = "shapes:3:64";
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    ExplorerServer server(Path cache, List<Path> given) throws Exception {
        Net net = DemoModel.load(Devices.cpu());
        return ExplorerServer.start(net, "demo", DemoModel.preprocessing(), ClassNames.of(Shapes.CLASSES),
                ExplorerServer.Settings.defaults().withPort(0).withData(DATA, cache), given);
    }

    HttpResponse<byte[]> send(ExplorerServer s, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.url() + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode json(ExplorerServer s, String method, String path) throws Exception {
        return JSON.readTree(send(s, method, path).body());
    }

    JsonNode waitFor(ExplorerServer s, String path, String state) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode j = json(s, "GET", path);
            if (j.get("state").asText().equals(state)) {
                return j;
            }
            assertTrue(!j.get("state").asText().equals("failed"), j.toString());
            Thread.sleep(50);
        }
        throw new AssertionError(path + " never reached " + state);
    }

    @Test
    void topNineScanRunsInTheBackgroundAndIsCachedOnDisk() throws Exception {
        Path cache = dir.resolve("cache");
        byte[] figure;
        try (ExplorerServer s = server(cache, List.of())) {
            assertEquals(DATA, json(s, "GET", "api/model").get("data").asText());
            assertEquals("idle", json(s, "GET", "api/patches/conv2").get("state").asText());
            assertEquals(409, send(s, "GET", "api/patches/conv2/5").statusCode());
            HttpResponse<byte[]> started = send(s, "POST", "api/patches/conv2");
            assertEquals(202, started.statusCode());
            assertEquals(64, JSON.readTree(started.body()).get("total").asInt());
            JsonNode done = waitFor(s, "api/patches/conv2", "done");
            assertEquals(64, done.get("done").asInt());
            HttpResponse<byte[]> f = send(s, "GET", "api/patches/conv2/5");
            assertEquals(200, f.statusCode(), () -> new String(f.body()));
            figure = f.body();
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(figure));
            assertTrue(img.getWidth() > img.getHeight(), "patches beside their projections");
            assertEquals(404, send(s, "GET", "api/patches/conv2/64").statusCode());
            assertEquals(404, send(s, "POST", "api/patches/nosuch").statusCode());
        }
        List<Path> files;
        try (Stream<Path> l = Files.list(cache)) {
            files = l.toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).getFileName().toString().startsWith("topk-"));

        // the cached hits are those of a scan of the same images, and a new server starts from them
        Net net = DemoModel.load(Devices.cpu());
        ExplorerData data = ExplorerData.open(DATA, DemoModel.preprocessing(), false);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            all.add(i);
        }
        MaxPatches.Result direct = MaxPatches.find(net, data.images(), new MaxPatches.Request("conv2", all, null, null, 9, 16), null);
        JsonNode cached = JSON.readTree(files.get(0).toFile()).get("hits").get(5);
        for (int r = 0; r < 9; r++) {
            assertEquals(direct.hits().get(5).get(r).image(), cached.get(r).get("image").asInt());
            assertEquals(direct.hits().get(5).get(r).value(), (float) cached.get(r).get("value").asDouble());
        }
        try (ExplorerServer again = server(cache, List.of())) {
            assertEquals("done", JSON.readTree(send(again, "POST", "api/patches/conv2").body()).get("state").asText());
            assertArrayEquals(figure, send(again, "GET", "api/patches/conv2/5").body());
        }
    }

    @Test
    void optimizedImageStreamsItsProgressAndSmallRequestsPassMeanwhile() throws Exception {
        Path photo = Explorers.photo(dir, "p.png", 80, 60, 2);
        String id = ImageStore.id(Files.readAllBytes(photo));
        try (ExplorerServer s = server(dir.resolve("c"), List.of(photo))) {
            HttpResponse<byte[]> r = send(s, "POST", "api/optimize/conv3/4?iterations=25");
            assertEquals(202, r.statusCode(), () -> new String(r.body()));
            String job = JSON.readTree(r.body()).get("id").asText();
            HttpResponse<Stream<String>> ev = http.send(HttpRequest.newBuilder(URI.create(s.url() + "api/jobs/" + job + "/events"))
                    .build(), HttpResponse.BodyHandlers.ofLines());
            assertTrue(ev.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            List<JsonNode> events = new ArrayList<>();
            ev.body().filter(l -> l.startsWith("data: ")).forEach(l -> {
                try {
                    events.add(JSON.readTree(l.substring(6)));
                } catch (Exception e) {
                    throw new AssertionError(l, e);
                }
            });
            JsonNode last = events.get(events.size() - 1);
            assertEquals("done", last.get("state").asText(), events.toString());
            assertEquals(25, last.get("step").asInt());
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).get("step").asInt() >= events.get(i - 1).get("step").asInt());
            }
            HttpResponse<byte[]> png = send(s, "GET", "api/jobs/" + job + "/result");
            assertEquals(200, png.statusCode());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
            BufferedImage input = ImageIO.read(new ByteArrayInputStream(send(s, "GET", "api/images/" + id + "/input").body()));
            assertEquals(input.getWidth(), img.getWidth());

            // a long one, cancelled; a classification is answered while it runs
            String longJob = json(s, "POST", "api/optimize/class/3?iterations=2000").get("id").asText();
            waitFor(s, "api/jobs/" + longJob, "running");
            while (json(s, "GET", "api/jobs/" + longJob).get("step").asInt() < 2) {
                Thread.sleep(20);
            }
            assertEquals(200, send(s, "GET", "api/images/" + id + "/classify").statusCode());
            JsonNode during = json(s, "GET", "api/jobs/" + longJob);
            assertEquals("running", during.get("state").asText(), "the job still runs after the classification: " + during);
            assertEquals(202, send(s, "DELETE", "api/jobs/" + longJob).statusCode());
            JsonNode end = waitFor(s, "api/jobs/" + longJob, "cancelled");
            assertTrue(end.get("step").asInt() < 2000);
            assertEquals(409, send(s, "GET", "api/jobs/" + longJob + "/result").statusCode());
        }
    }
}
