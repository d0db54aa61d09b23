package org.convscope.app.explore;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.activations.ActivationGrid;
import org.convscope.vis.attribution.AttributionImages;
import org.convscope.vis.attribution.ClassScores;
import org.convscope.vis.attribution.GradCam;
import org.convscope.vis.attribution.Unit;
import org.convscope.vis.attribution.UnitProjection;
import org.convscope.vis.occlusion.Occlusion;
import org.convscope.vis.optimize.ClassModel;
import org.convscope.vis.optimize.Objective;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Pictures;
import org.convscope.vis.render.Planes;
import org.convscope.vis.render.Resample;
import org.convscope.vis.render.RunOutput;

/**
 * The net the explorer shows and what it computes for one image. Every method that runs the net
 * must be called through the {@link DeviceLane}; each returns copies (arrays, PNG bytes), never a
 * tensor the net owns.
 *
 * <p>The pictures are drawn with the same library calls and the same defaults as the commands:
 * a projection is {@code AttributionImages(MIN_SIDE, BGR, 100).signed(...)} encoded by
 * {@link RunOutput#pngBytes}, which is what {@code convscope deconv} / {@code guided} write as
 * {@code deconv.png} / {@code guided.png}; the activation grid is {@link ActivationGrid#render(Tensor)}.
 */
final class ExplorerModel {
    /** Enlarged single maps are at least this many pixels a side. */
    static final int MAP_SIDE = 224;
    /** Opacity of Grad-CAM and occlusion over the image (the commands' default for Grad-CAM). */
    static final double ALPHA = 0.7;

    final Net net;
    final String label;
    final Preprocessing pre;
    final ClassNames names;
    final boolean grey;
    final String scoreBlob;
    final boolean softmaxLast;
    final String hash;
    /** The pickable blobs and their shapes for one image, fixed at the start (the net reshapes while it works). */
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Map<String, Object> description;
    private final AttributionImages images = new AttributionImages(AttributionImages.MIN_SIDE, ChannelOrder.BGR, 100);

    /** An image ready for the net: its preprocessed values and the picture the net sees. */
    record Prepared(float[] x, int[] dims, BufferedImage seen) {
        Tensor tensor(Net net) {
            return Tensor.of(net.device(), x, dims);
        }
    }

    /**
     * @param label what to call the model in the page (e.g. "demo", "squeezenet", a prototxt's name)
     * @param names class names, or null (classes are then shown by index)
     */
    ExplorerModel(Net net, String label, Preprocessing pre, ClassNames names) {
        this.net = net;
        this.label = label;
        this.pre = pre;
        String input = net.inputNames().get(0);
        Shape declared = net.declaredInputShape(input);
        this.grey = declared != null && declared.c() == 1;
        this.scoreBlob = ClassScores.scoreBlob(net);
        this.softmaxLast = net.layer(net.layerNames().get(net.layerNames().size() - 1)).type().equals("Softmax");
        int classes = ClassScores.classCount(net, scoreBlob);
        this.names = names != null && names.size() == classes ? names : null;
        this.hash = hash(net);
        for (String b : net.blobNames()) {
            int[] d = net.shape(b).dims().clone();
            if (!net.inputNames().contains(b) && (d.length == 4 || d.length == 2)) {
                d[0] = 1;
                shapes.put(b, d);
            }
        }
        this.description = describeNow();
    }

