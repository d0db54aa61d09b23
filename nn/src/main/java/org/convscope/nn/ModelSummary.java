package org.convscope.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.convscope.nn.layers.Geometry;
import org.convscope.nn.layers.Layer;
import org.convscope.nn.layers.Param;
import org.convscope.tensor.Shape;

/**
 * The numbers the lectures count by hand, per layer: output shape, parameter count,
 * multiply-adds, and the receptive field of one output unit in input pixels.
 *
 * <p>Receptive fields follow the usual recurrence over a window of kernel k, stride s and pad p,
 * from the layer's input (size r, jump j, offset o) to its output:
 * {@code r' = r + (k-1) j}, {@code j' = j s}, {@code o' = o - p j}. Output unit (y, x) then sees
 * the input rows {@code [o + y j, o + y j + r)} and the same for columns (clipped to the image by
 * the caller). Element-wise layers keep the field; Concat takes its largest input field;
 * InnerProduct and global pooling see the whole input.
 */
public final class ModelSummary {
    /**
     * Receptive field of a blob's unit (0, 0), in input pixels.
     *
     * @param sizeH   rows seen by one unit
     * @param sizeW   columns seen by one unit
     * @param strideH rows between neighbouring units
     * @param strideW columns between neighbouring units
     * @param offsetH first input row seen by unit (0, 0) (negative: it starts in the padding)
     * @param offsetW first input column seen by unit (0, 0)
     * @param whole   every unit sees the whole input
     */
    public record ReceptiveField(int sizeH, int sizeW, int strideH, int strideW, int offsetH, int offsetW,
                                 boolean whole) {
        /** {@code 11x11 /4 @0,0}, or {@code whole}. */
        @Override
        public String toString() {
            if (whole) {
                return "whole input";
            }
            String size = sizeH == sizeW ? sizeH + "" : sizeH + "x" + sizeW;
            String stride = strideH == strideW ? strideH + "" : strideH + "x" + strideW;
            return size + " /" + stride + " @" + offsetH + "," + offsetW;
        }

        /** The input rectangle (top, left, bottom exclusive, right exclusive) seen by unit (y, x), not clipped. */
        public int[] box(int y, int x) {
            int top = offsetH + y * strideH;
            int left = offsetW + x * strideW;
            return new int[] {top, left, top + sizeH, left + sizeW};
        }
    }

    /**
     * One layer.
     *
     * @param layer        layer name
     * @param type         Caffe type
     * @param top          the reference of its first output value ({@code conv1@conv1})
     * @param outputShape  shape of its first output
     * @param parameters   learned values
     * @param multiplyAdds multiply-adds of one forward pass (FLOPs are twice this)
     * @param field        receptive field of its first output
     */
    public record Row(String layer, String type, String top, Shape outputShape, long parameters, long multiplyAdds,
                      ReceptiveField field) {
    }

    private final String name;
    private final Shape input;
    private final List<Row> rows;

    private ModelSummary(String name, Shape input, List<Row> rows) {
        this.name = name;
        this.input = input;
        this.rows = List.copyOf(rows);
    }

    /** Summarizes a net at its current input shape. */
    public static ModelSummary of(Net net) {
        Map<String, ReceptiveField> fields = new HashMap<>();
        String in = net.inputNames().get(0);
        Shape inShape = net.shape(in);
        for (String i : net.inputNames()) {
            fields.put(i + "@" + i, new ReceptiveField(1, 1, 1, 1, 0, 0, false));
        }
        List<Row> rows = new ArrayList<>();
        for (Layer l : net.layers()) {
            List<String> bottoms = net.bottomRefs(l.name());
            List<String> tops = net.topRefs(l.name());
            List<Shape> bs = new ArrayList<>();
            ReceptiveField from = null;
            for (String b : bottoms) {
                bs.add(net.shape(b));
                ReceptiveField f = fields.get(b);
                if (f != null && (from == null || f.whole() || (!from.whole() && f.sizeH() > from.sizeH()))) {
                    from = f;
                }
            }
            List<Shape> ts = new ArrayList<>();
            for (String t : tops) {
                ts.add(net.shape(t));
            }
            ReceptiveField field = step(from, l.geometry(), inShape);
            for (String t : tops) {
                fields.put(t, field);
            }
            long params = 0;
            for (Param p : l.params()) {
                params += p.shape() == null ? 0 : p.shape().size();
            }
            rows.add(new Row(l.name(), l.type(), tops.get(0), ts.get(0), params, l.multiplyAdds(bs, ts), field));
        }
        return new ModelSummary(net.name(), inShape, rows);
    }

    private static ReceptiveField step(ReceptiveField f, Geometry g, Shape input) {
        if (f == null) {
            return null;
        }
        if (f.whole() || g.whole()) {
            return new ReceptiveField(input.rank() == 4 ? input.h() : 1, input.rank() == 4 ? input.w() : 1,
                    0, 0, 0, 0, true);
        }
        return new ReceptiveField(
                f.sizeH() + (g.kernelH() - 1) * f.strideH(), f.sizeW() + (g.kernelW() - 1) * f.strideW(),
                f.strideH() * g.strideH(), f.strideW() * g.strideW(),
                f.offsetH() - g.padH() * f.strideH(), f.offsetW() - g.padW() * f.strideW(), false);
    }

    public String name() {
        return name;
    }

    public Shape inputShape() {
        return input;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The row of a layer. */
    public Row row(String layer) {
        for (Row r : rows) {
            if (r.layer().equals(layer)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no layer '" + layer + "' in the summary of " + name);
    }

    public long totalParameters() {
        return rows.stream().mapToLong(Row::parameters).sum();
    }

    public long totalMultiplyAdds() {
        return rows.stream().mapToLong(Row::multiplyAdds).sum();
    }

    /** A plain-text table, one line per layer, with totals. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(name).append(", input ").append(input).append('\n');
        String fmt = "%-28s %-13s %-18s %13s %15s  %s%n";
        sb.append(String.format(fmt, "layer", "type", "output", "parameters", "multiply-adds", "receptive field"));
        for (Row r : rows) {
            sb.append(String.format(fmt, r.layer(), r.type(), r.outputShape(), group(r.parameters()),
                    group(r.multiplyAdds()), r.field() == null ? "-" : r.field()));
        }
        sb.append(String.format(fmt, "total", "", "", group(totalParameters()), group(totalMultiplyAdds()), ""));
        return sb.toString();
    }

    private static String group(long v) {
        return String.format("%,d", v);
    }

    @Override
    public String toString() {
        return format();
    }
}
