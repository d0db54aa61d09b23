package org.convscope.nn.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * NumPy {@code .npy} files, read and written: what ConvScope exchanges with NumPy and PyTorch
 * (input tensors, blob values, mean images).
 *
 * <p>Format (version 1.0; 2.0 and 3.0 are read too): the magic {@code \x93NUMPY}, a major and minor
 * version byte, the header length (2 bytes little-endian in 1.0, 4 in 2.0/3.0), then an ASCII
 * Python dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 224, 224), }}
 * padded with spaces to a multiple of 64 bytes and ending in a newline, then the raw values.
 *
 * <p>Read: dtypes {@code f4 f8 f2 i1 i2 i4 i8 u1 u2 u4 u8 b1}, either byte order, C or Fortran order
 * (Fortran is transposed to C order); values are converted to float. Written: float32 {@code <f4}, C order.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * An array read from a {@code .npy} file.
     *
     * @param shape dimensions, C order (empty for a scalar)
     * @param data  the values converted to float, C order
     * @param dtype the file's dtype descriptor, e.g. {@code <f8}
     */
    public record Array(int[] shape, float[] data, String dtype) {
        /** This array as a tensor on {@code device} (rank 1 to 4; a scalar becomes shape 1). */
        public Tensor toTensor(Device device) {
            int[] dims = shape.length == 0 ? new int[] {1} : shape;
            if (dims.length > 4) {
                throw new IllegalArgumentException("a .npy array of rank " + dims.length + " does not fit a tensor (rank 1 to 4)");
            }
            return Tensor.of(device, data, dims);
        }
    }

    /** Reads a {@code .npy} file. */
    public static Array read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, size, file.toString());
        }
    }

    /** Reads a {@code .npy} file into a tensor on {@code device}. */
    public static Tensor readTensor(Path file, Device device) throws IOException {
        return read(file).toTensor(device);
    }

    /** Reads a {@code .npy} array from a stream; {@code source} names it in messages. */
    public static Array read(InputStream stream, String source) throws IOException {
        return read(stream, -1, source);
    }

    /**
     * Reads a {@code .npy} array from a stream of {@code size} bytes (-1 if unknown: then the
     * declared shape alone bounds the allocation); {@code source} names it in messages.
     *
     * @throws IOException naming {@code source} for anything that is not a well-formed array:
     *                     bad magic or header, negative or overflowing dimensions, a shape that
     *                     needs more bytes than the file holds, an unsupported dtype, truncation
     */
    public static Array read(InputStream stream, long size, String source) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[6];
        try {
            in.readFully(magic);
            for (int i = 0; i < 6; i++) {
                if (magic[i] != MAGIC[i]) {
                    throw new IOException(source + ": not a .npy file (no \\x93NUMPY magic)");
                }
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLen;
            if (major == 1) {
                headerLen = in.readUnsignedByte() | in.readUnsignedByte() << 8;
            } else if (major == 2 || major == 3) {
                headerLen = (in.readUnsignedByte() | in.readUnsignedByte() << 8 | in.readUnsignedByte() << 16)
                        | (long) in.readUnsignedByte() << 24;
            } else {
                throw new IOException(source + ": unsupported .npy version " + major);
            }
            if (headerLen > 1 << 20) {
                throw new IOException(source + ": .npy header of " + headerLen + " bytes is implausible");
            }
            byte[] hb = new byte[(int) headerLen];
            in.readFully(hb);
            String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(header);
            Matcher f = FORTRAN.matcher(header);
            Matcher s = SHAPE.matcher(header);
            if (!d.find() || !f.find() || !s.find()) {
                throw new IOException(source + ": cannot read the .npy header " + header.trim());
            }
            char order = d.group(1).charAt(0);
            char kind = d.group(2).charAt(0);
            int width;
            try {
                width = Integer.parseInt(d.group(3));
            } catch (NumberFormatException e) {
                throw new IOException(source + ": .npy dtype width '" + d.group(3) + "' is not a number", e);
            }
            boolean fortran = f.group(1).equals("True");
            List<Integer> dims = new ArrayList<>();
            long count = 1;
            for (String part : s.group(1).split(",")) {
                String t = part.trim();
                if (!t.isEmpty()) {
                    long v;
                    try {
                        v = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
                    } catch (NumberFormatException e) {
                        throw new IOException(source + ": .npy shape (" + s.group(1) + ") has a dimension '" + t
                                + "' that is not an integer", e);
                    }
                    if (v < 0 || v > Integer.MAX_VALUE) {
                        throw new IOException(source + ": .npy shape (" + s.group(1) + ") has dimension " + v
                                + (v < 0 ? ", which is negative" : ", which is too large"));
                    }
                    dims.add((int) v);
                    count = count > Integer.MAX_VALUE ? count : count * v;
                }
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new IOException(source + ": .npy shape (" + s.group(1).trim() + ") holds more than "
                        + (Integer.MAX_VALUE - 8) + " elements: too large for one array");
            }
            long dataStart = 6 + 2 + (major == 1 ? 2 : 4) + headerLen;
            if (size >= 0 && count * width > size - dataStart) {
                throw new IOException(source + ": .npy shape (" + s.group(1).trim() + ") of " + d.group(1) + kind + width
                        + " needs " + count * width + " bytes of data, the file holds " + Math.max(0, size - dataStart)
                        + " (truncated, or a wrong header)");
            }
            int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
            float[] data = readValues(in, (int) count, order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                    kind, width, source);
            if (fortran && shape.length > 1) {
                data = fortranToC(data, shape);
            }
            return new Array(shape, data, d.group(1) + kind + width);
        } catch (EOFException e) {
            throw new IOException(source + ": unexpected end of file (truncated .npy)", e);
        }
    }

    private static float[] readValues(DataInputStream in, int count, ByteOrder order, char kind, int width,
                                      String source) throws IOException {
        String dt = "" + kind + width;
        switch (dt) {
            case "f4", "f8", "f2", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1" -> {
            }
            default -> throw new IOException(source + ": unsupported .npy dtype " + dt);
        }
        float[] out = new float[count];
        byte[] block = new byte[Math.max(width, (1 << 16) / width * width)];
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, block.length / width);
            in.readFully(block, 0, n * width);
            ByteBuffer bb = ByteBuffer.wrap(block, 0, n * width).order(order);
            for (int i = 0; i < n; i++) {
                out[done + i] = switch (dt) {
                    case "f4" -> bb.getFloat();
                    case "f8" -> (float) bb.getDouble();
                    case "f2" -> halfToFloat(bb.getShort());
                    case "i1" -> bb.get();
                    case "u1", "b1" -> bb.get() & 0xff;
                    case "i2" -> bb.getShort();
                    case "u2" -> bb.getShort() & 0xffff;
                    case "i4" -> bb.getInt();
                    case "u4" -> bb.getInt() & 0xffffffffL;
                    case "i8" -> bb.getLong();
                    default -> unsigned64(bb.getLong());
                };
            }
            done += n;
        }
        return out;
    }

    /** IEEE 754 half precision to float. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
    }

    private static float unsigned64(long v) {
        return v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
    }

    private static float[] fortranToC(float[] f, int[] shape) {
        float[] c = new float[f.length];
        int rank = shape.length;
        int[] idx = new int[rank];
        for (int i = 0; i < f.length; i++) {
            // i is the Fortran-order index: first axis fastest
            int rem = i;
            for (int a = 0; a < rank; a++) {
                idx[a] = rem % shape[a];
                rem /= shape[a];
            }
            int ci = 0;
            for (int a = 0; a < rank; a++) {
                ci = ci * shape[a] + idx[a];
            }
            c[ci] = f[i];
        }
        return c;
    }

    /** Writes float32 values of the given shape (C order) as a {@code .npy} file. */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("Npy.write: " + data.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, data, shape);
        }
    }

    /** Writes a tensor (copied to the host) as a float32 {@code .npy} file. */
    public static void write(Path file, Tensor t) throws IOException {
        write(file, t.toArray(), t.shape().dims());
    }

    /** Writes float32 values as a {@code .npy} array to a stream. */
    public static void write(OutputStream out, float[] data, int... shape) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]).append(shape.length == 1 || i < shape.length - 1 ? "," : "");
            if (i < shape.length - 1) {
                dims.append(' ');
            }
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        byte[] block = new byte[1 << 16];
        ByteBuffer bb = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < data.length) {
            int n = Math.min(data.length - done, block.length / 4);
            bb.clear();
            for (int i = 0; i < n; i++) {
                bb.putInt(Float.floatToRawIntBits(data[done + i]));
            }
            out.write(block, 0, 4 * n);
            done += n;
        }
        out.flush();
    }
}
