package org.convscope.tensor.cpu;

import java.util.SplittableRandom;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Shape;

/**
 * A random small convolution for property tests: batch, groups, channels per group, rectangular
 * kernel, stride and pad on each axis, drawn from one seed (so that a failing case is printed
 * whole and replayed from its seed), plus random inputs of the right shapes in {@code [-1, 1)}.
 */
record RandomConv(long seed, Shape x, Shape w, ConvSpec spec, Shape y) {

    static RandomConv of(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(2);
        int groups = 1 + r.nextInt(3);
        int cg = 1 + r.nextInt(3);
        int kg = 1 + r.nextInt(3);
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        int sh = 1 + r.nextInt(3);
        int sw = 1 + r.nextInt(3);
        int ph = r.nextInt(3);
        int pw = r.nextInt(3);
        // at least the kernel, so that every output size is >= 1
        int h = kh + r.nextInt(7);
        int wd = kw + r.nextInt(7);
        ConvSpec spec = new ConvSpec(sh, sw, ph, pw, groups);
        Shape x = Shape.of(n, cg * groups, h, wd);
        Shape w = Shape.of(kg * groups, cg, kh, kw);
        return new RandomConv(seed, x, w, spec, spec.outputShape(x, w));
    }

    /** {@code size} values uniform in [-1, 1) from this case's seed and a salt. */
    float[] values(int size, int salt) {
        SplittableRandom r = new SplittableRandom(seed * 31 + salt);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    @Override
    public String toString() {
        return "seed " + seed + ": x " + x + " w " + w + " stride " + spec.strideH() + "x" + spec.strideW()
                + " pad " + spec.padH() + "x" + spec.padW() + " groups " + spec.groups() + " -> y " + y;
    }
}
