package org.convscope.nn.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Structure-aware mutations of reader inputs, all driven by one seed (so a failing case is
 * reproduced from its seed alone). Protobuf binary: fields are located by walking the wire format
 * (keys, varints, length-delimited bodies, one level into nested messages) and mutated at their
 * boundaries: truncated there, deleted, duplicated, their lengths and varints replaced by extreme
 * values, their wire types changed, wrapped in deep nesting. Text (prototxt, .npy headers):
 * tokens deleted, duplicated, numbers replaced by extreme or malformed ones, braces unbalanced,
 * blocks nested deeply. Every kind also gets plain byte flips, insertions and truncation.
 */
final class Mutator {
    private final SplittableRandom rnd;
    private final List<String> applied = new ArrayList<>();

    Mutator(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** What was done to the input, for the failure message. */
    String describe() {
        return String.join("; ", applied);
    }

    // ---------------------------------------------------------------- protobuf binary

    /** One located field: where its key starts, where its value starts, where it ends. */
    record Field(int start, int valueStart, int end, int number, int wireType, int lengthAt) {
    }

    /** The fields of a message body {@code [from, to)}, and of the length-delimited fields inside them (one level). */
    static List<Field> fields(byte[] b, int from, int to, int depth) {
        List<Field> out = new ArrayList<>();
        int p = from;
        while (p < to) {
            int start = p;
            long[] key = varint(b, p, to);
            if (key == null) {
                break;
            }
            p = (int) key[1];
            int wt = (int) (key[0] & 7);
            int number = (int) (key[0] >>> 3);
            int valueStart = p;
            int lengthAt = -1;
            switch (wt) {
                case 0 -> {
                    long[] v = varint(b, p, to);
                    if (v == null) {
                        return out;
                    }
                    p = (int) v[1];
                }
                case 1 -> p += 8;
                case 5 -> p += 4;
                case 2 -> {
                    long[] len = varint(b, p, to);
                    if (len == null || len[0] < 0 || len[1] + len[0] > to) {
                        return out;
                    }
                    lengthAt = p;
                    valueStart = (int) len[1];
                    p = (int) (len[1] + len[0]);
                }
                default -> {
                    return out;
                }
            }
            if (p > to) {
                break;
            }
            Field f = new Field(start, valueStart, p, number, wt, lengthAt);
            out.add(f);
            if (wt == 2 && depth > 0) {
                List<Field> inner = fields(b, valueStart, p, depth - 1);
                // only if the body parses as a message to its end (strings and packed floats usually do not)
                if (!inner.isEmpty() && inner.get(inner.size() - 1).end() == p) {
                    out.addAll(inner);
                }
            }
        }
        return out;
    }

    private static long[] varint(byte[] b, int p, int to) {
        long v = 0;
        for (int shift = 0; shift < 64 && p < to; shift += 7) {
            int x = b[p++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return new long[] {v, p};
            }
        }
        return null;
    }

    static byte[] encodeVarint(long v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            o.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
        return o.toByteArray();
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] with) {
        byte[] out = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(b, to, out, from + with.length, b.length - to);
        return out;
    }

    private long extreme() {
        long[] values = {0, 1, 127, 128, 255, 0x7fffffffL, 0x80000000L, 0xffffffffL, 1L << 32, 1L << 40,
            Long.MAX_VALUE, -1L, Integer.MIN_VALUE, 1L << 62};
        return values[rnd.nextInt(values.length)];
    }

