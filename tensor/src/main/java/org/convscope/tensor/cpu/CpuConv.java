package org.convscope.tensor.cpu;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;

/**
 * Convolution on the CPU: a plain-loop reference and a fast multithreaded form, the formulas of
 * {@link org.convscope.tensor.Device#conv2d} and its three gradients.
 *
 * <p>Names: input x is N x C x H x W, weights w are K x Cg x kh x kw with {@code Cg = C/groups},
 * output y is N x K x Ho x Wo, {@code Kg = K/groups}; sh, sw, ph, pw are the strides and pads.
 *
 * <p>The fast form lowers each item and group to one matrix multiply ({@link CpuGemm}, which is
 * where the threads are). The column matrix {@code col} (im2col) has one row per filter tap
 * {@code r = (c*kh + u)*kw + v}, {@code R = Cg*kh*kw} rows, and one column per output position:
 * {@code col[r, i*Wo + j] = x[n, g*Cg + c, i*sh - ph + u, j*sw - pw + v]} (0 outside). Then
 * <ul>
 * <li>forward: {@code y_g (Kg x HoWo) = w_g (Kg x R) * col};</li>
 * <li>backward-data: {@code col = w_g^T * dy_g}, then col2im adds each entry back to the x position it came from;</li>
 * <li>backward-weights: {@code dw_g (+)= dy_g * col^T}.</li>
 * </ul>
 * A 1x1 kernel with stride 1 and no pad needs no column matrix: the input plane is the matrix.
 * The column matrix covers a band of output rows at a time, so that it stays under
 * {@link #COL_MAX_FLOATS} (VGG16's conv1_2 would need 115 MB at once); it is a per-thread buffer
 * kept between calls.
 */
final class CpuConv {
    /** The forms of every conv op; tests loop over all of them. */
    enum Variant {
        /** Nested loops over the Javadoc formula, summing in double: obviously right, slow. */
        REFERENCE,
        /** im2col + the fast GEMM, multithreaded. */
        FAST
    }

    /** Largest column matrix built at once (16 MB). */
    static final int COL_MAX_FLOATS = 4 << 20;

    /**
     * The band limit in use: {@link #COL_MAX_FLOATS}, lowered only by tests (in this package) so
     * that small shapes are cut into bands too.
     */
    static volatile int colMaxFloats = COL_MAX_FLOATS;

    /** Parallel im2col / col2im only above this many column entries. */
    private static final int PARALLEL_MIN_COL = 1 << 16;

    private static final ThreadLocal<float[][]> COL = ThreadLocal.withInitial(() -> new float[1][0]);

    private CpuConv() {
    }

    // ---------------------------------------------------------------- entry points (the fast form)

    static void forward(float[] x, Shape xs, float[] w, Shape ws, float[] b, ConvSpec spec, float[] y, Shape ys) {
        forward(Variant.FAST, x, xs, w, ws, b, spec, y, ys);
    }

    static void backwardData(float[] dy, Shape dys, float[] w, Shape ws, ConvSpec spec, float[] dx, Shape dxs) {
        backwardData(Variant.FAST, dy, dys, w, ws, spec, dx, dxs);
    }

    static void backwardWeights(float[] x, Shape xs, float[] dy, Shape dys, ConvSpec spec, float[] dw, Shape dws,
                                boolean accumulate) {
        backwardWeights(Variant.FAST, x, xs, dy, dys, spec, dw, dws, accumulate);
    }

    /** {@code db[k] (+)= sum_{n,i,j} dy[n,k,i,j]}, summed in double (one form: it is a plain reduction). */
    static void backwardBias(float[] dy, Shape dys, float[] db, boolean accumulate) {
        int n = dys.n();
        int k = dys.c();
        int plane = dys.h() * dys.w();
        for (int ch = 0; ch < k; ch++) {
            double s = 0;
            for (int item = 0; item < n; item++) {
                int base = (item * k + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    s += dy[base + p];
                }
            }
            db[ch] = accumulate ? (float) (db[ch] + s) : (float) s;
        }
    }

