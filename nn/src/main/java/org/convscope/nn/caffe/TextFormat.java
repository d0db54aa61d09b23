package org.convscope.nn.caffe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Protobuf text format (what {@code .prototxt} files are written in) to and from a generic
 * {@link Message} tree.
 *
 * <p>Grammar read here: {@code message := field*}; {@code field := name [':'] value [';' | ',']};
 * {@code value := scalar | '{' message '}' | '<' message '>' | '[' value (',' value)* ']'}; a scalar is
 * a number, an identifier (enum value, true/false) or one or more adjacent quoted strings (single or
 * double quotes, C escapes). {@code #} starts a comment to the end of the line. A bracketed list is
 * the same as repeating the field.
 */
public final class TextFormat {
    private final String text;
    private final String source;
    private int pos;
    private int depth;

    private TextFormat(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses text-format {@code text}; {@code source} names it in error messages. */
    public static Message parse(String text, String source) throws CaffeFormatException {
        TextFormat p = new TextFormat(text, source);
        Message m = p.message(null);
        return m;
    }

    /** How deep messages may nest ({@code a { b { c { ... } } }}), as protobuf's own text parser allows. */
    public static final int MAX_DEPTH = 100;

    /**
     * Reads and parses a {@code .prototxt} file.
     *
     * @throws CaffeFormatException for a file that is not UTF-8 text (a binary file, e.g. the
     *                              caffemodel given in place of the prototxt) or does not parse
     */
    public static Message parse(Path file) throws IOException {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new CaffeFormatException(file + ": is a directory, not a prototxt file");
        }
        byte[] bytes = Files.readAllBytes(file);
        return parse(decode(bytes, file.toString()), file.toString());
    }

    /** The bytes as UTF-8 text; a NUL byte or a byte sequence that is not UTF-8 means a binary file. */
    static String decode(byte[] bytes, String source) throws CaffeFormatException {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new CaffeFormatException(source + ": a binary file (NUL byte at offset " + i
                        + "), not a text prototxt; is it a .caffemodel given as the prototxt?");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CaffeFormatException(source + ": not UTF-8 text (" + e.getMessage()
                    + "): not a text prototxt; is it a binary file such as a .caffemodel?", e);
        }
    }

    // ------------------------------------------------------------ parser

    private Message message(String closer) throws CaffeFormatException {
        Message m = new Message();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                if (closer != null) {
                    throw error("unexpected end of file: missing '" + closer + "'");
                }
                return m;
            }
            char c = text.charAt(pos);
            if (closer != null && c == closer.charAt(0)) {
                pos++;
                return m;
            }
            if (!isIdentStart(c)) {
                throw error("expected a field name, found '" + c + "'");
            }
            String name = identifier();
            skipSpace();
            boolean colon = false;
            if (peek() == ':') {
                pos++;
                colon = true;
                skipSpace();
            }
            char v = peek();
            if (v == '{' || v == '<') {
                pos++;
                m.add(name, nested(v == '{' ? "}" : ">"));
            } else if (!colon) {
                throw error("expected ':' or '{' after field '" + name + "'");
            } else if (v == '[') {
                pos++;
                skipSpace();
                if (peek() == ']') {
                    pos++;
                } else {
                    while (true) {
                        skipSpace();
                        char e = peek();
                        if (e == '{' || e == '<') {
                            pos++;
                            m.add(name, nested(e == '{' ? "}" : ">"));
                        } else {
                            scalar(m, name);
                        }
                        skipSpace();
                        char sep = peek();
                        pos++;
                        if (sep == ']') {
                            break;
                        }
                        if (sep != ',') {
                            pos--;
                            throw error("expected ',' or ']' in the list of '" + name + "'");
                        }
                    }
                }
            } else {
                scalar(m, name);
            }
            skipSpace();
            if (peek() == ';' || peek() == ',') {
                pos++;
            }
        }
    }

    private Message nested(String closer) throws CaffeFormatException {
        if (++depth > MAX_DEPTH) {
            throw error("messages nested more than " + MAX_DEPTH + " deep");
        }
        Message m = message(closer);
        depth--;
        return m;
    }

    private void scalar(Message m, String name) throws CaffeFormatException {
        char c = peek();
        if (c == '"' || c == '\'') {
            StringBuilder sb = new StringBuilder();
            while (peek() == '"' || peek() == '\'') {
                sb.append(quoted());
                skipSpace();
            }
            m.addString(name, sb.toString());
            return;
        }
        int start = pos;
        while (pos < text.length()) {
            char d = text.charAt(pos);
            if (Character.isLetterOrDigit(d) || d == '_' || d == '.' || d == '-' || d == '+') {
                pos++;
            } else {
                break;
            }
        }
        if (start == pos) {
            throw error(c == 0 ? "unexpected end of file: missing the value of '" + name + "'"
                    : "expected a value for '" + name + "', found '" + c + "'");
        }
        m.add(name, text.substring(start, pos));
    }

    private String quoted() throws CaffeFormatException {
        char q = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == q) {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'x' -> {
                    int start = pos;
                    while (pos < text.length() && pos - start < 2 && Character.digit(text.charAt(pos), 16) >= 0) {
                        pos++;
                    }
                    if (start == pos) {
                        throw error("bad \\x escape");
                    }
                    sb.append((char) Integer.parseInt(text.substring(start, pos), 16));
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int start = pos - 1;
                        while (pos < text.length() && pos - start < 3 && text.charAt(pos) >= '0' && text.charAt(pos) <= '7') {
                            pos++;
                        }
                        sb.append((char) Integer.parseInt(text.substring(start, pos), 8));
                    } else {
                        sb.append(e);
                    }
                }
            }
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private CaffeFormatException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new CaffeFormatException(source + ":" + line + ":" + col + ": " + what);
    }

    // ------------------------------------------------------------ printer

    static void print(Message m, StringBuilder sb, int indent) {
        for (Message.Field f : m.fields()) {
            sb.append("  ".repeat(indent)).append(f.name());
            if (f.message() != null) {
                sb.append(" {\n");
                print(f.message(), sb, indent + 1);
                sb.append("  ".repeat(indent)).append("}\n");
            } else if (f.quoted()) {
                sb.append(": \"").append(escape(f.text())).append("\"\n");
            } else {
                sb.append(": ").append(f.text()).append('\n');
            }
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
