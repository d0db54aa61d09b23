package org.convscope.nn.caffe;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convscope.tensor.io.AtomicFiles;

/**
 * Reading and writing {@code .caffemodel} files (a binary {@code NetParameter}) and
 * {@code .binaryproto} blobs.
 *
 * <p>Reading streams: one pass over the file through a {@link WireReader}; each layer's blobs are
 * decoded straight into float arrays and handed to a visitor as soon as the layer ends, so the
 * peak heap is the floats kept by the caller plus a 64 KB buffer. Everything except names, types,
 * bottoms, tops and blobs (the embedded training-time parameters, the {@code diff} arrays) is skipped.
 *
 * <p>Field numbers used (from Caffe's schema): NetParameter name 1, layers 2 (V1), layer 100;
 * LayerParameter name 1, type 2 (string), bottom 3, top 4, blobs 7; V1LayerParameter bottom 2,
 * top 3, name 4, type 5 (enum), blobs 6; BlobProto num 1, channels 2, height 3, width 4, data 5
 * (packed float), diff 6, shape 7, double_data 8; BlobShape dim 1 (packed int64).
 *
 * <p>Writing produces the current format ({@code layer}, string types, BlobShape), floats packed,
 * bit for bit the values given; the file is written beside the target and moved into place, so a
 * failure leaves any existing file untouched.
 */
public final class CaffeModel {
    private CaffeModel() {
    }

    /**
     * The weights of one layer as stored in a caffemodel.
     *
     * @param name    layer name
     * @param type    current type name (V1 enum numbers translated), or "" when absent
     * @param bottoms bottom blob names as stored
     * @param tops    top blob names as stored
     * @param blobs      the learned blobs, in Caffe's order (weights, then bias)
     * @param definition the layer's whole definition as stored (current format: every field of
     *                   {@link CaffeSchema}; null for V1 layers), or null when writing names only
     */
    public record LayerWeights(String name, String type, List<String> bottoms, List<String> tops,
                               List<BlobData> blobs, Message definition) {
        public LayerWeights {
            bottoms = List.copyOf(bottoms);
            tops = List.copyOf(tops);
            blobs = List.copyOf(blobs);
        }

        /** A layer entry without a stored definition beyond name, type, bottoms and tops. */
        public LayerWeights(String name, String type, List<String> bottoms, List<String> tops, List<BlobData> blobs) {
            this(name, type, bottoms, tops, blobs, null);
        }

        /** A layer entry with blobs only. */
        public static LayerWeights of(String name, String type, List<BlobData> blobs) {
            return new LayerWeights(name, type, List.of(), List.of(), blobs);
        }

        /** A layer entry for a layer and its blobs, with its definition in current-format field names. */
        public static LayerWeights of(LayerDef def, List<BlobData> blobs) {
            return new LayerWeights(def.name(), def.type(), def.bottoms(), def.tops(), blobs, def.currentFormat());
        }

        /** The Input layer entry of a net input of these dimensions (null: shape not stored). */
        public static LayerWeights input(String name, int[] dims) {
            Message def = new Message().addString("name", name).addString("type", "Input").addString("top", name);
            if (dims != null) {
                Message shape = new Message();
                for (int dim : dims) {
                    shape.add("dim", dim);
                }
                def.add("input_param", new Message().add("shape", shape));
            }
            return new LayerWeights(name, "Input", List.of(), List.of(name), List.of(), def);
        }
    }

    /** Receives each layer as it is read. */
    @FunctionalInterface
    public interface LayerVisitor {
        void layer(LayerWeights layer) throws IOException;
    }

    /**
     * What a caffemodel holds apart from the per-layer data.
     *
     * @param name   the net name stored in the file
     * @param legacy true for V1 ({@code layers}, field 2)
     * @param layers number of layer entries
     * @param net    the net-level fields other than layers ({@code name}, {@code input},
     *               {@code input_dim}, {@code input_shape})
     */
    public record Header(String name, boolean legacy, int layers, Message net) {
    }

