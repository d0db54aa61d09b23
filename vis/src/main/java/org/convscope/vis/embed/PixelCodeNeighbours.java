package org.convscope.vis.embed;

import java.util.List;

/**
 * The comparison of Krizhevsky et al. (2012): for query images, the k nearest images of a data set
 * by L2 distance between raw pixels and by L2 distance between a layer's codes ({@link Neighbours}),
 * and how many of them share the query's class. Pixel neighbours share colours and layout; code
 * neighbours share the class.
 *
 * @param byPixel {@code [query][rank]}: base indices of the k nearest by pixels
 * @param byCode  {@code [query][rank]}: base indices of the k nearest by codes
 */
public record PixelCodeNeighbours(int[][] byPixel, int[][] byCode) {
    /**
     * The k nearest of each query in both spaces.
     *
     * @param self for each query its index in the base when the queries are base images (then never
     *             its own neighbour), or null when they are other images
     */
    public static PixelCodeNeighbours search(float[][] queryPixels, float[][] queryCodes, float[][] basePixels,
                                             float[][] baseCodes, int k, int[] self) {
        int need = k + (self != null ? 1 : 0);
        return new PixelCodeNeighbours(drop(Neighbours.search(queryPixels, basePixels, need, false), self, k),
                drop(Neighbours.search(queryCodes, baseCodes, need, false), self, k));
    }

    /** {@code count} indices of {@code 0..n-1}, evenly spaced from 0: {@code floor(i n / count)}. */
    public static int[] evenlySpaced(int count, int n) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = (int) ((long) i * n / count);
        }
        return idx;
    }

    /**
     * How many neighbours share their query's class, summed over the queries: {@code {by pixels, by codes}}.
     * A query whose class is null (an image without one) is left out.
     */
    public int[] sameClass(List<String> queryClasses, List<String> baseClasses) {
        int[] same = new int[2];
        for (int q = 0; q < byPixel.length; q++) {
            String c = queryClasses.get(q);
            for (int r = 0; r < byPixel[q].length && c != null; r++) {
                same[0] += baseClasses.get(byPixel[q][r]).equals(c) ? 1 : 0;
                same[1] += baseClasses.get(byCode[q][r]).equals(c) ? 1 : 0;
            }
        }
        return same;
    }

    /** The k nearest of each query, without the query itself when {@code self} names it. */
    private static int[][] drop(Neighbours.Result r, int[] self, int k) {
        int[][] out = new int[r.index().length][k];
        for (int q = 0; q < out.length; q++) {
            int m = 0;
            for (int j : r.index()[q]) {
                if ((self == null || j != self[q]) && m < k) {
                    out[q][m++] = j;
                }
            }
        }
        return out;
    }
}
