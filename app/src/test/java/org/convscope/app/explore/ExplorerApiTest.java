package org.convscope.app.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.vis.demo.DemoModel;

/**
 * Every endpoint of the explorer's API through a real HTTP client, against the demo model on the
 * CPU device: answers equal to what the commands write for the same image, the refusals (paths,
 * sizes, ids, non-images), and 8 clients at once getting what one client gets alone.
 */
class ExplorerApiTest {
    static final long LIMIT = 256 << 10;

    @TempDir
    static Path dir;

    static Path photo;
    static String photoId;
    static ExplorerServer server;
    static HttpClient http;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        photo = Explorers.photo(dir, "photo.jpg", 160, 120, 1);
        photoId = ImageStore.id(Files.readAllBytes(photo));
        server = Explorers.demoServer(LIMIT, List.of(photo));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> get(String rawPath) throws Exception {
        return send("GET", rawPath, null);
    }

    static HttpResponse<byte[]> send(String method, String rawPath, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + rawPath.substring(1)));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), "a JSON answer");
        return JSON.readTree(r.body());
    }

    static BufferedImage png(HttpResponse<byte[]> r) throws IOException {
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertNotNull(img, "a PNG");
        return img;
    }

    static String img(String what) {
        return "/api/images/" + photoId + "/" + what;
    }

    @Test
    void modelListsEveryBlobWithItsShapeAndEveryLayer() throws Exception {
        JsonNode m = json(get("/api/model"));
        Net net = DemoModel.architecture(Devices.cpu());
        List<String> seen = new ArrayList<>();
        for (JsonNode b : m.get("blobs")) {
            String name = b.get("name").asText();
            seen.add(name);
            int[] dims = JSON.convertValue(b.get("shape"), int[].class);
            assertArrayEquals(net.shape(name).dims(), dims, name);
        }
        assertTrue(seen.containsAll(List.of("conv1", "pool1", "conv2", "conv3", "fc6", "fc8")), seen.toString());
        assertEquals(net.layers().size(), m.get("layers").size());
        assertEquals(10, m.get("classes").asInt());
        assertEquals("circle", m.get("labels").get(0).asText());
        assertTrue(m.get("hash").asText().matches("[0-9a-f]{16}"));
    }

    @Test
    void uploadAnswersTheContentIdAndTheSameBytesAreOneImage() throws Exception {
        byte[] bytes = Files.readAllBytes(Explorers.photo(dir, "up.png", 90, 70, 3));
        HttpResponse<byte[]> r = send("POST", "/api/images?name=up.png", bytes);
        assertEquals(201, r.statusCode(), () -> new String(r.body()));
        JsonNode e = json(r);
        assertEquals(ImageStore.id(bytes), e.get("id").asText());
        assertEquals(90, e.get("width").asInt());
        assertEquals("up.png", e.get("name").asText());
        assertEquals(e.get("id").asText(), json(send("POST", "/api/images", bytes)).get("id").asText());
        JsonNode list = json(get("/api/images")).get("images");
        List<String> ids = new ArrayList<>();
        list.forEach(i -> ids.add(i.get("id").asText()));
        assertTrue(ids.contains(photoId) && ids.contains(e.get("id").asText()), ids.toString());
        assertEquals("photo.jpg", json(get("/api/images/" + photoId)).get("name").asText());
        assertTrue(json(get("/api/images/" + photoId)).get("given").asBoolean());
    }

    @Test
    void classifyGivesTheCommandsTopFive() throws Exception {
        JsonNode top = json(get(img("classify"))).get("top");
        JsonNode cli = JSON.readTree(Explorers.cli("classify", "--model", "demo", "--device", "cpu", "--json",
                photo.toString())).get(0).get("top");
        assertEquals(5, top.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(cli.get(i).get("index").asInt(), top.get(i).get("index").asInt());
            assertEquals(cli.get(i).get("probability").asDouble(), top.get(i).get("probability").asDouble(), 1e-6);
            assertEquals(cli.get(i).get("label").asText(), top.get(i).get("label").asText());
        }
    }

    @Test
    void activationGridIsTheCommandsPictureAndTheLayoutFindsEveryTile() throws Exception {
        Path out = dir.resolve("act");
        Explorers.cli("activations", "--model", "demo", "--device", "cpu", photo.toString(), "--blobs", "conv2",
                "--out", out.toString());
        HttpResponse<byte[]> r = get(img("activations/conv2"));
        BufferedImage grid = png(r);
        assertArrayEquals(Files.readAllBytes(out.resolve("activations_conv2.png")), r.body());
        JsonNode l = json(get("/api/model/blobs/conv2/grid"));
        assertEquals(64, l.get("count").asInt());
        assertEquals(grid.getWidth(), l.get("width").asInt());
        assertEquals(grid.getHeight(), l.get("height").asInt());
        JsonNode last = l.get("tiles").get(63);
        assertTrue(last.get(0).asInt() + last.get(2).asInt() <= grid.getWidth());
        assertTrue(last.get(1).asInt() + last.get(3).asInt() <= grid.getHeight());
    }

    @Test
    void oneChannelsMapIsEnlarged() throws Exception {
        BufferedImage m = png(get(img("activations/conv1/5")));
        assertTrue(m.getWidth() >= ExplorerModel.MAP_SIDE && m.getWidth() == m.getHeight(), m.getWidth() + "x" + m.getHeight());
        assertEquals(404, get(img("activations/conv1/32")).statusCode());
    }

    /** The conv3 channel most active on the photo (a unit whose projections are not all zero). */
    static int activeUnit() throws IOException {
        Net net = DemoModel.load(Devices.cpu());
        try (Tensor x = DemoModel.preprocessing().apply(ImageIO.read(photo.toFile()), Devices.cpu())) {
            Tensor v = net.forward(x, "conv3");
            int plane = v.shape().h() * v.shape().w();
            float[] a = v.toArray();
            int best = 0;
            for (int i = 1; i < a.length; i++) {
                if (a[i] > a[best]) {
                    best = i;
                }
            }
            return best / plane;
        }
    }

    @Test
    void projectionIsByteForByteWhatDeconvAndGuidedWrite() throws Exception {
        String u = Integer.toString(activeUnit());
        Path d = dir.resolve("deconv");
        Path g = dir.resolve("guided");
        Explorers.cli("deconv", "--model", "demo", "--device", "cpu", photo.toString(), "--blob", "conv3", "--unit", u,
                "--out", d.toString());
        Explorers.cli("guided", "--model", "demo", "--device", "cpu", photo.toString(), "--blob", "conv3", "--unit", u,
                "--out", g.toString());
        HttpResponse<byte[]> deconv = get(img("projection/conv3/" + u + "?mode=deconvnet"));
        HttpResponse<byte[]> guided = get(img("projection/conv3/" + u + "?mode=guided"));
        HttpResponse<byte[]> standard = get(img("projection/conv3/" + u + "?mode=standard"));
        assertArrayEquals(Files.readAllBytes(d.resolve("deconv.png")), deconv.body());
        assertArrayEquals(Files.readAllBytes(g.resolve("guided.png")), guided.body());
        assertArrayEquals(deconv.body(), get(img("projection/conv3/" + u + "")).body(), "deconvnet is the default mode");
        BufferedImage s = png(standard);
        assertEquals(png(guided).getWidth(), s.getWidth());
        assertFalse(java.util.Arrays.equals(guided.body(), standard.body()), "standard backprop is not guided backprop");
        assertArrayEquals(Files.readAllBytes(d.resolve("input.png")), get(img("input")).body());

        // the commands' display settings, given as parameters
        Path clipped = dir.resolve("clipped");
        Explorers.cli("guided", "--model", "demo", "--device", "cpu", photo.toString(), "--blob", "conv3", "--unit", u,
                "--clip", "99", "--min-side", "300", "--out", clipped.toString());
        assertArrayEquals(Files.readAllBytes(clipped.resolve("guided.png")),
                get(img("projection/conv3/" + u + "?mode=guided&clip=99&minSide=300")).body());
    }

    @Test
    void gradcamIsTheCommandsOverlay() throws Exception {
        Path out = dir.resolve("gradcam");
        Explorers.cli("gradcam", "--model", "demo", "--device", "cpu", photo.toString(), "--class", "2", "--out", out.toString());
        assertArrayEquals(Files.readAllBytes(out.resolve("gradcam_overlay.png")), get(img("gradcam?class=2")).body());
        assertEquals(404, get(img("gradcam?class=10")).statusCode());
    }

    @Test
    void occlusionIsDrawnOverTheInput() throws Exception {
        BufferedImage input = png(get(img("input")));
        BufferedImage o = png(get(img("occlusion?class=2")));
        assertEquals(input.getWidth(), o.getWidth());
        assertEquals(input.getHeight(), o.getHeight());
        assertFalse(java.util.Arrays.equals(get(img("input")).body(), get(img("occlusion?class=2")).body()));
    }

    @Test
    void pageAndItsOwnFilesAreServed() throws Exception {
        HttpResponse<byte[]> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(new String(page.body()).contains("/static/explorer.js"));
        assertEquals(200, get("/static/explorer.js").statusCode());
        assertEquals(200, get("/static/explorer.css").statusCode());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /api/images/../../etc/passwd, 400",
        "GET, /api/images/%2e%2e/classify, 400",
        "GET, /api/images/..%2F..%2Fetc%2Fpasswd/classify, 400",
        "GET, /static/..%2Fexplorer.js, 400",
        "GET, /static/%2Fetc%2Fpasswd, 400",
        "GET, /static/ExplorerServer.class, 404",
        "GET, /static/index.html%00.js, 400",
        "GET, /api/images/ID/gradcam?class=1&layer=%2Fetc%2Fpasswd, 400",
        "GET, /api/images/ID/gradcam?class=1&layer=..%5Cconv3, 400",
        "GET, /api/images/ID/gradcam?class=1&layer=C:%5Cwindows, 400",
        "GET, /api/images/not-an-id/classify, 400",
        "GET, /api/images/0123456789abcdef/classify, 404",
        "GET, /api/images/ID/projection/conv3/96, 404",
        "GET, /api/images/ID/projection/conv3/-1, 404",
        "GET, /api/images/ID/projection/conv3/x, 400",
        "GET, /api/images/ID/projection/nosuchblob/0, 404",
        "GET, /api/images/ID/projection/conv3/1?mode=sideways, 400",
        "GET, /api/images/ID/gradcam, 400",
        "GET, /api/images/ID/projection/conv3/1?clip=0, 400",
        "GET, /api/images/ID/projection/conv3/1?clip=x, 400",
        "GET, /api/images/ID/projection/conv3/1?minSide=0, 400",
        "GET, /api/images/ID/gradcam?class=abc, 400",
        "GET, /api/images/ID/classify?top=0, 400",
        "GET, /api/nothing, 404",
        "GET, /etc/passwd, 404",
        "DELETE, /api/model, 405",
        "POST, /api/patches/conv2, 404",
        "GET, /api/patches/conv2/1, 404",
        "GET, /api/jobs/not-a-job, 400",
        "GET, /api/jobs/0123456789ab, 404",
        "DELETE, /api/jobs/0123456789ab, 404",
        "POST, /api/optimize/conv3/96, 404",
        "POST, /api/optimize/class/10, 404",
        "POST, /api/optimize/conv3/1?lr=-1, 400",
        "POST, /api/optimize/conv3/1?iterations=0, 400",
        "GET, /api/optimize/conv3/1, 405",
        "PUT, /api/images, 405",
    })
    void refusalsAreJsonWithoutStackTraces(String method, String path, int status) throws Exception {
        HttpResponse<byte[]> r = send(method, path.replace("ID", photoId), null);
        assertEquals(status, r.statusCode(), () -> new String(r.body()));
        String error = json(r).get("error").asText();
        assertFalse(error.isBlank());
        assertFalse(error.contains("\tat ") || error.contains("Exception"), error);
    }

    @Test
    void oversizeUploadsAreRefusedWith413() throws Exception {
        byte[] big = new byte[(int) LIMIT + 1];
        new Random(1).nextBytes(big);
        HttpResponse<byte[]> r = send("POST", "/api/images", big);
        assertEquals(413, r.statusCode());
        assertTrue(json(r).get("error").asText().contains("limit"));
    }

    @Test
    void badUploadsGetAClearMessage() throws Exception {
        HttpResponse<byte[]> text = send("POST", "/api/images?name=notes.txt", "just some words\n".getBytes());
        assertEquals(415, text.statusCode());
        assertTrue(json(text).get("error").asText().contains("notes.txt is not an image"), new String(text.body()));

        byte[] png = Files.readAllBytes(Explorers.photo(dir, "whole.png", 64, 64, 5));
        HttpResponse<byte[]> cut = send("POST", "/api/images?name=cut.png", java.util.Arrays.copyOf(png, 120));
        assertEquals(400, cut.statusCode(), () -> new String(cut.body()));
        String msg = json(cut).get("error").asText();
        assertTrue(msg.contains("cut.png") && !msg.contains(dir.toString()) && !msg.contains("/tmp"), msg);

        assertEquals(400, send("POST", "/api/images", new byte[0]).statusCode());
        assertEquals(400, send("POST", "/api/images?name=a%2Fb.png", png).statusCode());
    }

    @Test
    void eightClientsAtOnceGetWhatOneClientGetsAlone() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            for (String mode : List.of("deconvnet", "guided", "standard")) {
                paths.add(img("projection/conv3/" + (c * 11) + "?mode=" + mode));
            }
            paths.add(img("activations/conv2/" + c));
        }
        paths.add(img("classify"));
        paths.add(img("activations/conv1"));
        paths.add(img("gradcam?class=3"));
        List<byte[]> serial = new ArrayList<>();
        for (String p : paths) {
            HttpResponse<byte[]> r = get(p);
            assertEquals(200, r.statusCode(), p);
            serial.add(r.body());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<byte[]>>> clients = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                clients.add(pool.submit(() -> {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < paths.size(); i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new Random(seed));
                    byte[][] got = new byte[paths.size()][];
                    go.await();
                    for (int i : order) {
                        got[i] = get(paths.get(i)).body();
                    }
                    return List.of(got);
                }));
            }
            go.countDown();
            for (Future<List<byte[]>> f : clients) {
                List<byte[]> got = f.get();
                for (int i = 0; i < paths.size(); i++) {
                    assertArrayEquals(serial.get(i), got.get(i), paths.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
