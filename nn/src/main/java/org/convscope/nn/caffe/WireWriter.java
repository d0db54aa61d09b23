package org.convscope.nn.caffe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A streaming writer of the protobuf binary wire format (see {@link WireReader} for the format).
 * Nested messages need their length before their content; callers compute it with the static
 * {@code size*} helpers, so nothing is buffered beyond a small block.
 */
public final class WireWriter {
    private final OutputStream out;
    private final byte[] block = new byte[1 << 16];

    public WireWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes a field key. */
    public void writeTag(int field, int wireType) throws IOException {
        writeVarint((long) field << 3 | wireType);
    }

    /** Writes a base-128 varint. */
    public void writeVarint(long v) throws IOException {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Writes raw bytes (an already encoded payload). */
    public void writeBytes(byte[] b) throws IOException {
        out.write(b);
    }

    /** Writes a string field (key, length, UTF-8 bytes). */
    public void writeString(int field, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeTag(field, WireReader.LENGTH_DELIMITED);
        writeVarint(b.length);
        out.write(b);
    }

    /** Writes a varint field. */
    public void writeVarintField(int field, long v) throws IOException {
        writeTag(field, WireReader.VARINT);
        writeVarint(v);
    }

    /** Writes a float field (wire type 5). */
    public void writeFloatField(int field, float v) throws IOException {
        writeTag(field, WireReader.FIXED32);
        int bits = Float.floatToRawIntBits(v);
        out.write(bits);
        out.write(bits >>> 8);
        out.write(bits >>> 16);
        out.write(bits >>> 24);
    }

    /** Starts a length-delimited field (a nested message or a packed array) of {@code len} bytes. */
    public void beginLengthDelimited(int field, long len) throws IOException {
        writeTag(field, WireReader.LENGTH_DELIMITED);
        writeVarint(len);
    }

    /** Writes a packed float field: key, length {@code 4*n}, then the raw little-endian floats (bits kept exactly). */
    public void writePackedFloats(int field, float[] v, int offset, int count) throws IOException {
        beginLengthDelimited(field, 4L * count);
        ByteBuffer bb = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, block.length / 4);
            bb.clear();
            for (int i = 0; i < n; i++) {
                bb.putInt(Float.floatToRawIntBits(v[offset + done + i]));
            }
            out.write(block, 0, 4 * n);
            done += n;
        }
    }

    /** Writes a packed varint field. */
    public void writePackedVarints(int field, long[] v) throws IOException {
        long len = 0;
        for (long x : v) {
            len += sizeVarint(x);
        }
        beginLengthDelimited(field, len);
        for (long x : v) {
            writeVarint(x);
        }
    }

    public void flush() throws IOException {
        out.flush();
    }

    // ------------------------------------------------------------ sizes

    /** Bytes of a varint. */
    public static int sizeVarint(long v) {
        int n = 1;
        while ((v & ~0x7fL) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }

    /** Bytes of a key. */
    public static int sizeTag(int field) {
        return sizeVarint((long) field << 3);
    }

    /** Bytes of a whole length-delimited field with a payload of {@code len} bytes. */
    public static long sizeLengthDelimited(int field, long len) {
        return sizeTag(field) + sizeVarint(len) + len;
    }

    /** Bytes of a whole string field. */
    public static long sizeString(int field, String s) {
        return sizeLengthDelimited(field, s.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Bytes of a whole varint field. */
    public static long sizeVarintField(int field, long v) {
        return sizeTag(field) + sizeVarint(v);
    }

    /** Bytes of a whole packed varint field. */
    public static long sizePackedVarints(int field, long[] v) {
        long len = 0;
        for (long x : v) {
            len += sizeVarint(x);
        }
        return sizeLengthDelimited(field, len);
    }
}