    /** SHA-256 of the parameters (names, shapes, values) and the preprocessing: the key of cached results. */
    static String hash(Net net) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(net.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Map.Entry<String, Param> e : net.params().entrySet()) {
                md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(e.getValue().shape().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                float[] v = e.getValue().value().toArray();
                ByteBuffer b = ByteBuffer.allocate(v.length * 4);
                b.asFloatBuffer().put(v);
                md.update(b.array());
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The blobs a user can pick: one image's 4-D maps and 2-D vectors, the input excluded. */
    List<String> blobs() {
        return List.copyOf(shapes.keySet());
    }

    /** What {@code GET /api/model} answers. */
    Map<String, Object> describe() {
        return description;
    }

    private Map<String, Object> describeNow() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", label);
        m.put("net", net.name());
        m.put("hash", hash);
        m.put("device", net.device().name());
        String input = net.inputNames().get(0);
        int[] in = net.shape(input).dims().clone();
        in[0] = 1;
        m.put("input", Map.of("name", input, "shape", in));
        m.put("classes", ClassScores.classCount(net, scoreBlob));
        if (names != null) {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                labels.add(names.label(i));
            }
            m.put("labels", labels);
        }
        m.put("scoreBlob", scoreBlob);
        m.put("gradcamLayer", gradcamLayer());
        List<Map<String, Object>> blobs = new ArrayList<>();
        for (Map.Entry<String, int[]> b : shapes.entrySet()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", b.getKey());
            e.put("shape", b.getValue());
            e.put("channels", b.getValue()[1]);
            blobs.add(e);
        }
        m.put("blobs", blobs);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Layer l : net.layers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", l.name());
            e.put("type", l.type());
            e.put("bottoms", net.bottomRefs(l.name()));
            e.put("tops", net.topRefs(l.name()));
            layers.add(e);
        }
        m.put("layers", layers);
        return m;
    }

    String gradcamLayer() {
        try {
            return GradCam.defaultLayer(net);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Preprocesses a decoded image as the commands do (grey for a one-channel net). */
    Prepared prepare(BufferedImage img) {
        try (Tensor x = grey ? pre.applyGrey(img, net.device()) : pre.apply(img, net.device())) {
            return new Prepared(x.toArray(), x.shape().dims(), pre.deprocess(x));
        }
    }

    /** The picture the net sees, enlarged as the attribution pictures are. */
    byte[] inputPng(Prepared p) {
        return RunOutput.pngBytes(images.input(p.seen()));
    }

    /** The top {@code k} classes: index, probability (softmax of the scores unless the net ends in one), label. */
    List<Map<String, Object>> classify(Prepared p, int k) {
        float[] scores;
        try (Tensor x = p.tensor(net)) {
            scores = net.forward(x, net.outputName()).toArray();
        }
        if (!softmaxLast) {
            scores = ClassScores.softmax(scores);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (ClassNames.Prediction c : ClassNames.top(scores, 0, scores.length, k, names)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", c.index());
            e.put("probability", c.score());
            e.put("label", names != null ? names.label(c.index()) : "class " + c.index());
            out.add(e);
        }
        return out;
    }

    void checkBlobName(String blob) {
        checkBlob(blob);
    }

    int channels(String blob) {
        return checkBlob(blob)[1];
    }

    void checkChannelOf(String blob, int channel) {
        checkChannel(blob, channel);
    }

    private int[] checkBlob(String blob) {
        int[] d = shapes.get(blob);
        if (d == null) {
            throw ApiException.notFound("no blob '" + blob + "' in net '" + net.name() + "'; blobs: " + blobs());
        }
        return d;
    }

    private int checkChannel(String blob, int channel) {
        int c = checkBlob(blob)[1];
        if (channel < 0 || channel >= c) {
            throw ApiException.notFound("blob '" + blob + "' has channels 0-" + (c - 1) + ", not " + channel);
        }
        return channel;
    }

    /** Every channel of {@code blob} as a grid ({@code convscope activations}' default view). */
    byte[] activationGrid(Prepared p, String blob) {
        checkBlob(blob);
        List<Planes> maps = maps(p, blob);
        return RunOutput.pngBytes(ActivationGrid.render(maps, Grid.standard(), ActivationGrid.DEFAULT_MIN_TILE));
    }

    /** A blob's maps for an image, under the grid's display, kept for the last few (image, blob) pairs. */
    private record MapsKey(Prepared image, String blob) {
    }

    private static final int KEPT_MAPS = 6;
    private final LinkedHashMap<MapsKey, List<Planes>> recentMaps = new LinkedHashMap<>(16, 0.75f, true);

    /** The maps when they were computed recently (no device work: a click's map needs no turn on the lane), else null. */
    List<Planes> recentMaps(Prepared p, String blob) {
        synchronized (recentMaps) {
            return recentMaps.get(new MapsKey(p, blob));
        }
    }

    private List<Planes> maps(Prepared p, String blob) {
        List<Planes> maps = recentMaps(p, blob);
        if (maps != null) {
            return maps;
        }
        try (Tensor x = p.tensor(net)) {
            maps = ActivationGrid.maps(net.forward(x, blob), ActivationGrid.DEFAULT_DISPLAY);
        }
        synchronized (recentMaps) {
            recentMaps.put(new MapsKey(p, blob), maps);
            while (recentMaps.size() > KEPT_MAPS) {
                recentMaps.remove(recentMaps.keySet().iterator().next());
            }
        }
        return maps;
    }

    /** Where each channel's tile lies in {@link #activationGrid}'s picture (it depends on the blob's shape only). */
    Map<String, Object> gridLayout(String blob) {
        int[] d = checkBlob(blob);
        int h = d.length == 4 ? d[2] : 1;
        int w = d.length == 4 ? d[3] : 1;
        int f = Pictures.upscaleFactor(h, w, ActivationGrid.DEFAULT_MIN_TILE);
        Grid.Layout l = Grid.standard().layout(d[1], w * f, h * f);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blob", blob);
        m.put("count", l.count());
        m.put("columns", l.columns());
        m.put("rows", l.rows());
        m.put("width", l.width());
        m.put("height", l.height());
        List<int[]> tiles = new ArrayList<>();
        for (int i = 0; i < l.count(); i++) {
            java.awt.Rectangle r = l.tile(i);
            tiles.add(new int[] {r.x, r.y, r.width, r.height});
        }
        m.put("tiles", tiles);
        return m;
    }

    /**
     * One channel's map, enlarged (nearest) to at least {@link #MAP_SIDE}, scaled like the grid
     * (shared over the blob). Runs the net unless {@link #recentMaps} has the blob.
     */
    byte[] activationMap(Prepared p, String blob, int channel) {
        checkChannel(blob, channel);
        return mapPng(maps(p, blob), channel);
    }

    static byte[] mapPng(List<Planes> maps, int channel) {
        Planes m = maps.get(channel);
        int f = Pictures.upscaleFactor(m.height(), m.width(), MAP_SIDE);
        return RunOutput.pngBytes(Pictures.toImage(Resample.nearest(m, f)));
    }

    /** The unit's projection ({@code deconv.png} / {@code guided.png} of the commands for {@code --unit channel}). */
    byte[] projection(Prepared p, String blob, int channel, UnitProjection.Mode mode) {
        return projection(p, blob, channel, mode, AttributionImages.MIN_SIDE, 100);
    }

    /**
     * The projection drawn with the commands' {@code --min-side} and {@code --clip} display settings.
     *
     * @throws IllegalArgumentException for a side below 1 or a percentile outside (0, 100]
     */
    byte[] projection(Prepared p, String blob, int channel, UnitProjection.Mode mode, int minSide, double clip) {
        checkChannel(blob, channel);
        AttributionImages drawn = minSide == AttributionImages.MIN_SIDE && clip == 100 ? images
                : new AttributionImages(minSide, ChannelOrder.BGR, clip);
        try (Tensor x = p.tensor(net)) {
            return RunOutput.pngBytes(drawn.signed(UnitProjection.project(net, x, blob, Unit.channelMax(channel), mode)
                    .gradient()));
        }
    }

    int checkClass(int cls) {
        int n = ClassScores.classCount(net, scoreBlob);
        if (cls < 0 || cls >= n) {
            throw ApiException.notFound("class " + cls + " is out of range: the net has classes 0-" + (n - 1));
        }
        return cls;
    }

    /** Grad-CAM of class {@code cls} over the image ({@code gradcam_overlay.png} of {@code convscope gradcam}). */
    byte[] gradcam(Prepared p, int cls, String layer) {
        checkClass(cls);
        String maps = layer != null ? layer : gradcamLayer();
        if (maps == null) {
            throw ApiException.bad("net '" + net.name() + "' has no 4-D blob for Grad-CAM");
        }
        checkBlob(maps);
        try (Tensor x = p.tensor(net)) {
            GradCam.Result r = GradCam.compute(net, x, scoreBlob, cls, maps);
            return RunOutput.pngBytes(images.overlay(p.seen(), r.upsampled(), ALPHA));
        }
    }

    /** Occlusion settings for this net's input: a square of a seventh of the side, half of it as the stride. */
    Occlusion.Settings occlusionSettings() {
        int side = Math.min(p0(2), p0(3));
        int size = Math.max(2, side / 7);
        return new Occlusion.Settings(size, Math.max(1, size / 2), null, 16);
    }

    private int p0(int axis) {
        return ((int[]) ((Map<?, ?>) description.get("input")).get("shape"))[axis];
    }

    /**
     * How much hiding each square lowers class {@code cls}'s probability, over the image.
     *
     * @param step called after each batch of occluded images (where a long job yields the device)
     */
    byte[] occlusion(Prepared p, int cls, IntConsumer step) {
        checkClass(cls);
        Occlusion.Result r;
        try (Tensor x = p.tensor(net)) {
            r = Occlusion.run(net, x, cls, occlusionSettings(), n -> step.accept(n));
        }
        Planes drop = r.toImage(r.dropMap());
        Tensor map = Tensor.of(Devices.cpu(), drop.data(), 1, 1, drop.height(), drop.width());
        return RunOutput.pngBytes(images.overlay(p.seen(), map, ALPHA));
    }

    /**
     * A learning rate that moves the pixels visibly in 100 steps: 20 for the demo model (as in the
     * tour's classmodel), 0.2 for nets on scaled inputs (LeNet), 2000 on 0-255 pixels (SqueezeNet's
     * fire9 units).
     */
    float defaultLr() {
        return "demo".equals(label) ? 20f : pre.scale() < 0.1f ? 0.2f : 2000f;
    }

    /** The net's input shape for one image. */
    Shape inputShape() {
        return Shape.of((int[]) ((Map<?, ?>) description.get("input")).get("shape"));
    }

    /**
     * An image optimized to excite {@code channel} of {@code blob} at its strongest position (or,
     * with blob null, class {@code channel}'s pre-softmax score): {@link ClassModel} with its default
     * settings from the mean image, one step per lane turn. The learning rate acts on the raw
     * gradient, so it depends on the net's scale ({@link #defaultLr}).
     *
     * @param step told each iteration done; a long job yields the lane there and may throw to cancel
     */
    byte[] optimize(DeviceLane lane, String blob, int channel, int iterations, float lr, IntConsumer step) throws Exception {
        if (blob == null) {
            checkClass(channel);
        } else {
            checkChannel(blob, channel);
        }
        ClassModel algo = lane.call(() -> {
            Shape in = inputShape();
            Objective o = blob == null ? Objective.classScore(net, in, scoreBlob, channel)
                    : Objective.unit(net, in, blob, Unit.channelMax(channel));
            return ClassModel.init(o, Tensor.zeros(net.device(), in.dims()), ClassModel.Settings.defaults().withIterations(iterations).withLr(lr, lr));
        });
        while (lane.call(algo::step)) {
            step.accept(algo.iteration());
        }
        step.accept(algo.iteration());
        if (algo.diverged() != null) {
            throw new IllegalArgumentException("the optimization stopped: " + algo.diverged());
        }
        return lane.call(() -> RunOutput.pngBytes(images.input(pre.deprocess(algo.result()))));
    }
}
