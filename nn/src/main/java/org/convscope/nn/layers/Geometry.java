package org.convscope.nn.layers;

/**
 * How a layer's output positions map onto its input positions, for receptive fields: a window of
 * {@code kernel} positions, moved by {@code stride}, starting {@code pad} positions before the input.
 * Element-wise layers are {@link #IDENTITY}; layers whose every output sees the whole input
 * (InnerProduct, global pooling) are {@link #WHOLE}.
 */
public record Geometry(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean whole) {
    /** Output position i sees input position i alone. */
    public static final Geometry IDENTITY = new Geometry(1, 1, 1, 1, 0, 0, false);
    /** Every output sees the whole input. */
    public static final Geometry WHOLE = new Geometry(0, 0, 1, 1, 0, 0, true);

    public static Geometry window(int kh, int kw, int sh, int sw, int ph, int pw) {
        return new Geometry(kh, kw, sh, sw, ph, pw, false);
    }
}
