package org.convscope.nn.caffe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A protobuf message as a generic tree: an ordered list of named fields, each a scalar or a
 * nested message. Repeated fields are simply fields that occur more than once. This is what
 * {@link TextFormat} parses a {@code .prototxt} into; {@link NetDef} and {@link LayerDef} give it
 * a typed reading with Caffe's defaults.
 *
 * <p>Scalars keep their text: numbers and enum identifiers as written, strings unescaped. The
 * typed getters convert and say which field failed when a value does not convert.
 */
public final class Message {
    /**
     * One field occurrence.
     *
     * @param name    field name
     * @param text    the scalar's text (string contents, number, identifier), or null for a message
     * @param quoted  whether the scalar was a quoted string
     * @param message the nested message, or null for a scalar
     */
    public record Field(String name, String text, boolean quoted, Message message) {
    }

    private final List<Field> fields = new ArrayList<>();

    /** Appends a scalar field (an unquoted token: number, identifier, true/false). */
    public Message add(String name, String token) {
        fields.add(new Field(name, token, false, null));
        return this;
    }

    /** Appends a number field. */
    public Message add(String name, Number value) {
        String text = value instanceof Double || value instanceof Float
                ? new java.math.BigDecimal(value.toString()).stripTrailingZeros().toPlainString()
                : value.toString();
        fields.add(new Field(name, text, false, null));
        return this;
    }

    /** Appends a quoted-string field. */
    public Message addString(String name, String value) {
        fields.add(new Field(name, value, true, null));
        return this;
    }

    /** Appends a nested message field. */
    public Message add(String name, Message value) {
        fields.add(new Field(name, null, false, value));
        return this;
    }

    /** Every field occurrence in order. */
    public List<Field> fields() {
        return Collections.unmodifiableList(fields);
    }

    /** Distinct field names in order of first appearance. */
    public Set<String> names() {
        Set<String> s = new LinkedHashSet<>();
        for (Field f : fields) {
            s.add(f.name);
        }
        return s;
    }

    public boolean has(String name) {
        for (Field f : fields) {
            if (f.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Every occurrence of a field. */
    public List<Field> all(String name) {
        List<Field> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.name.equals(name)) {
                out.add(f);
            }
        }
        return out;
    }

    private Field last(String name) {
        Field found = null;
        for (Field f : fields) {
            if (f.name.equals(name)) {
                found = f;
            }
        }
        return found;
    }

    /** The nested message of a singular field (the last occurrence), or null when absent. */
    public Message message(String name) {
        Field f = last(name);
        if (f == null) {
            return null;
        }
        if (f.message == null) {
            throw new IllegalArgumentException("field '" + name + "' is a value (" + f.text + "), not a message");
        }
        return f.message;
    }

    /** The nested message of a field, or an empty message when absent (so defaults apply). */
    public Message messageOrEmpty(String name) {
        Message m = message(name);
        return m == null ? new Message() : m;
    }

    /** Every nested message of a repeated field. */
    public List<Message> messages(String name) {
        List<Message> out = new ArrayList<>();
        for (Field f : all(name)) {
            if (f.message == null) {
                throw new IllegalArgumentException("field '" + name + "' is a value (" + f.text + "), not a message");
            }
            out.add(f.message);
        }
        return out;
    }

    /** The scalar text of a singular field, or {@code dflt} when absent. */
    public String string(String name, String dflt) {
        Field f = last(name);
        if (f == null) {
            return dflt;
        }
        if (f.message != null) {
            throw new IllegalArgumentException("field '" + name + "' is a message, not a value");
        }
        return f.text;
    }

    /** Every scalar text of a repeated field. */
    public List<String> strings(String name) {
        List<String> out = new ArrayList<>();
        for (Field f : all(name)) {
            if (f.message != null) {
                throw new IllegalArgumentException("field '" + name + "' is a message, not a value");
            }
            out.add(f.text);
        }
        return out;
    }

    public long integer(String name, long dflt) {
        String s = string(name, null);
        return s == null ? dflt : parseInteger(name, s);
    }

    public int int32(String name, int dflt) {
        long v = integer(name, dflt);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + name + "': " + v + " does not fit 32 bits");
        }
        return (int) v;
    }

    /** Every value of a repeated integer field. */
    public List<Long> integers(String name) {
        return parsed(name, Message::parseInteger);
    }

    public float float32(String name, float dflt) {
        String s = string(name, null);
        return s == null ? dflt : parseFloat(name, s);
    }

    /** Every value of a repeated float field. */
    public List<Float> floats(String name) {
        return parsed(name, Message::parseFloat);
    }

    /** Every value of a repeated field, each parsed by {@code parse(name, text)}. */
    private <T> List<T> parsed(String name, BiFunction<String, String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String s : strings(name)) {
            out.add(parse.apply(name, s));
        }
        return out;
    }

    public boolean bool(String name, boolean dflt) {
        String s = string(name, null);
        if (s == null) {
            return dflt;
        }
        return switch (s) {
            case "true", "True", "t", "1" -> true;
            case "false", "False", "f", "0" -> false;
            default -> throw new IllegalArgumentException("field '" + name + "': '" + s + "' is not a boolean");
        };
    }

    private static long parseInteger(String name, String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseLong(s.substring(2), 16);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + name + "': '" + s + "' is not an integer");
        }
    }

    private static float parseFloat(String name, String s) {
        String t = s.endsWith("f") || s.endsWith("F") ? s.substring(0, s.length() - 1) : s;
        switch (t.toLowerCase()) {
            case "inf", "infinity" -> {
                return Float.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Float.NEGATIVE_INFINITY;
            }
            case "nan" -> {
                return Float.NaN;
            }
            default -> {
            }
        }
        try {
            return Float.parseFloat(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + name + "': '" + s + "' is not a number");
        }
    }

    /** The message in protobuf text format (two-space indent), as {@link TextFormat} reads it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        TextFormat.print(this, sb, 0);
        return sb.toString();
    }
}