    /**
     * Streams a caffemodel, calling {@code visitor} for each layer entry (with or without blobs).
     *
     * @throws CaffeFormatException when the file is truncated, corrupt, or not a caffemodel
     */
    public static Header read(Path file, LayerVisitor visitor) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new CaffeFormatException(file + ": empty file, not a caffemodel");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, size, file.toString(), visitor);
        }
    }

    /** Streams a caffemodel from {@code in} ({@code size} bytes, or -1 if unknown). */
    public static Header read(InputStream in, long size, String source, LayerVisitor visitor) throws IOException {
        WireReader r = new WireReader(in, size, source);
        String name = "";
        int v1 = 0;
        int v2 = 0;
        boolean other = false;
        Message net = new Message();
        while (!r.atEnd()) {
            int field = r.readTag();
            if (field == 1 && r.wireType() == WireReader.LENGTH_DELIMITED) {
                name = r.readString();
                net.addString("name", name);
            } else if ((field == 3 || field == 4 || field == 8) && CaffeSchema.field("NetParameter", field) != null) {
                CaffeSchema.decodeField(r, "NetParameter", net);
            } else if ((field == 2 || field == 100) && r.wireType() == WireReader.LENGTH_DELIMITED) {
                long len = r.readLength();
                r.pushLimit(len);
                LayerWeights lw = field == 2 ? readV1Layer(r) : readLayer(r);
                r.popLimit();
                if (field == 2) {
                    v1++;
                } else {
                    v2++;
                }
                visitor.layer(lw);
            } else {
                other = true;
                r.skipField();
            }
        }
        if (v1 == 0 && v2 == 0) {
            throw new CaffeFormatException(source + ": no layers found: not a caffemodel"
                    + (other ? " (it parses as protobuf but holds no NetParameter layers)" : ""));
        }
        if (v1 > 0 && v2 > 0) {
            throw new CaffeFormatException(source + ": mixes V1 'layers' and current 'layer' entries");
        }
        return new Header(name, v1 > 0, v1 + v2, net);
    }

    /** Reads every layer that has blobs, by layer name, in file order. */
    public static Map<String, LayerWeights> readWeights(Path file) throws IOException {
        Map<String, LayerWeights> out = new LinkedHashMap<>();
        read(file, lw -> {
            if (!lw.blobs().isEmpty()) {
                out.put(lw.name(), lw);
            }
        });
        return out;
    }

    private static LayerWeights readLayer(WireReader r) throws IOException {
        Message def = new Message();
        List<BlobData> blobs = new ArrayList<>();
        while (!r.atEnd()) {
            int f = r.readTag();
            if (f == 7 && r.wireType() == WireReader.LENGTH_DELIMITED) {
                blobs.add(readBlobMessage(r, "layer '" + def.string("name", "") + "' blob " + blobs.size()));
            } else {
                CaffeSchema.decodeField(r, "LayerParameter", def);
            }
        }
        return new LayerWeights(def.string("name", ""), def.string("type", ""), def.strings("bottom"),
                def.strings("top"), blobs, def);
    }

    private static LayerWeights readV1Layer(WireReader r) throws IOException {
        String name = "";
        String type = "";
        List<String> bottoms = new ArrayList<>();
        List<String> tops = new ArrayList<>();
        List<BlobData> blobs = new ArrayList<>();
        while (!r.atEnd()) {
            int f = r.readTag();
            boolean ld = r.wireType() == WireReader.LENGTH_DELIMITED;
            if (f == 4 && ld) {
                name = r.readString();
            } else if (f == 5 && r.wireType() == WireReader.VARINT) {
                int t = (int) r.readVarint();
                String s = V1Types.typeOf(t);
                type = s == null ? "V1:" + t : s;
            } else if (f == 2 && ld) {
                bottoms.add(r.readString());
            } else if (f == 3 && ld) {
                tops.add(r.readString());
            } else if (f == 6 && ld) {
                blobs.add(readBlobMessage(r, "layer '" + name + "' blob " + blobs.size()));
            } else {
                r.skipField();
            }
        }
        return new LayerWeights(name, type, bottoms, tops, blobs);
    }

    private static BlobData readBlobMessage(WireReader r, String layer) throws IOException {
        long len = r.readLength();
        r.pushLimit(len);
        BlobData b = readBlob(r, layer);
        r.popLimit();
        return b;
    }

    /** Reads the fields of one BlobProto up to the current limit. */
    static BlobData readBlob(WireReader r, String owner) throws IOException {
        long[] legacy = {0, 0, 0, 0};
        boolean anyLegacy = false;
        long[] dims = null;
        float[] data = null;
        int filled = 0;
        while (!r.atEnd()) {
            int f = r.readTag();
            int wt = r.wireType();
            if (f >= 1 && f <= 4 && wt == WireReader.VARINT) {
                legacy[f - 1] = r.readVarint();
                anyLegacy = true;
            } else if (f == 7 && wt == WireReader.LENGTH_DELIMITED) {
                dims = readShape(r);
            } else if (f == 5 && wt == WireReader.LENGTH_DELIMITED) {
                long at = r.position();
                long bytes = r.readLength();
                if (bytes % 4 != 0) {
                    throw r.error(at, owner + ": packed float data of " + bytes + " bytes is not a multiple of 4");
                }
                data = grow(data, filled, bytes / 4, r, at);
                r.readFloats(data, filled, (int) (bytes / 4));
                filled += (int) (bytes / 4);
            } else if (f == 5 && wt == WireReader.FIXED32) {
                data = grow(data, filled, 1, r, r.position());
                data[filled++] = r.readFloat();
            } else if (f == 8 && wt == WireReader.LENGTH_DELIMITED) {
                long at = r.position();
                long bytes = r.readLength();
                if (bytes % 8 != 0) {
                    throw r.error(at, owner + ": packed double data of " + bytes + " bytes is not a multiple of 8");
                }
                data = grow(data, filled, bytes / 8, r, at);
                r.readDoublesAsFloats(data, filled, (int) (bytes / 8));
                filled += (int) (bytes / 8);
            } else if (f == 8 && wt == WireReader.FIXED64) {
                data = grow(data, filled, 1, r, r.position());
                data[filled++] = (float) r.readDouble();
            } else {
                r.skipField();
            }
        }
        boolean isLegacy = dims == null;
        if (isLegacy) {
            // no shape at all: a flat array whose count must match (Caffe's rule for legacy blobs)
            dims = anyLegacy ? legacy : data == null ? new long[0] : new long[] {filled};
        }
        if (data == null) {
            data = new float[0];
        } else if (filled != data.length) {
            data = java.util.Arrays.copyOf(data, filled);
        }
        BlobData b = new BlobData(dims, isLegacy, data);
        if (b.count() != data.length && !(dims.length == 0 && data.length == 0)) {
            throw new CaffeFormatException(r.source() + ": " + owner + ": blob of shape " + b.shapeString()
                    + " should hold " + b.count() + " values but holds " + data.length);
        }
        return b;
    }

    private static float[] grow(float[] data, int filled, long more, WireReader r, long at) throws IOException {
        long need = filled + more;
        if (need > Integer.MAX_VALUE - 8) {
            throw r.error(at, "blob of " + need + " values is too large");
        }
        if (data == null && filled == 0 && more > 1) {
            return new float[(int) need];
        }
        if (data == null) {
            return new float[(int) Math.max(need, 16)];
        }
        if (need <= data.length) {
            return data;
        }
        return java.util.Arrays.copyOf(data, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 8L, 2L * data.length)));
    }

    private static long[] readShape(WireReader r) throws IOException {
        long len = r.readLength();
        r.pushLimit(len);
        List<Long> dims = new ArrayList<>();
        while (!r.atEnd()) {
            int f = r.readTag();
            if (f == 1 && r.wireType() == WireReader.LENGTH_DELIMITED) {
                long l = r.readLength();
                r.pushLimit(l);
                while (!r.atEnd()) {
                    dims.add(r.readVarint());
                }
                r.popLimit();
            } else if (f == 1 && r.wireType() == WireReader.VARINT) {
                dims.add(r.readVarint());
            } else {
                r.skipField();
            }
        }
        r.popLimit();
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i);
            if (d[i] < 0) {
                throw r.error(r.position(), "negative blob dimension " + d[i]);
            }
        }
        return d;
    }

    /** Reads a {@code .binaryproto} file: one BlobProto (a mean image, typically 1x3x256x256). */
    public static BlobData readBinaryProto(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            WireReader r = new WireReader(in, size, file.toString());
            BlobData b = readBlob(r, "blob");
            if (b.data().length == 0) {
                throw new CaffeFormatException(file + ": holds no blob data: not a binaryproto blob");
            }
            return b;
        }
    }

    // ------------------------------------------------------------ writing

    /**
     * Writes a current-format caffemodel holding {@code layers} (name, type, bottoms, tops, blobs
     * with BlobShape and packed float data). Written to a temporary file beside {@code file}, then
     * moved into place.
     */
    public static void write(Path file, String netName, List<LayerWeights> layers) throws IOException {
        try (Writer w = Writer.open(file, netName)) {
            for (LayerWeights l : layers) {
                w.layer(l);
            }
            w.commit();
        }
    }

    /** Writes a current-format caffemodel to a stream. */
    public static void write(OutputStream out, String netName, List<LayerWeights> layers) throws IOException {
        WireWriter w = new WireWriter(out);
        w.writeString(1, netName);
        for (LayerWeights l : layers) {
            writeLayer(w, l);
        }
        w.flush();
    }

    /**
     * A caffemodel written one layer at a time (so a caller never needs every layer's floats at
     * once): {@link #open}, {@link #layer} for each layer, {@link #commit} to move the finished
     * file into place; closing without committing deletes the partial file and leaves any existing
     * file untouched.
     */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final OutputStream out;
        private final WireWriter w;
        private boolean done;

        private Writer(Path target, Path tmp, OutputStream out, WireWriter w) {
            this.target = target;
            this.tmp = tmp;
            this.out = out;
            this.w = w;
        }

        /** Starts writing {@code file} (through a temporary file beside it). */
        public static Writer open(Path file, String netName) throws IOException {
            Path abs = file.toAbsolutePath();
            Path tmp = AtomicFiles.tempBeside(abs);
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE), 1 << 16);
            WireWriter w = new WireWriter(out);
            try {
                w.writeString(1, netName);
            } catch (IOException e) {
                out.close();
                Files.deleteIfExists(tmp);
                throw e;
            }
            return new Writer(abs, tmp, out, w);
        }

        /** Appends one layer. */
        public void layer(LayerWeights l) throws IOException {
            writeLayer(w, l);
        }

        /** Finishes the file and moves it into place. */
        public void commit() throws IOException {
            w.flush();
            out.close();
            AtomicFiles.moveIntoPlace(tmp, target);
            done = true;
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                out.close();
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void writeLayer(WireWriter w, LayerWeights l) throws IOException {
        if (l.definition() != null) {
            byte[] def = CaffeSchema.encode(l.definition(), "LayerParameter", "blobs");
            long size = def.length;
            for (BlobData b : l.blobs()) {
                size += WireWriter.sizeLengthDelimited(7, blobSize(b));
            }
            w.beginLengthDelimited(100, size);
            w.writeBytes(def);
        } else {
            w.beginLengthDelimited(100, layerSize(l));
            w.writeString(1, l.name());
            if (!l.type().isEmpty()) {
                w.writeString(2, l.type());
            }
            for (String b : l.bottoms()) {
                w.writeString(3, b);
            }
            for (String t : l.tops()) {
                w.writeString(4, t);
            }
        }
        for (BlobData b : l.blobs()) {
            w.beginLengthDelimited(7, blobSize(b));
            writeBlobBody(w, b);
        }
    }

    /** Writes one BlobProto as a whole {@code .binaryproto} file (shape and packed data). */
    public static void writeBinaryProto(Path file, BlobData blob) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            WireWriter w = new WireWriter(out);
            writeBlobBody(w, blob);
            w.flush();
        }
    }

    private static void writeBlobBody(WireWriter w, BlobData b) throws IOException {
        w.beginLengthDelimited(7, WireWriter.sizePackedVarints(1, b.dims()));
        w.writePackedVarints(1, b.dims());
        w.writePackedFloats(5, b.data(), 0, b.data().length);
    }

    private static long blobSize(BlobData b) {
        return WireWriter.sizeLengthDelimited(7, WireWriter.sizePackedVarints(1, b.dims()))
                + WireWriter.sizeLengthDelimited(5, 4L * b.data().length);
    }

    private static long layerSize(LayerWeights l) {
        long s = WireWriter.sizeString(1, l.name());
        if (!l.type().isEmpty()) {
            s += WireWriter.sizeString(2, l.type());
        }
        for (String b : l.bottoms()) {
            s += WireWriter.sizeString(3, b);
        }
        for (String t : l.tops()) {
            s += WireWriter.sizeString(4, t);
        }
        for (BlobData b : l.blobs()) {
            s += WireWriter.sizeLengthDelimited(7, blobSize(b));
        }
        return s;
    }
}
