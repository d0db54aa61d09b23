package org.convscope.nn.caffe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reading the Deep Compression weight format ({@code .net}): pruned, quantized weights of the
 * Convolution and InnerProduct layers of a net whose deploy prototxt gives the shapes.
 *
 * <p>Layout (little-endian, no header): {@code uint32[L]} stored-weight counts N, one per
 * parameterized layer in prototxt order; then per layer a {@code float32[2^b]} codebook (b = 8 for
 * convolutions, 4 for fully connected layers), a {@code float32[out]} bias, N codes of b bits
 * ({@code ceil(N*b/8)} bytes; two 4-bit codes per byte, low nibble first), and N 4-bit gaps
 * ({@code ceil(N/2)} bytes, low nibble first). Stored weight k sits at flat position
 * {@code p_k = p_(k-1) + gap_k + 1} of the C-order weight array ({@code p_(-1) = -1}); its value is
 * {@code codebook[code_k]}; positions not reached are 0. The file ends after the last layer's gaps.
 *
 * <p>Checks: the file holds the L counts; every N fits its layer; every position lies inside its
 * layer; the file is consumed exactly (neither truncated nor followed by trailing bytes). When a
 * count does not fit, the reader also tries whether the file is a whole file of fewer layers
 * (a file made for another net) and says so. Every error is a {@link CaffeFormatException} of one
 * line naming the file, the layer and what is wrong.
 */
public final class DeepCompression {
    private DeepCompression() {
    }

    /**
     * One parameterized layer as the net defines it.
     *
     * @param name           layer name
     * @param fullyConnected true for InnerProduct (4-bit codes), false for Convolution (8-bit)
     * @param weightDims     the weight blob's dimensions (conv: out x in/group x kh x kw; fc: out x in)
     * @param biasCount      the bias length (the layer's output count)
     */
    public record LayerSpec(String name, boolean fullyConnected, int[] weightDims, int biasCount) {
        public LayerSpec {
            weightDims = weightDims.clone();
        }

        long weightCount() {
            long c = 1;
            for (int d : weightDims) {
                c *= d;
            }
            return c;
        }

        int bits() {
            return fullyConnected ? 4 : 8;
        }

        /** Bytes of this layer's section holding {@code n} stored weights. */
        long sectionBytes(long n) {
            return 4L * (1 << bits()) + 4L * biasCount + (n * bits() + 7) / 8 + (n + 1) / 2;
        }
    }

