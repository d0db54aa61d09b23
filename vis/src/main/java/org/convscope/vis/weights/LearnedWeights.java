package org.convscope.vis.weights;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Tensor;
import org.convscope.tensor.ChannelOrder;
import org.convscope.vis.render.Grid;
import org.convscope.vis.render.Pictures;
import org.convscope.vis.render.Planes;
import org.convscope.vis.render.Range;
import org.convscope.vis.render.Resample;

/**
 * Algorithm 1, learned weights (Krizhevsky et al. 2012, fig. 3; Zeiler &amp; Fergus 2014): the
 * filters of a convolution layer drawn as pictures.
 *
 * <p>The weights are a {@code K x C x kh x kw} tensor (K filters over C input channels).
 * <ul>
 *   <li>{@code C == 3} (the first layer, looking at pixels): each filter is one RGB tile. Caffe
 *       weights are in BGR order and are flipped to RGB. Scaling is min-max:
 *       {@code u = (w - min) / (max - min)}, per filter by default (each filter's contrast fills
 *       the range, which shows its pattern however small its norm), or {@link Scale#SHARED} over
 *       all filters (shows which filters are strong).</li>
 *   <li>any other C (deeper layers, whose input channels are not colours): each filter is a row of
 *       C grey tiles, one per input channel. Weights are signed, so grey is centred:
 *       {@code u = 0.5 + 0.5 w / max|w|}, zero weight is mid-grey, positive light, negative dark;
 *       the scale is per filter (the row's channels compare with each other) or shared.</li>
 * </ul>
 * The math ({@link #rgbFilters}, {@link #greyFilters}) returns unit planes; rendering
 * ({@link #renderRgb}, {@link #renderGrey}) tiles them.
 */
public final class LearnedWeights {

    /** One scale per filter, or one for the whole layer. */
    public enum Scale { PER_FILTER, SHARED }

    /** Default smallest tile side in pixels: filters are upscaled by whole factors to reach it. */
    public static final int DEFAULT_MIN_TILE = 40;

    private LearnedWeights() {
    }

    /**
     * The K filters of a {@code K x 3 x kh x kw} weight tensor as RGB unit planes ({@code 3 x kh x kw},
     * values in [0,1]); filter {@code k} is element {@code k}.
     *
     * @param order the channel order of the weights (Caffe: {@link ChannelOrder#BGR})
     */
    public static List<Planes> rgbFilters(Tensor weights, ChannelOrder order, Scale scale) {
        int[] d = dims(weights);
        if (d[1] != 3) {
            throw new IllegalArgumentException("RGB filters need 3 input channels, " + weights.shape()
                    + " has " + d[1] + "; use greyFilters");
        }
        List<Planes> filters = split(weights.toArray(), d);
        List<Planes> rgb = new ArrayList<>(filters.size());
        for (Planes f : filters) {
            rgb.add(f.toRgb(order));
        }
        Range shared = null;
        if (scale == Scale.SHARED) {
            shared = Range.of(weights.toArray());
        }
        List<Planes> out = new ArrayList<>(rgb.size());
        for (Planes f : rgb) {
            out.add(unit(f, shared != null ? shared : Range.of(f.data())));
        }
        return out;
    }

    /**
     * The K filters of a {@code K x C x kh x kw} weight tensor as grey unit planes
     * ({@code C x kh x kw}, each channel one map, zero at 0.5); filter {@code k} is element {@code k}.
     */
    public static List<Planes> greyFilters(Tensor weights, Scale scale) {
        int[] d = dims(weights);
        List<Planes> filters = split(weights.toArray(), d);
        Range shared = scale == Scale.SHARED ? Range.symmetric(weights.toArray()) : null;
        List<Planes> out = new ArrayList<>(filters.size());
        for (Planes f : filters) {
            Range r = shared != null ? shared : Range.symmetric(f.data());
            out.add(r.hi() > 0 ? unit(f, r) : constant(f, 0.5f));
        }
        return out;
    }

    /**
     * RGB filters (from {@link #rgbFilters}) in one near-square grid, each upscaled (nearest
     * neighbour) so its side is at least {@code minTile} pixels, labelled with its index when
     * {@code grid} draws labels.
     */
    public static BufferedImage renderRgb(List<Planes> rgbFilters, Grid grid, int minTile) {
        return grid.renderPlanes(rgbFilters, minTile);
    }

    /**
     * Grey filters (from {@link #greyFilters}) as one image with a row per filter and a column per
     * input channel; the first tile of each row is labelled with the filter index.
     *
     * @param maxChannels show at most this many input channels per filter (0: all)
     */
    public static BufferedImage renderGrey(List<Planes> greyFilters, Grid grid, int minTile, int maxChannels) {
        if (greyFilters.isEmpty()) {
            throw new IllegalArgumentException("no filters to draw");
        }
        int c = greyFilters.get(0).channels();
        int cols = maxChannels > 0 ? Math.min(c, maxChannels) : c;
        List<BufferedImage> tiles = new ArrayList<>(greyFilters.size() * cols);
        List<String> labels = new ArrayList<>(greyFilters.size() * cols);
        for (int k = 0; k < greyFilters.size(); k++) {
            Planes f = greyFilters.get(k);
            int factor = Pictures.upscaleFactor(f.height(), f.width(), minTile);
            for (int ch = 0; ch < cols; ch++) {
                tiles.add(Pictures.toImage(Resample.nearest(f.channel(ch), factor)));
                labels.add(ch == 0 ? "filter " + k : null);
            }
        }
        return grid.withColumns(cols).render(tiles, labels);
    }

    /**
     * The usual picture of a layer's weights: an RGB grid when C is 3 (weights in {@code order}),
     * rows of grey tiles otherwise; per-filter scaling, standard grid, default tile size; RGB
     * tiles unlabelled (the layout is the index).
     */
    public static BufferedImage render(Tensor weights, ChannelOrder order, Scale scale) {
        int[] d = dims(weights);
        if (d[1] == 3) {
            return renderRgb(rgbFilters(weights, order, scale), Grid.standard().withLabels(Grid.Labels.NONE), DEFAULT_MIN_TILE);
        }
        return renderGrey(greyFilters(weights, scale), Grid.standard(), 24, 0);
    }

    private static int[] dims(Tensor weights) {
        if (weights.rank() != 4) {
            throw new IllegalArgumentException("convolution weights are K x C x kh x kw, got " + weights.shape());
        }
        return weights.shape().dims();
    }

    private static List<Planes> split(float[] w, int[] d) {
        int per = d[1] * d[2] * d[3];
        List<Planes> out = new ArrayList<>(d[0]);
        for (int k = 0; k < d[0]; k++) {
            float[] f = new float[per];
            System.arraycopy(w, k * per, f, 0, per);
            out.add(new Planes(d[1], d[2], d[3], f));
        }
        return out;
    }

    private static Planes unit(Planes f, Range r) {
        float[] out = new float[f.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.unit(f.data()[i]);
        }
        return new Planes(f.channels(), f.height(), f.width(), out);
    }

    private static Planes constant(Planes f, float v) {
        float[] out = new float[f.data().length];
        java.util.Arrays.fill(out, v);
        return new Planes(f.channels(), f.height(), f.width(), out);
    }
}
