package org.convscope.app.explore;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.vis.attribution.UnitProjection;

/**
 * The explorer's local web server: the page (three files from this package's resources) and the
 * JSON API under {@code /api/}, on the JDK's own HTTP server. See {@code README.md}, "Explorer",
 * for the endpoints.
 *
 * <p>Rules every request goes through: only the page's own files and the images in the
 * {@link ImageStore} are served (ids, never paths); a path segment or query value that is
 * {@code ..}, holds a backslash or a NUL, or is an absolute path is refused; uploads are bounded;
 * every error is {@code {"error": "..."}} with a 4xx status (5xx only for a fault of the server,
 * still without a stack trace); every computation on the net goes through the {@link DeviceLane}.
 */
public final class ExplorerServer implements AutoCloseable {
    /** The page's files: the only resources served. */
    static final Map<String, String> STATIC = Map.of(
            "index.html", "text/html; charset=utf-8",
            "explorer.js", "text/javascript; charset=utf-8",
            "explorer.css", "text/css; charset=utf-8");

    /** Settings of a server. */
    public record Settings(String host, int port, long maxUploadBytes, int keptUploads, int threads, String data,
                           Path cache) {
        /** 127.0.0.1:8080, uploads up to 16 MiB, 64 kept, no data set, the cache in ~/.cache/convscope/explore. */
        public static Settings defaults() {
            return new Settings("127.0.0.1", 8080, 16L << 20, 64, 8, null,
                    Path.of(System.getProperty("user.home"), ".cache", "convscope", "explore"));
        }

        public Settings withHost(String h) {
            return new Settings(h, port, maxUploadBytes, keptUploads, threads, data, cache);
        }

        public Settings withPort(int p) {
            return new Settings(host, p, maxUploadBytes, keptUploads, threads, data, cache);
        }

        public Settings withMaxUploadBytes(long b) {
            return new Settings(host, port, b, keptUploads, threads, data, cache);
        }

        /** The data set of the top-9 patches (a folder, or shapes:SEED:N, folder:DIR, mnist:DIR), cached in {@code dir}. */
        public Settings withData(String spec, Path dir) {
            return new Settings(host, port, maxUploadBytes, keptUploads, threads, spec, dir);
        }
    }

    private final ExplorerModel model;
    private final Settings settings;
    private final DeviceLane lane = new DeviceLane();
    private final ImageStore store;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService pool;
    private final Path scratch;
    private final byte[] modelJson;
    private final Jobs jobs = new Jobs();
    private final ExplorerData data;
    private final PatchScans patches;