    // ---------------------------------------------------------------- dispatch

    static void forward(Variant v, float[] x, Shape xs, float[] w, Shape ws, float[] b, ConvSpec spec,
                        float[] y, Shape ys) {
        Geometry g = new Geometry(xs, ws, ys, spec);
        switch (v) {
            case REFERENCE -> forwardReference(g, x, w, b, y);
            case FAST -> forwardFast(g, x, w, b, y);
        }
    }

    static void backwardData(Variant v, float[] dy, Shape dys, float[] w, Shape ws, ConvSpec spec,
                             float[] dx, Shape dxs) {
        Geometry g = new Geometry(dxs, ws, dys, spec);
        switch (v) {
            case REFERENCE -> backwardDataReference(g, dy, w, dx);
            case FAST -> backwardDataFast(g, dy, w, dx);
        }
    }

    static void backwardWeights(Variant v, float[] x, Shape xs, float[] dy, Shape dys, ConvSpec spec,
                                float[] dw, Shape dws, boolean accumulate) {
        Geometry g = new Geometry(xs, dws, dys, spec);
        switch (v) {
            case REFERENCE -> backwardWeightsReference(g, x, dy, dw, accumulate);
            case FAST -> backwardWeightsFast(g, x, dy, dw, accumulate);
        }
    }

    /** Every size of one convolution, named as in the class Javadoc. */
    private record Geometry(int n, int c, int h, int w, int k, int kh, int kw, int ho, int wo,
                            int sh, int sw, int ph, int pw, int groups) {
        Geometry(Shape x, Shape wt, Shape y, ConvSpec s) {
            this(x.n(), x.c(), x.h(), x.w(), wt.n(), wt.h(), wt.w(), y.h(), y.w(),
                    s.strideH(), s.strideW(), s.padH(), s.padW(), s.groups());
        }

        int cg() {
            return c / groups;
        }

        int kg() {
            return k / groups;
        }

        /** Rows of the column matrix: filter taps per group. */
        int taps() {
            return cg() * kh * kw;
        }

        boolean pointwise() {
            return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
        }

        /** Output rows per band, so that the column matrix stays under {@link #COL_MAX_FLOATS}. */
        int bandRows() {
            return Math.max(1, Math.min(ho, colMaxFloats / Math.max(1, taps() * wo)));
        }
    }

    // ---------------------------------------------------------------- reference

    /** {@code y[n,k,i,j] = b[k] + sum_{c,u,v} w[k,c,u,v] * x[n, g*Cg + c, i*sh - ph + u, j*sw - pw + v]}. */
    private static void forwardReference(Geometry g, float[] x, float[] w, float[] b, float[] y) {
        int cg = g.cg();
        int kg = g.kg();
        for (int n = 0; n < g.n; n++) {
            for (int k = 0; k < g.k; k++) {
                int grp = k / kg;
                for (int i = 0; i < g.ho; i++) {
                    for (int j = 0; j < g.wo; j++) {
                        double s = b == null ? 0 : b[k];
                        for (int c = 0; c < cg; c++) {
                            for (int u = 0; u < g.kh; u++) {
                                int p = i * g.sh - g.ph + u;
                                if (p < 0 || p >= g.h) {
                                    continue;
                                }
                                for (int v = 0; v < g.kw; v++) {
                                    int q = j * g.sw - g.pw + v;
                                    if (q < 0 || q >= g.w) {
                                        continue;
                                    }
                                    s += (double) w[((k * cg + c) * g.kh + u) * g.kw + v]
                                            * x[((n * g.c + grp * cg + c) * g.h + p) * g.w + q];
                                }
                            }
                        }
                        y[((n * g.k + k) * g.ho + i) * g.wo + j] = (float) s;
                    }
                }
            }
        }
    }

