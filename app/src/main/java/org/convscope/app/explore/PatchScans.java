package org.convscope.app.explore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.convscope.tensor.Shape;
import org.convscope.vis.patches.MaxPatches;
import org.convscope.vis.patches.PatchFigure;
import org.convscope.vis.patches.TopkJson;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Display;
import org.convscope.vis.render.RunOutput;

/**
 * Top-9 patches over the {@code --data} set: one scan per blob ranks every channel at once
 * ({@link MaxPatches#find}), in the background on first use, taking the device lane one batch at
 * a time; its hits are cached on disk under a key made of the model's hash, the data set's key
 * and the blob, so a second start of the explorer finds them. A channel's figure (patches beside
 * their deconvnet and guided projections, as {@code convscope topk} draws them) is made on request.
 */
final class PatchScans {
    static final int K = 9;
    static final int BATCH = 16;

    /** The state of one blob's scan. */
    static final class Scan {
        final String blob;
        volatile String state = "running";
        volatile int done;
        volatile String error;
        volatile MaxPatches.Result result;

        Scan(String blob) {
            this.blob = blob;
        }

        Map<String, Object> status(int total) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("blob", blob);
            m.put("state", state);
            m.put("done", done);
            m.put("total", total);
            if (error != null) {
                m.put("error", error);
            }
            return m;
        }
    }

    private final ExplorerModel model;
    private final DeviceLane lane;
    private final Jobs jobs;
    private final ExplorerData data;
    private final Path cacheDir;
    private final Map<String, Scan> scans = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    PatchScans(ExplorerModel model, DeviceLane lane, Jobs jobs, ExplorerData data, Path cacheDir) {
        this.model = model;
        this.lane = lane;
        this.jobs = jobs;
        this.data = data;
        this.cacheDir = cacheDir;
    }

    private void needData() {
        if (data == null) {
            throw ApiException.notFound("no data set: start the explorer with --data DIR (or shapes:SEED:N) for top-9 patches");
        }
    }

    /** The cache file of a blob's hits. */
    Path cacheFile(String blob) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(blob.getBytes(StandardCharsets.UTF_8));
            String b = HexFormat.of().formatHex(md.digest()).substring(0, 12);
            return cacheDir.resolve("topk-" + model.hash + "-" + data.key() + "-" + b + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scan of {@code blob}: from memory, else from the disk cache, else started now. */
    synchronized Map<String, Object> start(String blob) {
        needData();
        model.checkBlobName(blob);
        Scan s = scans.get(blob);
        if (s == null || s.state.equals("failed")) {
            s = new Scan(blob);
            scans.put(blob, s);
            MaxPatches.Result cached = readCache(blob);
            if (cached != null) {
                s.result = cached;
                s.done = data.images().size();
                s.state = "done";
            } else {
                Scan scan = s;
                jobs.start("topk", data.images().size(), job -> {
                    try {
                        scan.result = lane.call(() -> MaxPatches.find(model.net, data.images(), request(blob), n -> {
                            scan.done += n;
                            job.step = scan.done;
                            lane.yieldTurn(job::cancelled);
                        }));
                        writeCache(blob, scan.result);
                        scan.state = "done";
                    } catch (Exception e) {
                        scan.error = e.getMessage();
                        scan.state = "failed";
                        throw e;
                    }
                    return null;
                });
            }
        }
        return s.status(data.images().size());
    }

    synchronized Map<String, Object> status(String blob) {
        needData();
        model.checkBlobName(blob);
        Scan s = scans.get(blob);
        if (s == null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("blob", blob);
            m.put("state", "idle");
            m.put("done", 0);
            m.put("total", data.images().size());
            return m;
        }
        return s.status(data.images().size());
    }

    private MaxPatches.Request request(String blob) {
        int c = model.channels(blob);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            all.add(i);
        }
        return new MaxPatches.Request(blob, all, null, null, K, BATCH);
    }

    /** Channel {@code c}'s top-9 figure; 409 while the scan runs. */
    byte[] figure(String blob, int channel) throws Exception {
        needData();
        model.checkChannelOf(blob, channel);
        Scan s;
        synchronized (this) {
            s = scans.get(blob);
        }
        if (s == null || !s.state.equals("done")) {
            throw new ApiException(409, "the top-9 scan of " + blob + " has not finished"
                    + (s == null ? " (start it with POST /api/patches/" + blob + ")" : ": " + s.done + " images done"));
        }
        MaxPatches.Result r = s.result;
        MaxPatches.Request one = new MaxPatches.Request(blob, List.of(channel), null, null, K, BATCH);
        MaxPatches.Result mine = new MaxPatches.Result(one, r.blobShape(), r.field(), r.inputShape(),
                List.of(r.hits().get(channel)), r.scanned(), r.unreadable());
        return lane.call(() -> {
            List<List<MaxPatches.Projection>> p = MaxPatches.project(model.net, data.images(), mine);
            PatchFigure figure = new PatchFigure(model.pre::deprocess, Display.of(Display.Mode.CENTRED), ChannelOrder.BGR,
                    PatchFigure.DEFAULT_MIN_TILE);
            return RunOutput.pngBytes(figure.render(mine, p));
        });
    }

    private void writeCache(String blob, MaxPatches.Result r) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("blob", blob);
            m.put("model", model.hash);
            m.put("data", data.spec());
            m.put("scanned", r.scanned());
            m.put("inputShape", r.inputShape().dims());
            m.put("unreadable", r.unreadable());
            List<List<Map<String, Object>>> hits = new ArrayList<>();
            for (List<MaxPatches.Hit> ch : r.hits()) {
                List<Map<String, Object>> l = new ArrayList<>();
                for (MaxPatches.Hit h : ch) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("channel", h.channel());
                    e.putAll(TopkJson.hit(h));
                    l.add(e);
                }
                hits.add(l);
            }
            m.put("hits", hits);
            Files.createDirectories(cacheDir);
            Path f = cacheFile(blob);
            Path tmp = Files.createTempFile(cacheDir, "topk", ".tmp");
            Files.write(tmp, json.writeValueAsBytes(m));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("convscope explore: cannot cache the top-9 of " + blob + " in " + cacheDir + ": " + e.getMessage());
        }
    }

    private MaxPatches.Result readCache(String blob) {
        Path f = cacheFile(blob);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode m = json.readTree(f.toFile());
            List<List<MaxPatches.Hit>> hits = new ArrayList<>();
            for (JsonNode ch : m.get("hits")) {
                List<MaxPatches.Hit> l = new ArrayList<>();
                for (JsonNode h : ch) {
                    l.add(new MaxPatches.Hit(h.get("channel").asInt(), h.get("rank").asInt(), h.get("image").asInt(),
                            h.get("name").asText(), (float) h.get("value").asDouble(), h.get("y").asInt(), h.get("x").asInt(),
                            json.convertValue(h.get("box"), int[].class)));
                }
                hits.add(List.copyOf(l));
            }
            List<String> unreadable = new ArrayList<>();
            m.get("unreadable").forEach(u -> unreadable.add(u.asText()));
            MaxPatches.Request req = request(blob);
            if (hits.size() != req.channels().size()) {
                return null;
            }
            return new MaxPatches.Result(req, model.net.shape(blob).withFirst(1), MaxPatches.field(model.net, blob),
                    Shape.of(json.convertValue(m.get("inputShape"), int[].class)), List.copyOf(hits),
                    m.get("scanned").asInt(), List.copyOf(unreadable));
        } catch (IOException | RuntimeException e) {
            System.err.println("convscope explore: ignoring the unreadable cache " + f + ": " + e.getMessage());
            return null;
        }
    }
}