    private ExplorerServer(ExplorerModel model, Settings settings, HttpServer server, Path scratch, ExplorerData data) {
        this.model = model;
        this.data = data;
        this.patches = new PatchScans(model, lane, jobs, data, settings.cache());
        this.settings = settings;
        this.server = server;
        this.scratch = scratch;
        this.store = new ImageStore(settings.keptUploads(), scratch);
        try {
            Map<String, Object> m = new LinkedHashMap<>(model.describe());
            m.put("data", data == null ? null : data.spec());
            this.modelJson = json.writeValueAsBytes(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "explorer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(settings.threads(), tf);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    /**
     * Starts a server for {@code model} (port 0: any free port).
     *
     * @param label what the page calls the model
     * @param pre   the preprocessing the commands use for this net
     * @param names class names, or null
     * @param given images to offer from the start (files the user named)
     * @throws IOException when the address cannot be bound, or a given image cannot be read
     */
    public static ExplorerServer start(Net net, String label, Preprocessing pre, ClassNames names, Settings settings,
                                       List<Path> given) throws IOException {
        ExplorerModel model = new ExplorerModel(net, label, pre, names);
        // small answers on a kept-alive connection otherwise wait ~40 ms for the client's delayed ACK
        // (read once, when the JDK's server first starts)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
        Path scratch = Files.createTempDirectory("convscope-explore");
        ExplorerData data = settings.data() == null ? null : ExplorerData.open(settings.data(), pre, model.grey);
        ExplorerServer e = new ExplorerServer(model, settings, s, scratch, data);
        for (Path p : given) {
            e.addGiven(p);
        }
        s.start();
        return e;
    }

    /** The address to open, {@code http://host:port/}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String h = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + a.getPort() + "/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        jobs.close();
        pool.shutdownNow();
        try (var s = Files.list(scratch)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(scratch);
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    private void addGiven(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("image " + p + " does not exist");
        }
        long size = Files.size(p);
        if (size > settings.maxUploadBytes()) {
            throw new IllegalArgumentException("image " + p + " is larger than the upload limit (" + settings.maxUploadBytes() + " bytes)");
        }
        byte[] bytes = Files.readAllBytes(p);
        String name = p.getFileName().toString();
        try {
            add(bytes, name, true);
        } catch (ApiException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private ImageStore.Entry add(byte[] bytes, String name, boolean given) throws IOException {
        String id = ImageStore.id(bytes);
        ImageStore.Entry known = store.known(id);
        if (known != null) {
            return known;
        }
        BufferedImage img = store.decode(bytes, name);
        ExplorerModel.Prepared p;
        try {
            p = lane.call(() -> model.prepare(img));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        ImageStore.Entry e = new ImageStore.Entry(id, name, img.getWidth(), img.getHeight(), given, p);
        store.add(e);
        return e;
    }

    // ------------------------------------------------------------------ requests

    /** A parsed request: decoded path segments and query values. */
    private record Request(HttpExchange ex, String method, List<String> path, Map<String, String> query) {
        String q(String name) {
            return query.get(name);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                Request r = parse(ex);
                route(r);
            } catch (ApiException e) {
                error(ex, e.status, e.getMessage());
            } catch (IllegalArgumentException e) {
                error(ex, 400, e.getMessage());
            } catch (java.util.concurrent.CancellationException e) {
                error(ex, 409, "cancelled");
            } catch (Exception e) {
                System.err.println("convscope explore: " + ex.getRequestURI().getRawPath() + ": " + e);
                error(ex, 500, "internal error: " + e.getClass().getSimpleName()
                        + (e.getMessage() != null ? ": " + e.getMessage() : ""));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static Request parse(HttpExchange ex) {
        String raw = ex.getRequestURI().getRawPath();
        if (raw == null || !raw.startsWith("/")) {
            throw ApiException.bad("bad path");
        }
        List<String> segs = new ArrayList<>();
        for (String s : raw.substring(1).split("/", -1)) {
            segs.add(checked(decode(s), "path"));
        }
        if (!segs.isEmpty() && segs.get(segs.size() - 1).isEmpty()) {
            segs.remove(segs.size() - 1);
        }
        Map<String, String> q = new LinkedHashMap<>();
        String rq = ex.getRequestURI().getRawQuery();
        if (rq != null && !rq.isEmpty()) {
            for (String kv : rq.split("&")) {
                int eq = kv.indexOf('=');
                String k = decode(eq < 0 ? kv : kv.substring(0, eq));
                String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
                q.put(k, checked(v, "parameter " + k));
            }
        }
        return new Request(ex, ex.getRequestMethod().toUpperCase(Locale.ROOT), segs, q);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.bad("bad percent-encoding in '" + s + "'");
        }
    }

    /** Refuses traversal and absolute paths: "..", ".", backslashes, NULs, "/x", "C:..." and "~". */
    static String checked(String v, String what) {
        boolean bad = v.equals("..") || v.equals(".") || v.contains("\\") || v.indexOf('\0') >= 0
                || v.startsWith("/") || v.startsWith("~") || v.matches("^[A-Za-z]:.*")
                || v.startsWith("../") || v.endsWith("/..") || v.contains("/../");
        if (bad) {
            throw ApiException.bad("refused " + what + " '" + v + "': paths are not accepted (no '..', no absolute paths)");
        }
        return v;
    }

    private void route(Request r) throws Exception {
        List<String> p = r.path();
        if (p.isEmpty() || (p.size() == 1 && p.get(0).equals("index.html"))) {
            method(r, "GET");
            resource(r.ex(), "index.html");
            return;
        }
        if (p.get(0).equals("static") && p.size() == 2) {
            method(r, "GET");
            resource(r.ex(), p.get(1));
            return;
        }
        if (!p.get(0).equals("api")) {
            throw ApiException.notFound("no such page: /" + String.join("/", p));
        }
        api(r, p.subList(1, p.size()));
    }

    private static void method(Request r, String allowed) {
        if (!r.method().equals(allowed) && !(allowed.equals("GET") && r.method().equals("HEAD"))) {
            r.ex().getResponseHeaders().set("Allow", allowed);
            throw new ApiException(405, r.method() + " is not allowed here; use " + allowed);
        }
    }

    private void api(Request r, List<String> p) throws Exception {
        int n = p.size();
        String head = n > 0 ? p.get(0) : "";
        switch (head) {
            case "model" -> {
                if (n == 1) {
                    method(r, "GET");
                    r.ex().getResponseHeaders().set("Cache-Control", "no-store");
                    send(r.ex(), 200, "application/json; charset=utf-8", modelJson);
                    return;
                }
                if (n == 4 && p.get(1).equals("blobs") && p.get(3).equals("grid")) {
                    method(r, "GET");
                    sendJson(r.ex(), 200, model.gridLayout(p.get(2)));
                    return;
                }
            }
            case "images" -> {
                if (n == 1) {
                    if (r.method().equals("POST")) {
                        upload(r);
                    } else {
                        method(r, "GET");
                        List<Map<String, Object>> all = new ArrayList<>();
                        for (ImageStore.Entry e : store.all()) {
                            all.add(describe(e));
                        }
                        sendJson(r.ex(), 200, Map.of("images", all));
                    }
                    return;
                }
                method(r, "GET");
                ImageStore.Entry e = store.find(p.get(1));
                ExplorerModel.Prepared im = e.prepared();
                if (n == 2) {
                    sendJson(r.ex(), 200, describe(e));
                    return;
                }
                String what = p.get(2);
                if (n == 3 && what.equals("input")) {
                    png(r, lane.call(() -> model.inputPng(im)));
                    return;
                }
                if (n == 3 && what.equals("classify")) {
                    int k = intParam(r, "top", 5, 1, 1000);
                    sendJson(r.ex(), 200, Map.of("id", e.id(), "top", lane.call(() -> model.classify(im, k))));
                    return;
                }
                if (what.equals("activations") && n == 4) {
                    String blob = p.get(3);
                    png(r, lane.call(() -> model.activationGrid(im, blob)));
                    return;
                }
                if (what.equals("activations") && n == 5) {
                    String blob = p.get(3);
                    int c = intSegment(p.get(4), "channel");
                    model.checkChannelOf(blob, c);
                    List<org.convscope.vis.render.Planes> recent = model.recentMaps(im, blob);
                    png(r, recent != null ? ExplorerModel.mapPng(recent, c) : lane.call(() -> model.activationMap(im, blob, c)));
                    return;
                }
                if (what.equals("projection") && n == 5) {
                    String blob = p.get(3);
                    int c = intSegment(p.get(4), "channel");
                    UnitProjection.Mode mode = UnitProjection.Mode.named(r.q("mode") == null ? "deconvnet" : r.q("mode"));
                    int minSide = intParam(r, "minSide", org.convscope.vis.attribution.AttributionImages.MIN_SIDE, 1, 4096);
                    double clip = 100;
                    if (r.q("clip") != null) {
                        try {
                            clip = Double.parseDouble(r.q("clip"));
                        } catch (NumberFormatException bad) {
                            throw ApiException.bad("bad clip '" + r.q("clip") + "': a percentile in (0,100] is expected");
                        }
                        if (!(clip > 0 && clip <= 100)) {
                            throw ApiException.bad("clip must be a percentile in (0,100], got " + r.q("clip"));
                        }
                    }
                    double percentile = clip;
                    png(r, lane.call(() -> model.projection(im, blob, c, mode, minSide, percentile)));
                    return;
                }
                if (what.equals("gradcam") && n == 3) {
                    int cls = classParam(r);
                    String layer = r.q("layer");
                    png(r, lane.call(() -> model.gradcam(im, cls, layer)));
                    return;
                }
                if (what.equals("occlusion") && n == 3) {
                    int cls = classParam(r);
                    png(r, lane.call(() -> model.occlusion(im, cls, done -> lane.yieldTurn(() -> false))));
                    return;
                }
            }
            case "patches" -> {
                if (n == 2) {
                    if (r.method().equals("POST")) {
                        sendJson(r.ex(), 202, patches.start(p.get(1)));
                    } else {
                        method(r, "GET");
                        sendJson(r.ex(), 200, patches.status(p.get(1)));
                    }
                    return;
                }
                if (n == 3) {
                    method(r, "GET");
                    png(r, patches.figure(p.get(1), intSegment(p.get(2), "channel")));
                    return;
                }
            }
            case "optimize" -> {
                if (n == 3) {
                    method(r, "POST");
                    boolean isClass = p.get(1).equals("class");
                    String blob = isClass ? null : p.get(1);
                    int c = intSegment(p.get(2), isClass ? "class" : "channel");
                    int iterations = intParam(r, "iterations", 100, 1, 2000);
                    float lr = model.defaultLr();
                    if (r.q("lr") != null) {
                        try {
                            lr = Float.parseFloat(r.q("lr"));
                        } catch (NumberFormatException e) {
                            throw ApiException.bad("bad lr '" + r.q("lr") + "': a number is expected");
                        }
                        if (!(lr > 0 && lr < 1e9)) {
                            throw ApiException.bad("lr must be positive, got " + r.q("lr"));
                        }
                    }
                    float rate = lr;
                    if (isClass) {
                        model.checkClass(c);
                    } else {
                        model.checkChannelOf(blob, c);
                    }
                    Jobs.Job job = jobs.start("optimize", iterations, j -> model.optimize(lane, blob, c, iterations, rate, i -> {
                        j.step = i;
                        if (j.cancelled()) {
                            throw new java.util.concurrent.CancellationException("cancelled");
                        }
                    }));
                    sendJson(r.ex(), 202, job.status());
                    return;
                }
            }
            case "jobs" -> {
                if (n >= 2) {
                    Jobs.Job job = jobs.find(p.get(1));
                    if (n == 2 && r.method().equals("DELETE")) {
                        job.cancel = true;
                        sendJson(r.ex(), 202, job.status());
                        return;
                    }
                    method(r, "GET");
                    if (n == 2) {
                        sendJson(r.ex(), 200, job.status());
                        return;
                    }
                    if (n == 3 && p.get(2).equals("events")) {
                        events(r.ex(), job);
                        return;
                    }
                    if (n == 3 && p.get(2).equals("result")) {
                        if (job.state != Jobs.State.DONE || job.result == null) {
                            throw new ApiException(409, "job " + job.id + " is " + job.status().get("state") + ", no result");
                        }
                        png(r, job.result);
                        return;
                    }
                }
            }
            default -> {
            }
        }
        throw ApiException.notFound("no such endpoint: " + r.method() + " /api/" + String.join("/", p));
    }

    /** Streams a job's status as server-sent events, one each time it changes, until it ends. */
    private void events(HttpExchange ex, Jobs.Job job) throws IOException, InterruptedException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            String last = null;
            while (true) {
                boolean end = job.finished();
                String s = json.writeValueAsString(job.status());
                if (!s.equals(last)) {
                    out.write(("data: " + s + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    last = s;
                }
                if (end) {
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Map<String, Object> describe(ImageStore.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("name", e.name());
        m.put("width", e.width());
        m.put("height", e.height());
        m.put("given", e.given());
        return m;
    }

    private void upload(Request r) throws IOException {
        HttpExchange ex = r.ex();
        long limit = settings.maxUploadBytes();
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        if (cl != null) {
            long declared;
            try {
                declared = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                throw ApiException.bad("bad Content-Length '" + cl + "'");
            }
            if (declared > limit) {
                if (declared <= 4 * limit) {
                    // read what the client sends, so that it hears the answer instead of a reset connection
                    try (InputStream in = ex.getRequestBody()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                throw new ApiException(413, "upload of " + declared + " bytes refused: the limit is " + limit + " bytes");
            }
        }
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        if (bytes.length > limit) {
            throw new ApiException(413, "upload refused: larger than the limit of " + limit + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiException.bad("empty upload: send the image file's bytes as the request body");
        }
        String name = r.q("name") != null && !r.q("name").isBlank() ? r.q("name") : "upload";
        if (name.contains("/")) {
            throw ApiException.bad("refused name '" + name + "': a name, not a path");
        }
        if (name.length() > 200) {
            name = name.substring(0, 200);
        }
        ImageStore.Entry e = add(bytes, name, false);
        sendJson(ex, 201, describe(e));
    }

    private static int intSegment(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw ApiException.bad("bad " + what + " '" + s + "': a whole number is expected");
        }
    }

    private static int intParam(Request r, String name, int dflt, int min, int max) {
        String v = r.q(name);
        if (v == null) {
            return dflt;
        }
        int i = intSegment(v, name);
        if (i < min || i > max) {
            throw ApiException.bad(name + " must be in " + min + "-" + max + ", got " + i);
        }
        return i;
    }

    private int classParam(Request r) {
        String v = r.q("class");
        if (v == null) {
            throw ApiException.bad("give the class: ?class=K (see GET /api/images/{id}/classify)");
        }
        return intSegment(v, "class");
    }

    // ------------------------------------------------------------------ responses

    private void resource(HttpExchange ex, String name) throws IOException {
        String type = STATIC.get(name);
        if (type == null) {
            throw ApiException.notFound("no such file: " + name);
        }
        try (InputStream in = ExplorerServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw ApiException.notFound("no such file: " + name);
            }
            byte[] b = in.readAllBytes();
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            send(ex, 200, type, b);
        }
    }

    private void png(Request r, byte[] bytes) throws IOException {
        // an id names fixed bytes and the model does not change while the server runs
        r.ex().getResponseHeaders().set("Cache-Control", "private, max-age=3600");
        send(r.ex(), 200, "image/png", bytes);
    }

    private void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
    }

    private void error(HttpExchange ex, int status, String message) throws IOException {
        sendJson(ex, status, Map.of("error", message == null ? "error" : message));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'");
        boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

}