    /**
     * {@code dx[n, g*Cg + c, p, q] = sum_{k in g, u, v : p = i*sh - ph + u, q = j*sw - pw + v} w[k,c,u,v] * dy[n,k,i,j]},
     * gathered: for each input position and tap, the output position (i, j) it feeds, if any.
     */
    private static void backwardDataReference(Geometry g, float[] dy, float[] w, float[] dx) {
        int cg = g.cg();
        int kg = g.kg();
        for (int n = 0; n < g.n; n++) {
            for (int grp = 0; grp < g.groups; grp++) {
                for (int c = 0; c < cg; c++) {
                    for (int p = 0; p < g.h; p++) {
                        for (int q = 0; q < g.w; q++) {
                            double s = 0;
                            for (int u = 0; u < g.kh; u++) {
                                int ti = p + g.ph - u;
                                if (ti < 0 || ti % g.sh != 0 || ti / g.sh >= g.ho) {
                                    continue;
                                }
                                int i = ti / g.sh;
                                for (int v = 0; v < g.kw; v++) {
                                    int tj = q + g.pw - v;
                                    if (tj < 0 || tj % g.sw != 0 || tj / g.sw >= g.wo) {
                                        continue;
                                    }
                                    int j = tj / g.sw;
                                    for (int k = grp * kg; k < (grp + 1) * kg; k++) {
                                        s += (double) w[((k * cg + c) * g.kh + u) * g.kw + v]
                                                * dy[((n * g.k + k) * g.ho + i) * g.wo + j];
                                    }
                                }
                            }
                            dx[((n * g.c + grp * cg + c) * g.h + p) * g.w + q] = (float) s;
                        }
                    }
                }
            }
        }
    }

