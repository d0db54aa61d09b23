package org.convscope.vis.patches;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.convscope.nn.ModelSummary;
import org.convscope.nn.ModelSummary.ReceptiveField;
import org.convscope.nn.Net;
import org.convscope.nn.TopGradients;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.vis.render.Planes;

/**
 * Maximally activating patches (Girshick et al. 2014; the top-9 figure of Zeiler &amp; Fergus 2014):
 * for chosen units of one blob, the {@code k} images of a data set on which each unit responds
 * most, the image region the unit sees (its receptive field), and the deconvnet and guided-backprop
 * projections of that one activation back to pixels.
 *
 * <h2>What is ranked</h2>
 * For a rank-4 blob {@code N x C x H x W} and channel {@code c}:
 * <ul>
 *   <li>channel mode (no position given): each image scores {@code max_{y,x} a[c, y, x]}, at the
 *       first position in row-major order that reaches it; an image enters a channel's top-k at
 *       most once;</li>
 *   <li>unit mode (position {@code (y, x)} given): each image scores {@code a[c, y, x]}.</li>
 * </ul>
 * For a rank-2 blob (fully connected, {@code N x C}) unit {@code c} scores {@code a[c]} and sees
 * the whole image. Hits are ordered by value (descending), then image index, then position
 * (ascending): the result is a function of the data and the net alone, whatever the batch size.
 * NaN activations never enter a top-k.
 *
 * <h2>Streaming</h2>
 * {@link #find} runs the images through the net in batches of {@code batch} and keeps, per
 * channel, only the {@code k} best hits seen so far (a bounded ordered set): memory is one batch
 * plus {@code k x channels} hits, for any number of images. {@link #project} makes a second pass
 * that reads only the images of the final hits and, per hit, runs forward to the blob and backward
 * from that one unit (one-hot top gradient, every other activation of the blob zero) in the
 * {@link ReluMode#DECONVNET} and {@link ReluMode#GUIDED} modes.
 *
 * <h2>Patches</h2>
 * Unit {@code (y, x)} sees the input rectangle {@link ReceptiveField#box(int, int)} from the
 * model summary: rows {@code [o_h + y j_h, o_h + y j_h + r_h)}, likewise columns. The patch is
 * that rectangle cut from the net input; parts outside the image (the zero padding the convolutions
 * see) are filled with 0 in net-input units, so every patch of a blob has the same size and the
 * unit's centre stays at the patch centre. Projections are cut by the same rectangle.
 */
public final class MaxPatches {