    /** Whether a path names a Deep Compression file (by its {@code .net} extension). */
    public static boolean isNetFile(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".net");
    }

    /**
     * Refuses a {@code .net} file where a caffemodel must carry or identify its own architecture:
     * a Deep Compression file holds no layer names or shapes.
     */
    public static void requireDefinitionGiven(Path file) throws CaffeFormatException {
        if (isNetFile(file)) {
            throw new CaffeFormatException(file + ": a Deep Compression .net file holds no layer definitions; "
                    + "give the deploy prototxt it was made for (--model)");
        }
    }

    /** Reads a {@code .net} file for the given layers (in prototxt order). */
    public static List<CaffeModel.LayerWeights> read(Path file, List<LayerSpec> layers) throws IOException {
        long size = Files.size(file);
        int counts = 4 * layers.size();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes((int) Math.min(size, counts));
            long expected = head.length == counts
                    ? expectedSize(ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN), layers) : -1;
            if (expected != size) {
                // malformed: the counts and the file size are all the checks need (never read a huge file)
                return decode(head, head.length, size, file.toString(), layers);
            }
            byte[] all = Arrays.copyOf(head, Math.toIntExact(size));
            int got = head.length + in.readNBytes(all, head.length, all.length - head.length);
            return decode(all, got, got, file.toString(), layers);
        }
    }

    /** Reads a {@code .net} file from a stream (a resource). */
    public static List<CaffeModel.LayerWeights> read(InputStream in, String source, List<LayerSpec> layers)
            throws IOException {
        byte[] all = in.readAllBytes();
        return decode(all, all.length, all.length, source, layers);
    }

    /** The size a well-formed file with these counts has, or -1 when a count does not fit its layer. */
    private static long expectedSize(ByteBuffer counts, List<LayerSpec> layers) {
        long total = 4L * layers.size();
        for (int i = 0; i < layers.size(); i++) {
            long n = Integer.toUnsignedLong(counts.getInt(4 * i));
            if (n > layers.get(i).weightCount()) {
                return -1;
            }
            total += layers.get(i).sectionBytes(n);
        }
        return total;
    }

    /**
     * Decodes {@code bytes[0, length)}, the first bytes of a file of {@code fileSize} bytes.
     */
    private static List<CaffeModel.LayerWeights> decode(byte[] bytes, int length, long fileSize, String source,
                                                      List<LayerSpec> layers) throws CaffeFormatException {
        int l = layers.size();
        if (l == 0) {
            throw new CaffeFormatException(source + ": the net has no Convolution or InnerProduct layer to read "
                    + "Deep Compression weights into");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        if (fileSize < 4L * l) {
            throw new CaffeFormatException(source + ": truncated: " + fileSize + " bytes cannot hold the " + l
                    + " layer counts (uint32 each) of the net's parameterized layers " + range(layers));
        }
        long[] n = new long[l];
        for (int i = 0; i < l; i++) {
            n[i] = Integer.toUnsignedLong(b.getInt(4 * i));
        }
        long expected = expectedSize(b, layers);
        if (expected != fileSize) {
            int fewer = wholeFileOfFewerLayers(n, layers, l - 1, fileSize);
            if (fewer > 0) {
                throw new CaffeFormatException(source + ": wrong layer count: the file holds " + fewer
                        + " layers (it ends exactly after layer " + fewer + ", '" + layers.get(fewer - 1).name()
                        + "'), the prototxt has " + l + " parameterized layers " + range(layers)
                        + ": weights of another net?");
            }
        }
        for (int i = 0; i < l; i++) {
            LayerSpec s = layers.get(i);
            if (n[i] > s.weightCount()) {
                throw new CaffeFormatException(source + ": layer '" + s.name() + "' (layer " + (i + 1) + " of " + l
                        + "): stores " + n[i] + " weights, more than its " + s.weightCount() + " ("
                        + shape(s.weightDims()) + ")");
            }
        }
        if (fileSize < expected) {
            long at = 4L * l;
            for (int i = 0; i < l; i++) {
                LayerSpec s = layers.get(i);
                long next = at + s.sectionBytes(n[i]);
                if (next > fileSize) {
                    throw new CaffeFormatException(source + ": truncated: the file ends in layer '" + s.name()
                            + "' (layer " + (i + 1) + " of " + l + ", at its " + part(s, n[i], fileSize - at)
                            + "): " + fileSize + " bytes, the counts ask for " + expected);
                }
                at = next;
            }
        }
        if (fileSize > expected) {
            throw new CaffeFormatException(source + ": " + (fileSize - expected) + " trailing bytes after the last "
                    + "layer '" + layers.get(l - 1).name() + "': the counts ask for " + expected + " bytes, the file has "
                    + fileSize);
        }
        List<CaffeModel.LayerWeights> out = new ArrayList<>(l);
        int at = 4 * l;
        for (int i = 0; i < l; i++) {
            LayerSpec s = layers.get(i);
            int count = (int) n[i];
            int bits = s.bits();
            float[] codebook = new float[1 << bits];
            for (int k = 0; k < codebook.length; k++) {
                codebook[k] = b.getFloat(at + 4 * k);
            }
            at += 4 * codebook.length;
            float[] bias = new float[s.biasCount()];
            for (int k = 0; k < bias.length; k++) {
                bias[k] = b.getFloat(at + 4 * k);
            }
            at += 4 * bias.length;
            int codes = at;
            int gaps = codes + (int) (((long) count * bits + 7) / 8);
            long weights = s.weightCount();
            float[] w = new float[Math.toIntExact(weights)];
            long p = -1;
            for (int k = 0; k < count; k++) {
                int gap = nibble(bytes, gaps, k);
                p += gap + 1;
                if (p >= weights) {
                    throw new CaffeFormatException(source + ": layer '" + s.name() + "' (layer " + (i + 1) + " of " + l
                            + "): stored weight " + k + " of " + count + " lands at position " + p
                            + ", past the end of its " + weights + " weights (" + shape(s.weightDims()) + ")");
                }
                int code = bits == 8 ? bytes[codes + k] & 0xff : nibble(bytes, codes, k);
                w[(int) p] = codebook[code];
            }
            at = gaps + (count + 1) / 2;
            long[] wd = Arrays.stream(s.weightDims()).asLongStream().toArray();
            out.add(CaffeModel.LayerWeights.of(s.name(), s.fullyConnected() ? "InnerProduct" : "Convolution",
                    List.of(new BlobData(wd, false, w), new BlobData(new long[] {bias.length}, false, bias))));
        }
        return out;
    }

    /** The k-th 4-bit value from {@code start}, two per byte, low nibble first. */
    private static int nibble(byte[] bytes, int start, int k) {
        int v = bytes[start + (k >> 1)] & 0xff;
        return (k & 1) == 0 ? v & 0xf : v >>> 4;
    }

    /**
     * Whether the file is a whole, well-formed file of {@code j < L} layers (the net's first j
     * layers, its counts followed directly by their sections): the largest such j up to
     * {@code upTo}, or 0. An exact size match is the evidence: a file damaged otherwise is
     * practically never that size.
     */
    private static int wholeFileOfFewerLayers(long[] n, List<LayerSpec> layers, int upTo, long fileSize) {
        for (int j = upTo; j >= 1; j--) {
            long total = 4L * j;
            boolean fits = true;
            for (int i = 0; i < j; i++) {
                if (n[i] > layers.get(i).weightCount()) {
                    fits = false;
                    break;
                }
                total += layers.get(i).sectionBytes(n[i]);
            }
            if (fits && total == fileSize) {
                return j;
            }
        }
        return 0;
    }

    /** Which part of a layer's section an offset into it falls in. */
    private static String part(LayerSpec s, long n, long offset) {
        long codebook = 4L * (1 << s.bits());
        long bias = codebook + 4L * s.biasCount();
        long codes = bias + (n * s.bits() + 7) / 8;
        return offset < codebook ? "codebook" : offset < bias ? "bias" : offset < codes ? "codes" : "gaps";
    }

    private static String range(List<LayerSpec> layers) {
        return "(" + layers.get(0).name() + (layers.size() > 1 ? " .. " + layers.get(layers.size() - 1).name() : "") + ")";
    }

    private static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i > 0 ? "x" : "").append(dims[i]);
        }
        return sb.toString();
    }
}