    /** {@code dw[k,c,u,v] (+)= sum_{n,i,j} dy[n,k,i,j] * x[n, g*Cg + c, i*sh - ph + u, j*sw - pw + v]}. */
    private static void backwardWeightsReference(Geometry g, float[] x, float[] dy, float[] dw, boolean accumulate) {
        int cg = g.cg();
        int kg = g.kg();
        for (int k = 0; k < g.k; k++) {
            int grp = k / kg;
            for (int c = 0; c < cg; c++) {
                for (int u = 0; u < g.kh; u++) {
                    for (int v = 0; v < g.kw; v++) {
                        double s = 0;
                        for (int n = 0; n < g.n; n++) {
                            for (int i = 0; i < g.ho; i++) {
                                int p = i * g.sh - g.ph + u;
                                if (p < 0 || p >= g.h) {
                                    continue;
                                }
                                for (int j = 0; j < g.wo; j++) {
                                    int q = j * g.sw - g.pw + v;
                                    if (q < 0 || q >= g.w) {
                                        continue;
                                    }
                                    s += (double) dy[((n * g.k + k) * g.ho + i) * g.wo + j]
                                            * x[((n * g.c + grp * cg + c) * g.h + p) * g.w + q];
                                }
                            }
                        }
                        int at = ((k * cg + c) * g.kh + u) * g.kw + v;
                        dw[at] = accumulate ? (float) (dw[at] + s) : (float) s;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- fast

    private static void forwardFast(Geometry g, float[] x, float[] w, float[] b, float[] y) {
        int taps = g.taps();
        int kg = g.kg();
        int outPlane = g.ho * g.wo;
        int band = g.bandRows();
        float[] col = g.pointwise() ? null : borrowCol(taps * band * g.wo);
        try {
            for (int n = 0; n < g.n; n++) {
                for (int grp = 0; grp < g.groups; grp++) {
                    int xOff = (n * g.c + grp * g.cg()) * g.h * g.w;
                    int yOff = (n * g.k + grp * kg) * outPlane;
                    if (g.pointwise()) {
                        CpuGemm.fast(false, false, kg, outPlane, taps, 1f, w, grp * kg * taps, taps,
                                x, xOff, g.h * g.w, 0f, y, yOff, outPlane);
                        continue;
                    }
                    for (int i0 = 0; i0 < g.ho; i0 += band) {
                        int rows = Math.min(band, g.ho - i0);
                        int cols = rows * g.wo;
                        im2col(g, x, xOff, i0, rows, col);
                        CpuGemm.fast(false, false, kg, cols, taps, 1f, w, grp * kg * taps, taps,
                                col, 0, cols, 0f, y, yOff + i0 * g.wo, outPlane);
                    }
                }
            }
        } finally {
            giveBackCol(col);
        }
        if (b != null) {
            for (int n = 0; n < g.n; n++) {
                for (int k = 0; k < g.k; k++) {
                    int base = (n * g.k + k) * outPlane;
                    float bk = b[k];
                    for (int p = 0; p < outPlane; p++) {
                        y[base + p] += bk;
                    }
                }
            }
        }
    }

    private static void backwardDataFast(Geometry g, float[] dy, float[] w, float[] dx) {
        int taps = g.taps();
        int kg = g.kg();
        int outPlane = g.ho * g.wo;
        int band = g.bandRows();
        if (!g.pointwise()) {
            Arrays.fill(dx, 0, g.n * g.c * g.h * g.w, 0f);
        }
        float[] col = g.pointwise() ? null : borrowCol(taps * band * g.wo);
        try {
            for (int n = 0; n < g.n; n++) {
                for (int grp = 0; grp < g.groups; grp++) {
                    int xOff = (n * g.c + grp * g.cg()) * g.h * g.w;
                    int yOff = (n * g.k + grp * kg) * outPlane;
                    if (g.pointwise()) {
                        CpuGemm.fast(true, false, taps, outPlane, kg, 1f, w, grp * kg * taps, taps,
                                dy, yOff, outPlane, 0f, dx, xOff, g.h * g.w);
                        continue;
                    }
                    for (int i0 = 0; i0 < g.ho; i0 += band) {
                        int rows = Math.min(band, g.ho - i0);
                        int cols = rows * g.wo;
                        CpuGemm.fast(true, false, taps, cols, kg, 1f, w, grp * kg * taps, taps,
                                dy, yOff + i0 * g.wo, outPlane, 0f, col, 0, cols);
                        col2im(g, col, i0, rows, dx, xOff);
                    }
                }
            }
        } finally {
            giveBackCol(col);
        }
    }

    private static void backwardWeightsFast(Geometry g, float[] x, float[] dy, float[] dw, boolean accumulate) {
        int taps = g.taps();
        int kg = g.kg();
        int outPlane = g.ho * g.wo;
        int band = g.bandRows();
        float[] col = g.pointwise() ? null : borrowCol(taps * band * g.wo);
        try {
            for (int grp = 0; grp < g.groups; grp++) {
                boolean add = accumulate;
                for (int n = 0; n < g.n; n++) {
                    int xOff = (n * g.c + grp * g.cg()) * g.h * g.w;
                    int yOff = (n * g.k + grp * kg) * outPlane;
                    if (g.pointwise()) {
                        CpuGemm.fast(false, true, kg, taps, outPlane, 1f, dy, yOff, outPlane,
                                x, xOff, g.h * g.w, add ? 1f : 0f, dw, grp * kg * taps, taps);
                        add = true;
                        continue;
                    }
                    for (int i0 = 0; i0 < g.ho; i0 += band) {
                        int rows = Math.min(band, g.ho - i0);
                        int cols = rows * g.wo;
                        im2col(g, x, xOff, i0, rows, col);
                        CpuGemm.fast(false, true, kg, taps, cols, 1f, dy, yOff + i0 * g.wo, outPlane,
                                col, 0, cols, add ? 1f : 0f, dw, grp * kg * taps, taps);
                        add = true;
                    }
                }
            }
        } finally {
            giveBackCol(col);
        }
    }

    /**
     * Takes this thread's column buffer (grown to at least {@code size} floats) until
     * {@link #giveBackCol}. A nested call on the same thread (a fork-join worker that helps with
     * another conv while it waits) finds none and allocates its own, so two calls never share one.
     */
    private static float[] borrowCol(int size) {
        float[][] holder = COL.get();
        float[] col = holder[0];
        holder[0] = null;
        return col != null && col.length >= size ? col : new float[size];
    }

    private static void giveBackCol(float[] col) {
        if (col != null) {
            COL.get()[0] = col;
        }
    }

    /**
     * {@code col[r, (i - i0)*Wo + j] = x[xOff + (c*H + i*sh - ph + u)*W + j*sw - pw + v]} (0 outside)
     * for output rows {@code i0 <= i < i0 + rows}, {@code r = (c*kh + u)*kw + v}.
     */
    private static void im2col(Geometry g, float[] x, int xOff, int i0, int rows, float[] col) {
        int taps = g.taps();
        int cols = rows * g.wo;
        if ((long) taps * cols >= PARALLEL_MIN_COL) {
            IntStream.range(0, taps).parallel().forEach(r -> im2colRow(g, x, xOff, i0, rows, col, r));
        } else {
            for (int r = 0; r < taps; r++) {
                im2colRow(g, x, xOff, i0, rows, col, r);
            }
        }
    }

    private static void im2colRow(Geometry g, float[] x, int xOff, int i0, int rows, float[] col, int r) {
        int v = r % g.kw;
        int u = (r / g.kw) % g.kh;
        int c = r / (g.kw * g.kh);
        int cols = rows * g.wo;
        // output columns j whose input column q = j*sw - pw + v lies in [0, W)
        int jLo = Math.min(g.wo, ceilDiv(Math.max(0, g.pw - v), g.sw));
        int jHi = Math.max(jLo, Math.min(g.wo, ceilDiv(g.w + g.pw - v, g.sw)));
        int dst = r * cols;
        for (int i = i0; i < i0 + rows; i++, dst += g.wo) {
            int p = i * g.sh - g.ph + u;
            if (p < 0 || p >= g.h) {
                Arrays.fill(col, dst, dst + g.wo, 0f);
                continue;
            }
            int src = xOff + (c * g.h + p) * g.w - g.pw + v;
            Arrays.fill(col, dst, dst + jLo, 0f);
            if (g.sw == 1) {
                System.arraycopy(x, src + jLo, col, dst + jLo, jHi - jLo);
            } else {
                for (int j = jLo; j < jHi; j++) {
                    col[dst + j] = x[src + j * g.sw];
                }
            }
            Arrays.fill(col, dst + jHi, dst + g.wo, 0f);
        }
    }

    /**
     * The adjoint of {@link #im2col}: adds each {@code col} entry to the input position it was read
     * from. Parallel over input channels, whose planes are disjoint.
     */
    private static void col2im(Geometry g, float[] col, int i0, int rows, float[] dx, int xOff) {
        int cg = g.cg();
        if ((long) g.taps() * rows * g.wo >= PARALLEL_MIN_COL) {
            IntStream.range(0, cg).parallel().forEach(c -> col2imChannel(g, col, i0, rows, dx, xOff, c));
        } else {
            for (int c = 0; c < cg; c++) {
                col2imChannel(g, col, i0, rows, dx, xOff, c);
            }
        }
    }

    private static void col2imChannel(Geometry g, float[] col, int i0, int rows, float[] dx, int xOff, int c) {
        int cols = rows * g.wo;
        for (int u = 0; u < g.kh; u++) {
            for (int v = 0; v < g.kw; v++) {
                int r = (c * g.kh + u) * g.kw + v;
                int jLo = Math.min(g.wo, ceilDiv(Math.max(0, g.pw - v), g.sw));
                int jHi = Math.max(jLo, Math.min(g.wo, ceilDiv(g.w + g.pw - v, g.sw)));
                int src = r * cols;
                for (int i = i0; i < i0 + rows; i++, src += g.wo) {
                    int p = i * g.sh - g.ph + u;
                    if (p < 0 || p >= g.h) {
                        continue;
                    }
                    int dst = xOff + (c * g.h + p) * g.w - g.pw + v;
                    if (g.sw == 1) {
                        for (int j = jLo; j < jHi; j++) {
                            dx[dst + j] += col[src + j];
                        }
                    } else {
                        for (int j = jLo; j < jHi; j++) {
                            dx[dst + j * g.sw] += col[src + j];
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