    /**
     * What to look for.
     *
     * @param blob     blob reference ({@code conv2}, {@code conv2@conv2})
     * @param channels channels (units of a rank-2 blob), in the order to show them
     * @param y        row of the unit in unit mode, or null for the channel's max
     * @param x        column of the unit in unit mode, or null
     * @param k        hits per channel
     * @param batch    images per forward pass
     */
    public record Request(String blob, List<Integer> channels, Integer y, Integer x, int k, int batch)
            implements Serializable { // sent to the tasks of a distributed scan (module spark)
        public Request {
            channels = List.copyOf(channels);
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("choose at least one channel");
            }
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, got " + k);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1, got " + batch);
            }
            if ((y == null) != (x == null)) {
                throw new IllegalArgumentException("a unit position needs both y and x");
            }
        }

        /** Channel mode (max over positions), k = 9, batch 32. */
        public static Request channels(String blob, List<Integer> channels) {
            return new Request(blob, channels, null, null, 9, 32);
        }

        public Request withK(int newK) {
            return new Request(blob, channels, y, x, newK, batch);
        }

        public Request withBatch(int newBatch) {
            return new Request(blob, channels, y, x, k, newBatch);
        }

        public Request atUnit(int uy, int ux) {
            return new Request(blob, channels, uy, ux, k, batch);
        }
    }

    /**
     * One of the top-k.
     *
     * @param channel the channel (unit)
     * @param rank    0 for the strongest
     * @param image   index in the image source
     * @param name    the image's name
     * @param value   the activation
     * @param y       row of the unit in the blob (0 for a rank-2 blob)
     * @param x       column of the unit (0 for a rank-2 blob)
     * @param box     the input rectangle the unit sees {top, left, bottom, right} (exclusive ends, not clipped)
     */
    public record Hit(int channel, int rank, int image, String name, float value, int y, int x, int[] box)
            implements Serializable { // partial top-k lists travel between machines (module spark)
    }

    /**
     * The top-k of every requested channel.
     *
     * @param request    what was asked
     * @param blobShape  the blob's shape for one image
     * @param field      the blob's receptive field
     * @param inputShape {@code 1 x C x H x W} of the net input
     * @param hits       per requested channel (same order), best first; fewer than k when the
     *                   source has fewer readable images
     * @param scanned    images that went through the net
     * @param unreadable "name: reason" of each image that could not be read
     */
    public record Result(Request request, Shape blobShape, ReceptiveField field, Shape inputShape,
                         List<List<Hit>> hits, int scanned, List<String> unreadable) {
    }

    /**
     * The deconvnet and guided-backprop projections of a hit, with its patch.
     *
     * @param patch     the patch of the net input, {@code C x r_h x r_w}
     * @param deconvnet the deconvnet projection, cut by the same box
     * @param guided    the guided-backprop projection, cut by the same box
     */
    public record Projection(Hit hit, Planes patch, Planes deconvnet, Planes guided) {
    }

    private MaxPatches() {
    }

    /** The receptive field of a blob from the model summary (its input is the 1 x 1 field). */
    public static ReceptiveField field(Net net, String blobRef) {
        String ref = resolve(net, blobRef);
        String input = net.inputNames().get(0);
        if (ref.equals(input + "@" + input)) {
            return new ReceptiveField(1, 1, 1, 1, 0, 0, false);
        }
        ModelSummary summary = ModelSummary.of(net);
        for (ModelSummary.Row r : summary.rows()) {
            if (r.top().equals(ref)) {
                return r.field();
            }
        }
        // a value written by a layer's second top or an in-place layer without a row of its own:
        // element-wise layers keep their bottom's field
        String producer = ref.substring(ref.indexOf('@') + 1);
        return summary.row(producer).field();
    }

    /** A blob reference as its {@code blob@layer} form ({@code conv1} is the last value of conv1). */
    public static String resolve(Net net, String blobRef) {
        if (blobRef.contains("@")) {
            net.shape(blobRef); // throws, listing the values, when there is no such value
            return blobRef;
        }
        net.shape(blobRef); // throws, listing the blobs, when there is no such blob
        String last = null;
        for (String r : net.blobRefs()) {
            if (r.substring(0, r.indexOf('@')).equals(blobRef)) {
                last = r;
            }
        }
        return last;
    }

    /**
     * Checks a request against the net: the blob exists, has a channel axis, the channels and the
     * unit position are inside it.
     *
     * @throws IllegalArgumentException naming what is wrong and what is valid
     */
    public static Shape check(Net net, Request r) {
        Shape s = net.shape(r.blob()).withFirst(1);
        if (s.rank() != 2 && s.rank() != 4) {
            throw new IllegalArgumentException("blob '" + r.blob() + "' has shape " + s
                    + "; top-k patches need N x C x H x W or N x C");
        }
        int channels = s.dim(1);
        for (int c : r.channels()) {
            if (c < 0 || c >= channels) {
                throw new IllegalArgumentException("channel " + c + " does not exist in blob '" + r.blob() + "' "
                        + s + ": valid channels are 0-" + (channels - 1));
            }
        }
        if (r.y() != null) {
            if (s.rank() != 4) {
                throw new IllegalArgumentException("blob '" + r.blob() + "' " + s + " has no positions; leave out the unit position");
            }
            if (r.y() < 0 || r.y() >= s.h() || r.x() < 0 || r.x() >= s.w()) {
                throw new IllegalArgumentException("unit position " + r.y() + "," + r.x() + " is outside the "
                        + s.h() + "x" + s.w() + " maps of blob '" + r.blob() + "': valid rows 0-" + (s.h() - 1)
                        + ", columns 0-" + (s.w() - 1));
            }
        }
        return s;
    }

    /**
     * Orders hits best first: value descending, then image, then position (ascending). A total order on
     * the hits of one channel (an image enters a channel once), so a top-k is the same whichever way the
     * images were split.
     */
    public static final Comparator<Hit> ORDER = (a, b) -> {
        int c = Float.compare(b.value(), a.value());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.image(), b.image());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.y(), b.y());
        return c != 0 ? c : Integer.compare(a.x(), b.x());
    };

    /**
     * First pass: the top-k hits of every requested channel over all images of the source.
     *
     * @param progress called with the number of images just finished (may be null)
     * @throws IllegalArgumentException for a request the net cannot answer ({@link #check}), or a
     *                                  source whose images do not fit the net input
     */
    public static Result find(Net net, ImageSource images, Request request, Consumer<Integer> progress)
            throws IOException {
        String input = net.inputNames().get(0);
        Shape declared = net.shape(input);
        Shape blob = check(net, request);
        ReceptiveField field = field(net, request.blob());
        int nc = request.channels().size();
        List<TreeSet<Hit>> best = new ArrayList<>();
        for (int i = 0; i < nc; i++) {
            best.add(new TreeSet<>(ORDER));
        }
        List<String> unreadable = new ArrayList<>();
        int[] scanned = {0};
        List<ImageSource.Item> pending = new ArrayList<>();
        Shape[] inputShape = {null};

        ImageSource.Sink sink = new ImageSource.Sink() {
            @Override
            public void accept(ImageSource.Item item) {
                Shape s = Shape.of(1, item.channels(), item.height(), item.width());
                if (inputShape[0] == null) {
                    if (declared.rank() == 4 && (declared.c() != s.c() || declared.h() != s.h() || declared.w() != s.w())) {
                        throw new IllegalArgumentException(item.name() + ": preprocessed to " + s + ", net '"
                                + net.name() + "' takes " + declared.withFirst(1));
                    }
                    inputShape[0] = s;
                } else if (!inputShape[0].equals(s)) {
                    unreadable.add(item.name() + ": preprocessed to " + s + ", the others are " + inputShape[0]);
                    return;
                }
                pending.add(item);
                if (pending.size() == request.batch()) {
                    runBatch(net, request, blob, field, pending, best);
                    scanned[0] += pending.size();
                    if (progress != null) {
                        progress.accept(pending.size());
                    }
                    pending.clear();
                }
            }

            @Override
            public void unreadable(int index, String name, String reason) {
                unreadable.add(name + ": " + reason);
                if (progress != null) {
                    progress.accept(1);
                }
            }
        };
        images.scan(sink);
        if (!pending.isEmpty()) {
            runBatch(net, request, blob, field, pending, best);
            scanned[0] += pending.size();
            if (progress != null) {
                progress.accept(pending.size());
            }
        }
        List<List<Hit>> hits = new ArrayList<>();
        for (int i = 0; i < nc; i++) {
            List<Hit> ranked = new ArrayList<>();
            int rank = 0;
            for (Hit h : best.get(i)) {
                ranked.add(new Hit(h.channel(), rank++, h.image(), h.name(), h.value(), h.y(), h.x(), h.box()));
            }
            hits.add(List.copyOf(ranked));
        }
        return new Result(request, blob, field, inputShape[0] == null ? declared.withFirst(1) : inputShape[0],
                List.copyOf(hits), scanned[0], List.copyOf(unreadable));
    }

    /**
     * The top-k of two top-k lists of one channel (each best first), re-ranked from 0: the {@code k} first of their union
     * by {@link #ORDER}. Associative and commutative, so top-k lists found on disjoint parts of a data set
     * merge, in any grouping, into the top-k of the whole set: each part's list holds every hit of that
     * part that can be in the whole set's top-k.
     */
    public static List<Hit> merge(List<Hit> a, List<Hit> b, int k) {
        List<Hit> out = new ArrayList<>(Math.min(k, a.size() + b.size()));
        int i = 0;
        int j = 0;
        while (out.size() < k && (i < a.size() || j < b.size())) {
            Hit h = j >= b.size() || (i < a.size() && ORDER.compare(a.get(i), b.get(j)) <= 0) ? a.get(i++) : b.get(j++);
            out.add(new Hit(h.channel(), out.size(), h.image(), h.name(), h.value(), h.y(), h.x(), h.box()));
        }
        return List.copyOf(out);
    }

    private static void runBatch(Net net, Request r, Shape blob, ReceptiveField field, List<ImageSource.Item> items,
                                 List<TreeSet<Hit>> best) {
        ImageSource.Item first = items.get(0);
        int per = first.data().length;
        float[] batch = new float[items.size() * per];
        for (int i = 0; i < items.size(); i++) {
            System.arraycopy(items.get(i).data(), 0, batch, i * per, per);
        }
        Tensor x = Tensor.of(net.device(), batch, items.size(), first.channels(), first.height(), first.width());
        float[] a = net.forward(x, r.blob()).toArray();
        x.close();
        int channels = blob.dim(1);
        int h = blob.rank() == 4 ? blob.h() : 1;
        int w = blob.rank() == 4 ? blob.w() : 1;
        int plane = h * w;
        for (int i = 0; i < items.size(); i++) {
            ImageSource.Item item = items.get(i);
            for (int ci = 0; ci < r.channels().size(); ci++) {
                int c = r.channels().get(ci);
                int base = (i * channels + c) * plane;
                int at;
                if (r.y() != null) {
                    at = r.y() * w + r.x();
                } else {
                    at = -1;
                    for (int p = 0; p < plane; p++) {
                        float v = a[base + p];
                        if (v == v && (at < 0 || v > a[base + at])) {
                            at = p;
                        }
                    }
                    if (at < 0) {
                        continue; // all NaN
                    }
                }
                float v = a[base + at];
                if (v != v) {
                    continue;
                }
                TreeSet<Hit> set = best.get(ci);
                int uy = at / w;
                int ux = at % w;
                Hit hit = new Hit(c, -1, item.index(), item.name(), v, uy, ux, null);
                if (set.size() < r.k()) {
                    set.add(withBox(hit, field, h, w));
                } else if (ORDER.compare(hit, set.last()) < 0) {
                    set.pollLast();
                    set.add(withBox(hit, field, h, w));
                }
            }
        }
    }

    private static Hit withBox(Hit h, ReceptiveField f, int blobH, int blobW) {
        int[] box = f.whole() ? new int[] {0, 0, f.sizeH(), f.sizeW()} : f.box(h.y(), h.x());
        return new Hit(h.channel(), h.rank(), h.image(), h.name(), h.value(), h.y(), h.x(), box);
    }

    /**
     * Second pass: for every hit of {@code result}, its patch and its deconvnet and guided-backprop
     * projections. Reads only the images of the hits, one at a time.
     *
     * @return per channel (as in the result), per hit, best first
     */
    public static List<List<Projection>> project(Net net, ImageSource images, Result result) throws IOException {
        Map<Integer, List<Hit>> byImage = new HashMap<>();
        for (List<Hit> hs : result.hits()) {
            for (Hit h : hs) {
                byImage.computeIfAbsent(h.image(), i -> new ArrayList<>()).add(h);
            }
        }
        Map<Hit, Projection> done = new HashMap<>();
        String blob = result.request().blob();
        images.scan(byImage::containsKey, new ImageSource.Sink() {
            @Override
            public void accept(ImageSource.Item item) {
                Tensor x = Tensor.of(net.device(), item.data(), 1, item.channels(), item.height(), item.width());
                Tensor value = net.forward(x, blob);
                Planes in = new Planes(item.channels(), item.height(), item.width(), item.data());
                for (Hit h : byImage.get(item.index())) {
                    Tensor top = value.rank() == 4 ? TopGradients.oneHot(value, h.channel(), h.y(), h.x())
                            : TopGradients.oneHot(value, h.channel());
                    Planes deconv = Planes.of(net.backward(blob, top, ReluMode.DECONVNET));
                    Planes guided = Planes.of(net.backward(blob, top, ReluMode.GUIDED));
                    top.close();
                    done.put(h, new Projection(h, crop(in, h.box()), crop(deconv, h.box()), crop(guided, h.box())));
                }
                x.close();
            }

            @Override
            public void unreadable(int index, String name, String reason) {
                throw new IllegalStateException(name + " was read in the first pass but not in the second: " + reason);
            }
        });
        List<List<Projection>> out = new ArrayList<>();
        for (List<Hit> hs : result.hits()) {
            List<Projection> row = new ArrayList<>();
            for (Hit h : hs) {
                row.add(done.get(h));
            }
            out.add(List.copyOf(row));
        }
        return out;
    }

    /**
     * The rectangle {@code box = {top, left, bottom, right}} (exclusive ends) of {@code p}, every
     * channel; positions outside {@code p} are 0.
     */
    public static Planes crop(Planes p, int[] box) {
        int h = box[2] - box[0];
        int w = box[3] - box[1];
        float[] out = new float[p.channels() * h * w];
        for (int c = 0; c < p.channels(); c++) {
            for (int y = 0; y < h; y++) {
                int sy = box[0] + y;
                if (sy < 0 || sy >= p.height()) {
                    continue;
                }
                for (int x = 0; x < w; x++) {
                    int sx = box[1] + x;
                    if (sx >= 0 && sx < p.width()) {
                        out[(c * h + y) * w + x] = p.data()[(c * p.height() + sy) * p.width() + sx];
                    }
                }
            }
        }
        return new Planes(p.channels(), h, w, out);
    }
}
