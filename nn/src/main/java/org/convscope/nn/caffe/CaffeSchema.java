package org.convscope.nn.caffe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Caffe's schema that ConvScope reads and writes in binary form: the current
 * {@code LayerParameter} with the parameter messages of the supported layers (field numbers and
 * types are facts of Caffe's {@code caffe.proto}). It turns a layer's {@link Message} tree into
 * protobuf binary and back, so a caffemodel ConvScope writes carries its whole net definition and
 * one read alone rebuilds the net. Fields outside this schema are skipped when reading and left out
 * when writing (weight fillers are kept; they do not change what a net computes anyway).
 */
public final class CaffeSchema {
    /** How a field is encoded. */
    public enum Kind { INT32, UINT32, INT64, BOOL, FLOAT, STRING, ENUM, MESSAGE }

    /**
     * One field.
     *
     * @param number field number
     * @param name   field name
     * @param kind   encoding
     * @param type   the message type (MESSAGE) or enum type (ENUM), else null
     * @param packed repeated scalars written packed
     */
    public record Field(int number, String name, Kind kind, String type, boolean packed) {
    }

    private static final Map<String, Map<String, Field>> BY_NAME = new HashMap<>();
    private static final Map<String, Map<Integer, Field>> BY_NUMBER = new HashMap<>();
    private static final Map<String, Map<String, Integer>> ENUMS = new HashMap<>();

    private static void msg(String message, Object... spec) {
        Map<String, Field> byName = new LinkedHashMap<>();
        Map<Integer, Field> byNumber = new HashMap<>();
        for (int i = 0; i < spec.length; i += 3) {
            String name = (String) spec[i];
            int number = (Integer) spec[i + 1];
            String kind = (String) spec[i + 2];
            Field f;
            if (kind.startsWith("msg:")) {
                f = new Field(number, name, Kind.MESSAGE, kind.substring(4), false);
            } else if (kind.startsWith("enum:")) {
                f = new Field(number, name, Kind.ENUM, kind.substring(5), false);
            } else if (kind.equals("packed_int64")) {
                f = new Field(number, name, Kind.INT64, null, true);
            } else {
                f = new Field(number, name, Kind.valueOf(kind.toUpperCase()), null, false);
            }
            byName.put(name, f);
            byNumber.put(number, f);
        }
        BY_NAME.put(message, byName);
        BY_NUMBER.put(message, byNumber);
    }

    private static void enumType(String name, String... values) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(values[i], i);
        }
        ENUMS.put(name, m);
    }

    static {
        enumType("Phase", "TRAIN", "TEST");
        enumType("PoolMethod", "MAX", "AVE", "STOCHASTIC");
        enumType("RoundMode", "CEIL", "FLOOR");
        enumType("NormRegion", "ACROSS_CHANNELS", "WITHIN_CHANNEL");
        enumType("Engine", "DEFAULT", "CAFFE", "CUDNN");
        enumType("DimCheckMode", "STRICT", "PERMISSIVE");
        enumType("VarianceNorm", "FAN_IN", "FAN_OUT", "AVERAGE");
        msg("LayerParameter", "name", 1, "string", "type", 2, "string", "bottom", 3, "string", "top", 4, "string",
                "phase", 10, "enum:Phase", "loss_weight", 5, "float", "param", 6, "msg:ParamSpec",
                "include", 8, "msg:NetStateRule", "exclude", 9, "msg:NetStateRule",
                "accuracy_param", 102, "msg:AccuracyParameter", "concat_param", 104, "msg:ConcatParameter",
                "convolution_param", 106, "msg:ConvolutionParameter", "dropout_param", 108, "msg:DropoutParameter",
                "flatten_param", 135, "msg:FlattenParameter", "inner_product_param", 117, "msg:InnerProductParameter",
                "input_param", 143, "msg:InputParameter", "lrn_param", 118, "msg:LRNParameter",
                "pooling_param", 121, "msg:PoolingParameter", "relu_param", 123, "msg:ReLUParameter",
                "softmax_param", 125, "msg:SoftmaxParameter");
        msg("NetParameter", "name", 1, "string", "input", 3, "string", "input_dim", 4, "int32",
                "input_shape", 8, "msg:BlobShape");
        msg("ParamSpec", "name", 1, "string", "share_mode", 2, "enum:DimCheckMode", "lr_mult", 3, "float",
                "decay_mult", 4, "float");
        msg("NetStateRule", "phase", 1, "enum:Phase", "min_level", 2, "int32", "max_level", 3, "int32",
                "stage", 4, "string", "not_stage", 5, "string");
        msg("FillerParameter", "type", 1, "string", "value", 2, "float", "min", 3, "float", "max", 4, "float",
                "mean", 5, "float", "std", 6, "float", "sparse", 7, "int32", "variance_norm", 8, "enum:VarianceNorm");
        msg("ConvolutionParameter", "num_output", 1, "uint32", "bias_term", 2, "bool", "pad", 3, "uint32",
                "kernel_size", 4, "uint32", "stride", 6, "uint32", "dilation", 18, "uint32", "pad_h", 9, "uint32",
                "pad_w", 10, "uint32", "kernel_h", 11, "uint32", "kernel_w", 12, "uint32", "stride_h", 13, "uint32",
                "stride_w", 14, "uint32", "group", 5, "uint32", "weight_filler", 7, "msg:FillerParameter",
                "bias_filler", 8, "msg:FillerParameter", "engine", 15, "enum:Engine", "axis", 16, "int32");
        msg("PoolingParameter", "pool", 1, "enum:PoolMethod", "pad", 4, "uint32", "pad_h", 9, "uint32",
                "pad_w", 10, "uint32", "kernel_size", 2, "uint32", "kernel_h", 5, "uint32", "kernel_w", 6, "uint32",
                "stride", 3, "uint32", "stride_h", 7, "uint32", "stride_w", 8, "uint32", "engine", 11, "enum:Engine",
                "global_pooling", 12, "bool", "round_mode", 13, "enum:RoundMode");
        msg("LRNParameter", "local_size", 1, "uint32", "alpha", 2, "float", "beta", 3, "float",
                "norm_region", 4, "enum:NormRegion", "k", 5, "float", "engine", 6, "enum:Engine");
        msg("InnerProductParameter", "num_output", 1, "uint32", "bias_term", 2, "bool",
                "weight_filler", 3, "msg:FillerParameter", "bias_filler", 4, "msg:FillerParameter", "axis", 5, "int32",
                "transpose", 6, "bool");
        msg("InputParameter", "shape", 1, "msg:BlobShape");
        msg("BlobShape", "dim", 1, "packed_int64");
        msg("ConcatParameter", "axis", 2, "int32", "concat_dim", 1, "uint32");
        msg("DropoutParameter", "dropout_ratio", 1, "float");
        msg("SoftmaxParameter", "engine", 1, "enum:Engine", "axis", 2, "int32");
        msg("ReLUParameter", "negative_slope", 1, "float", "engine", 2, "enum:Engine");
        msg("FlattenParameter", "axis", 1, "int32", "end_axis", 2, "int32");
        msg("AccuracyParameter", "top_k", 1, "uint32", "axis", 2, "int32", "ignore_label", 3, "int32");
    }

    private CaffeSchema() {
    }

    /** The field of a message type by number, or null when outside the schema. */
    public static Field field(String message, int number) {
        Map<Integer, Field> m = BY_NUMBER.get(message);
        return m == null ? null : m.get(number);
    }

    /** The field of a message type by name, or null when outside the schema. */
    public static Field field(String message, String name) {
        Map<String, Field> m = BY_NAME.get(message);
        return m == null ? null : m.get(name);
    }

    // ------------------------------------------------------------ encoding

    /**
     * Encodes the fields of {@code m} that the schema knows (type {@code message}) as protobuf binary.
     *
     * @param skip a field name to leave out (e.g. {@code blobs}), or null
     */
    public static byte[] encode(Message m, String message, String skip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WireWriter w = new WireWriter(bytes);
        for (Message.Field mf : m.fields()) {
            if (mf.name().equals(skip)) {
                continue;
            }
            Field f = field(message, mf.name());
            if (f == null) {
                continue;
            }
            try {
                encodeField(w, f, mf, m);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(message + "." + mf.name() + ": " + e.getMessage(), e);
            }
        }
        w.flush();
        return bytes.toByteArray();
    }

    private static void encodeField(WireWriter w, Field f, Message.Field mf, Message owner) throws IOException {
        if (f.kind() == Kind.MESSAGE) {
            byte[] inner = encode(mf.message(), f.type(), null);
            w.beginLengthDelimited(f.number(), inner.length);
            w.writeBytes(inner);
            return;
        }
        String t = mf.text();
        Message one = new Message().add(mf.name(), t);
        switch (f.kind()) {
            case STRING -> w.writeString(f.number(), t);
            case FLOAT -> w.writeFloatField(f.number(), one.float32(mf.name(), 0));
            case BOOL -> w.writeVarintField(f.number(), one.bool(mf.name(), false) ? 1 : 0);
            case ENUM -> {
                Integer v = ENUMS.get(f.type()).get(t);
                if (v == null) {
                    v = Integer.parseInt(t);
                }
                w.writeVarintField(f.number(), v);
            }
            case INT64 -> {
                if (f.packed()) {
                    // packed repeated: all values of the field at once, at its first occurrence
                    List<Message.Field> all = owner.all(mf.name());
                    if (all.get(0) != mf) {
                        return;
                    }
                    long[] v = owner.integers(mf.name()).stream().mapToLong(Long::longValue).toArray();
                    w.writePackedVarints(f.number(), v);
                } else {
                    w.writeVarintField(f.number(), one.integer(mf.name(), 0));
                }
            }
            default -> w.writeVarintField(f.number(), one.integer(mf.name(), 0)); // int32 (negative: 10 bytes), uint32
        }
    }

    // ------------------------------------------------------------ decoding

    /**
     * Decodes one field (its tag just read) of a message of type {@code message} into {@code into};
     * fields outside the schema are skipped.
     */
    public static void decodeField(WireReader r, String message, Message into) throws IOException {
        Field f = field(message, r.fieldNumber());
        if (f == null) {
            r.skipField();
            return;
        }
        int wt = r.wireType();
        if (f.kind() == Kind.MESSAGE) {
            if (wt != WireReader.LENGTH_DELIMITED) {
                r.skipField();
                return;
            }
            into.add(f.name(), decode(r, r.readLength(), f.type()));
            return;
        }
        if (wt == WireReader.LENGTH_DELIMITED && f.kind() != Kind.STRING) {
            // packed repeated scalars
            long len = r.readLength();
            r.pushLimit(len);
            while (!r.atEnd()) {
                into.add(f.name(), scalarText(r, f, f.kind() == Kind.FLOAT ? WireReader.FIXED32 : WireReader.VARINT));
            }
            r.popLimit();
            return;
        }
        if (f.kind() == Kind.STRING) {
            if (wt != WireReader.LENGTH_DELIMITED) {
                r.skipField();
                return;
            }
            into.addString(f.name(), r.readString());
            return;
        }
        into.add(f.name(), scalarText(r, f, wt));
    }

    private static String scalarText(WireReader r, Field f, int wt) throws IOException {
        if (f.kind() == Kind.FLOAT) {
            if (wt != WireReader.FIXED32) {
                throw r.error(r.position(), f.name() + ": float field with wire type " + wt);
            }
            float v = r.readFloat();
            return Float.toString(v);
        }
        if (wt != WireReader.VARINT) {
            throw r.error(r.position(), f.name() + ": integer field with wire type " + wt);
        }
        long v = r.readVarint();
        return switch (f.kind()) {
            case BOOL -> v != 0 ? "true" : "false";
            case INT32 -> Integer.toString((int) v);
            case UINT32 -> Long.toString(v & 0xffffffffL);
            case ENUM -> {
                for (Map.Entry<String, Integer> e : ENUMS.get(f.type()).entrySet()) {
                    if (e.getValue() == v) {
                        yield e.getKey();
                    }
                }
                yield Long.toString(v);
            }
            default -> Long.toString(v);
        };
    }

    /** Decodes a nested message of {@code len} bytes. */
    public static Message decode(WireReader r, long len, String message) throws IOException {
        r.pushLimit(len);
        Message m = new Message();
        while (!r.atEnd()) {
            r.readTag();
            decodeField(r, message, m);
        }
        r.popLimit();
        return m;
    }
}
