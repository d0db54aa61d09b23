package org.convscope.nn.caffe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A streaming reader of the protobuf binary wire format: it reads one field at a time from an
 * {@link InputStream} and never holds more of the file than its small buffer.
 *
 * <p>The wire format in brief: a message is a sequence of fields, each a key varint
 * {@code (fieldNumber << 3) | wireType} followed by its value. Wire types: 0 varint, 1 fixed 64 bits,
 * 2 length-delimited (a varint length, then that many bytes: strings, nested messages, packed
 * repeated numbers), 5 fixed 32 bits (a float). Integers are little-endian base-128 varints;
 * floats are IEEE 754 little-endian.
 *
 * <p>Nested messages are read by {@link #pushLimit(long)} with the declared length and
 * {@link #popLimit()} after; {@link #atEnd()} says when the current message is done. Every declared
 * length is checked against the enclosing message and against the file size (when known), so a
 * truncated or corrupt file gives a {@link CaffeFormatException} that says where, never a
 * huge allocation or an end-of-file deep inside.
 */
public final class WireReader {
    /** Wire type of varints. */
    public static final int VARINT = 0;
    /** Wire type of 64-bit fixed values (double). */
    public static final int FIXED64 = 1;
    /** Wire type of length-delimited values. */
    public static final int LENGTH_DELIMITED = 2;
    /** Wire type of 32-bit fixed values (float). */
    public static final int FIXED32 = 5;

    private final InputStream in;
    private final String source;
    private final byte[] buf = new byte[1 << 16];
    private int bufPos;
    private int bufLen;
    private long pos;
    private long limit;
    private final Deque<Long> limits = new ArrayDeque<>();
    private int lastKey;

    /**
     * @param in     the stream, read from its current position
     * @param size   the number of bytes the stream holds (the file size), or -1 if unknown
     * @param source what to call the stream in messages (usually the file name)
     */
    public WireReader(InputStream in, long size, String source) {
        this.in = in;
        this.source = source;
        this.limit = size < 0 ? Long.MAX_VALUE : size;
    }

    /** Bytes consumed so far. */
    public long position() {
        return pos;
    }

    /** The name given at construction, for messages. */
    public String source() {
        return source;
    }

    /** True when the current message (or the stream) has no more fields. */
    public boolean atEnd() throws IOException {
        if (pos >= limit) {
            return true;
        }
        if (limit == Long.MAX_VALUE) {
            return !fill(1);
        }
        return false;
    }

    /**
     * Reads the next key; returns the field number (call {@link #wireType()} for its wire type).
     *
     * @throws CaffeFormatException for a field number 0 or an invalid wire type
     */
    public int readTag() throws IOException {
        long at = pos;
        long key = readVarint();
        int field = (int) (key >>> 3);
        int type = (int) (key & 7);
        if (field <= 0 || key >>> 3 > Integer.MAX_VALUE || (type != VARINT && type != FIXED64
                && type != LENGTH_DELIMITED && type != FIXED32)) {
            throw error(at, "invalid field key " + key + " (field " + (key >>> 3) + ", wire type " + type
                    + "): not a protobuf message of the expected kind, or corrupt");
        }
        lastKey = (int) key;
        return field;
    }

    /** The wire type of the field whose tag was read last. */
    public int wireType() {
        return lastKey & 7;
    }

    /** The field number of the tag read last. */
    public int fieldNumber() {
        return lastKey >>> 3;
    }

    /** Reads a base-128 varint (up to 64 bits). */
    public long readVarint() throws IOException {
        long at = pos;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte(at);
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw error(at, "malformed varint (more than 10 bytes)");
    }

    /** Reads a varint that must fit a non-negative int (a length, a dimension, a count). */
    public int readVarint32NonNegative(String what) throws IOException {
        long at = pos;
        long v = readVarint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw error(at, what + " " + v + " is out of range");
        }
        return (int) v;
    }

    /** Reads a little-endian 32-bit value. */
    public int readFixed32() throws IOException {
        need(4);
        int v = (buf[bufPos] & 0xff) | (buf[bufPos + 1] & 0xff) << 8 | (buf[bufPos + 2] & 0xff) << 16
                | (buf[bufPos + 3] & 0xff) << 24;
        advance(4);
        return v;
    }

    /** Reads a little-endian 64-bit value. */
    public long readFixed64() throws IOException {
        long lo = readFixed32() & 0xffffffffL;
        long hi = readFixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    /** Reads a float (wire type 5). */
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readFixed32());
    }

    /** Reads a double (wire type 1). */
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readFixed64());
    }

    /**
     * Reads the length prefix of a length-delimited field and checks it against what is left
     * in the current message and in the file.
     */
    public long readLength() throws IOException {
        long at = pos;
        long len = readVarint();
        if (len < 0) {
            throw error(at, "negative length " + len);
        }
        if (len > limit - pos) {
            boolean file = limits.isEmpty();
            throw error(at, "field " + fieldNumber() + " declares " + len + " bytes but only " + (limit - pos)
                    + " remain in the " + (file ? "file (truncated?)" : "enclosing message (corrupt?)"));
        }
        return len;
    }

    /** Reads a length-delimited UTF-8 string. */
    public String readString() throws IOException {
        long len = readLength();
        if (len > 1 << 24) {
            throw error(pos, "string of " + len + " bytes is implausibly long");
        }
        byte[] b = new byte[(int) len];
        readFully(b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Starts reading a nested message of {@code len} bytes (as returned by {@link #readLength()}). */
    public void pushLimit(long len) {
        limits.push(limit);
        limit = pos + len;
    }

    /** Ends the nested message started by {@link #pushLimit}; skips what was not read of it. */
    public void popLimit() throws IOException {
        if (pos < limit) {
            skipBytes(limit - pos);
        }
        limit = limits.pop();
    }

    /** Skips the value of the field whose tag was read last. */
    public void skipField() throws IOException {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> skipBytes(8);
            case LENGTH_DELIMITED -> skipBytes(readLength());
            case FIXED32 -> skipBytes(4);
            default -> throw error(pos, "cannot skip wire type " + wireType());
        }
    }

    /**
     * Reads {@code count} little-endian floats into {@code dst[offset..]} (a packed float field's
     * payload, its length already read).
     */
    public void readFloats(float[] dst, int offset, int count) throws IOException {
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, buf.length / 4);
            need(4 * n);
            ByteBuffer.wrap(buf, bufPos, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(dst, offset + done, n);
            advance(4 * n);
            done += n;
        }
    }

    /** Reads {@code count} little-endian doubles, rounding each to float into {@code dst[offset..]}. */
    public void readDoublesAsFloats(float[] dst, int offset, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            dst[offset + i] = (float) readDouble();
        }
    }

    /** A format error at byte offset {@code at} of the source. */
    public CaffeFormatException error(long at, String what) {
        return new CaffeFormatException(source + ": at byte " + at + ": " + what);
    }

    // ------------------------------------------------------------ buffer

    private int readByte(long at) throws IOException {
        if (pos >= limit) {
            throw error(at, limits.isEmpty() ? "unexpected end of file (truncated?)"
                    : "value runs past the end of its enclosing message (corrupt?)");
        }
        if (bufPos == bufLen && !fill(1)) {
            throw error(at, "unexpected end of file (truncated?)");
        }
        pos++;
        return buf[bufPos++] & 0xff;
    }

    private void need(int n) throws IOException {
        if (n > limit - pos) {
            throw error(pos, "needs " + n + " bytes but only " + (limit - pos) + " remain"
                    + (limits.isEmpty() ? " in the file (truncated?)" : " in the enclosing message (corrupt?)"));
        }
        if (!fill(n)) {
            throw error(pos, "unexpected end of file after " + (pos + bufLen - bufPos) + " bytes (truncated?)");
        }
    }

    private void advance(int n) {
        bufPos += n;
        pos += n;
    }

    /** Makes at least {@code n} bytes available in the buffer; false at end of stream. */
    private boolean fill(int n) throws IOException {
        if (bufLen - bufPos >= n) {
            return true;
        }
        System.arraycopy(buf, bufPos, buf, 0, bufLen - bufPos);
        bufLen -= bufPos;
        bufPos = 0;
        while (bufLen < n) {
            int r = in.read(buf, bufLen, buf.length - bufLen);
            if (r < 0) {
                return false;
            }
            bufLen += r;
        }
        return true;
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, buf.length);
            need(n);
            System.arraycopy(buf, bufPos, b, off, n);
            advance(n);
            off += n;
            len -= n;
        }
    }

    private void skipBytes(long n) throws IOException {
        if (n > limit - pos) {
            throw error(pos, "cannot skip " + n + " bytes, only " + (limit - pos) + " remain");
        }
        long inBuf = Math.min(n, bufLen - bufPos);
        advance((int) inBuf);
        n -= inBuf;
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw error(pos, "unexpected end of file (truncated?)");
                }
                s = 1;
            }
            pos += s;
            n -= s;
        }
    }
}