    /** One to three mutations of a protobuf binary message. */
    byte[] protobuf(byte[] seed) {
        byte[] b = seed.clone();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n && b.length > 0; i++) {
            List<Field> fs = fields(b, 0, b.length, 2);
            if (fs.isEmpty() || rnd.nextInt(6) == 0) {
                b = bytes(b);
                continue;
            }
            Field f = fs.get(rnd.nextInt(fs.size()));
            switch (rnd.nextInt(8)) {
                case 0 -> {
                    int at = rnd.nextBoolean() ? f.start() : f.end();
                    applied.add("truncate at field " + f.number() + " boundary " + at);
                    b = Arrays.copyOf(b, at);
                }
                case 1 -> {
                    applied.add("delete field " + f.number() + " at " + f.start());
                    b = splice(b, f.start(), f.end(), new byte[0]);
                }
                case 2 -> {
                    applied.add("duplicate field " + f.number() + " at " + f.start());
                    b = splice(b, f.end(), f.end(), Arrays.copyOfRange(b, f.start(), f.end()));
                }
                case 3 -> {
                    if (f.lengthAt() >= 0) {
                        long v = extreme();
                        applied.add("length of field " + f.number() + " at " + f.lengthAt() + " := " + v);
                        b = splice(b, f.lengthAt(), f.valueStart(), encodeVarint(v));
                    } else {
                        long v = extreme();
                        applied.add("varint of field " + f.number() + " at " + f.valueStart() + " := " + v);
                        b = f.wireType() == 0 ? splice(b, f.valueStart(), f.end(), encodeVarint(v)) : b;
                    }
                }
                case 4 -> {
                    int wt = new int[] {0, 1, 2, 3, 4, 5, 6, 7}[rnd.nextInt(8)];
                    applied.add("wire type of field " + f.number() + " at " + f.start() + " := " + wt);
                    long[] key = varint(b, f.start(), b.length);
                    long k = (key[0] & ~7L) | wt;
                    b = splice(b, f.start(), (int) key[1], encodeVarint(k));
                }
                case 5 -> {
                    int depth = 1 + rnd.nextInt(200);
                    applied.add("field " + f.number() + " wrapped " + depth + " deep");
                    byte[] inner = Arrays.copyOfRange(b, f.start(), f.end());
                    for (int d = 0; d < depth; d++) {
                        ByteArrayOutputStream o = new ByteArrayOutputStream();
                        o.writeBytes(encodeVarint((long) f.number() << 3 | 2));
                        o.writeBytes(encodeVarint(inner.length));
                        o.writeBytes(inner);
                        inner = o.toByteArray();
                    }
                    b = splice(b, f.start(), f.end(), inner);
                }
                case 6 -> {
                    long number = extreme() & 0x1fffffff;
                    applied.add("field number " + f.number() + " at " + f.start() + " := " + number);
                    long[] key = varint(b, f.start(), b.length);
                    b = splice(b, f.start(), (int) key[1], encodeVarint(number << 3 | (key[0] & 7)));
                }
                default -> {
                    // a float inside the field's body set to NaN or infinity
                    if (f.end() - f.valueStart() >= 4) {
                        int at = f.valueStart() + rnd.nextInt(f.end() - f.valueStart() - 3);
                        int bits = new int[] {0x7fc00000, 0x7f800000, 0xff800000}[rnd.nextInt(3)];
                        applied.add("non-finite float bits at " + at);
                        for (int k = 0; k < 4; k++) {
                            b[at + k] = (byte) (bits >>> (8 * k));
                        }
                    }
                }
            }
        }
        return b;
    }

    // ---------------------------------------------------------------- text

    private static final String[] NUMBERS = {"-1", "0", "-28", "2147483648", "99999999999999999999", "1e40", "NaN",
        "inf", "-0", "0x10", "1.5", "", "abc", "3000000000", "65536"};

    /** One to three mutations of protobuf text (a prototxt, a solver). */
    String text(String seed) {
        String s = seed;
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            List<int[]> tokens = tokens(s);
            if (tokens.isEmpty() || rnd.nextInt(8) == 0) {
                s = new String(bytes(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
                continue;
            }
            int[] t = tokens.get(rnd.nextInt(tokens.size()));
            String tok = s.substring(t[0], t[1]);
            switch (rnd.nextInt(9)) {
                case 0 -> {
                    applied.add("delete token '" + tok + "' at " + t[0]);
                    s = s.substring(0, t[0]) + s.substring(t[1]);
                }
                case 1 -> {
                    applied.add("duplicate token '" + tok + "' at " + t[0]);
                    s = s.substring(0, t[1]) + " " + tok + s.substring(t[1]);
                }
                case 2, 3 -> {
                    String cur = s;
                    List<int[]> nums = tokens.stream().filter(x -> Character.isDigit(s0(cur, x[0]))).toList();
                    int[] u = nums.isEmpty() ? t : nums.get(rnd.nextInt(nums.size()));
                    String v = NUMBERS[rnd.nextInt(NUMBERS.length)];
                    applied.add("number '" + s.substring(u[0], u[1]) + "' at " + u[0] + " := '" + v + "'");
                    s = s.substring(0, u[0]) + v + s.substring(u[1]);
                }
                case 4 -> {
                    String brace = new String[] {"{", "}", "<", ">", "[", "]", "\"", ":"}[rnd.nextInt(8)];
                    applied.add("insert '" + brace + "' at " + t[0]);
                    s = s.substring(0, t[0]) + brace + s.substring(t[0]);
                }
                case 5 -> {
                    int depth = 1 + rnd.nextInt(300);
                    applied.add("nest " + depth + " deep at " + t[0]);
                    s = s.substring(0, t[0]) + "layer { ".repeat(depth) + "}".repeat(rnd.nextBoolean() ? depth : 0)
                            + s.substring(t[0]);
                }
                case 6 -> {
                    // duplicate a whole block: the text from this token to the next closing brace
                    int close = s.indexOf('}', t[0]);
                    if (close > 0) {
                        applied.add("duplicate block at " + t[0]);
                        s = s.substring(0, close + 1) + "\n" + s.substring(t[0], close + 1) + s.substring(close + 1);
                    }
                }
                case 7 -> {
                    String name = new String[] {"bogus", "name", "top", "bottom", "type", "dim", "input_dim",
                        "convolution_param", "num_output", "kernel_size", "stride", "pad", "group"}[rnd.nextInt(13)];
                    applied.add("token '" + tok + "' at " + t[0] + " := '" + name + "'");
                    s = s.substring(0, t[0]) + name + s.substring(t[1]);
                }
                default -> {
                    int at = rnd.nextInt(s.length() + 1);
                    applied.add("truncate at " + at);
                    s = s.substring(0, at);
                }
            }
        }
        return s;
    }

    private static char s0(String s, int i) {
        return i < s.length() ? s.charAt(i) : ' ';
    }

    /** Start and end of each token: identifiers and numbers, quoted strings, punctuation. */
    static List<int[]> tokens(String s) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_-.+".indexOf(s.charAt(i)) >= 0)) {
                    i++;
                }
            } else if (c == '"') {
                i = s.indexOf('"', i + 1);
                i = i < 0 ? s.length() : i + 1;
            } else {
                i++;
            }
            out.add(new int[] {start, i});
        }
        return out;
    }

    // ---------------------------------------------------------------- bytes

    /** Byte flips, insertions, deletions, truncation. */
    byte[] bytes(byte[] seed) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                int flips = 1 + rnd.nextInt(8);
                for (int k = 0; k < flips && b.length > 0; k++) {
                    int at = rnd.nextInt(b.length);
                    b[at] = (byte) rnd.nextInt(256);
                }
                applied.add(flips + " random bytes");
            }
            case 1 -> {
                int at = rnd.nextInt(b.length + 1);
                applied.add("truncate at byte " + at);
                b = Arrays.copyOf(b, at);
            }
            case 2 -> {
                int at = rnd.nextInt(b.length + 1);
                byte[] ins = new byte[1 + rnd.nextInt(16)];
                for (int k = 0; k < ins.length; k++) {
                    ins[k] = (byte) rnd.nextInt(256);
                }
                applied.add("insert " + ins.length + " bytes at " + at);
                b = splice(b, at, at, ins);
            }
            default -> {
                if (b.length > 1) {
                    int from = rnd.nextInt(b.length);
                    int to = Math.min(b.length, from + 1 + rnd.nextInt(32));
                    applied.add("delete bytes " + from + "-" + to);
                    b = splice(b, from, to, new byte[0]);
                }
            }
        }
        return b;
    }

    /** A 32-bit big-endian field at {@code at} set to an extreme value (image headers). */
    byte[] int32At(byte[] seed, int at) {
        byte[] b = seed.clone();
        if (at + 4 <= b.length) {
            int v = (int) new long[] {0, 1, 0x7fffffff, 0x80000000L, 0xffffffffL, 30000, 65535, 100000}[rnd.nextInt(8)];
            applied.add("int32 at " + at + " := " + v);
            for (int k = 0; k < 4; k++) {
                b[at + k] = (byte) (v >>> (24 - 8 * k));
            }
        }
        return b;
    }

    int nextInt(int bound) {
        return rnd.nextInt(bound);
    }
}
