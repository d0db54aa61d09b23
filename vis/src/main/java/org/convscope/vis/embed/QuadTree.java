package org.convscope.vis.embed;

/**
 * The quadtree of Barnes-Hut t-SNE (van der Maaten 2014, section 4.2) over 2-D map points.
 *
 * <p>Each cell keeps the number of points under it and their centre of mass. The repulsive force
 * on point i, {@code F_rep,i = sum_{j != i} q_ij^2 Z (y_i - y_j)} with
 * {@code q_ij Z = (1 + |y_i - y_j|^2)^-1}, and the normalization {@code Z = sum_{k != l} (1 + |y_k - y_l|^2)^-1},
 * are summed over the tree: a cell of side {@code r_cell} at distance {@code |y_i - y_cell|} from
 * the point stands for all its {@code N_cell} points at its centre of mass when
 * {@code r_cell / |y_i - y_cell| < theta}. With {@code theta = 0} no cell summarizes: every pair
 * is summed exactly (leaves hold one point, or several equal points below a depth limit).
 */
final class QuadTree {
    private static final int MAX_DEPTH = 48;

    private final double cx;
    private final double cy;
    private final double half;
    private final int depth;
    private int count;
    private double sumX;
    private double sumY;
    private QuadTree[] kids;
    private int[] points = new int[1];
    private int stored;

    private QuadTree(double cx, double cy, double half, int depth) {
        this.cx = cx;
        this.cy = cy;
        this.half = half;
        this.depth = depth;
    }

    /** The tree over the points {@code y} ({@code [x0, y0, x1, y1, ...]}). */
    static QuadTree build(double[] y) {
        int n = y.length / 2;
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, y[2 * i]);
            maxX = Math.max(maxX, y[2 * i]);
            minY = Math.min(minY, y[2 * i + 1]);
            maxY = Math.max(maxY, y[2 * i + 1]);
        }
        double half = Math.max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9) + 1e-12;
        QuadTree root = new QuadTree((minX + maxX) / 2, (minY + maxY) / 2, half, 0);
        for (int i = 0; i < n; i++) {
            root.insert(i, y);
        }
        return root;
    }

    private void insert(int i, double[] y) {
        double px = y[2 * i];
        double py = y[2 * i + 1];
        count++;
        sumX += px;
        sumY += py;
        if (kids == null) {
            if (stored == 0 || depth >= MAX_DEPTH || samePlace(i, y)) {
                if (stored == points.length) {
                    points = java.util.Arrays.copyOf(points, 2 * stored);
                }
                points[stored++] = i;
                return;
            }
            kids = new QuadTree[4];
            double h = half / 2;
            for (int q = 0; q < 4; q++) {
                kids[q] = new QuadTree(cx + ((q & 1) == 0 ? -h : h), cy + ((q & 2) == 0 ? -h : h), h, depth + 1);
            }
            for (int s = 0; s < stored; s++) {
                kids[quadrant(points[s], y)].insert(points[s], y);
            }
            stored = 0;
            points = null;
        }
        kids[quadrant(i, y)].insert(i, y);
    }

    private boolean samePlace(int i, double[] y) {
        int j = points[0];
        return y[2 * i] == y[2 * j] && y[2 * i + 1] == y[2 * j + 1];
    }

    private int quadrant(int i, double[] y) {
        return (y[2 * i] < cx ? 0 : 1) | (y[2 * i + 1] < cy ? 0 : 2);
    }

    /**
     * Adds point i's repulsion {@code sum_j (qZ)^2 (y_i - y_j)} into {@code force[0..1]} and returns
     * its share of Z, {@code sum_{j != i} qZ}.
     */
    double repulsion(int i, double[] y, double theta, double[] force) {
        if (count == 0) {
            return 0;
        }
        double px = y[2 * i];
        double py = y[2 * i + 1];
        if (kids == null) {
            double z = 0;
            for (int s = 0; s < stored; s++) {
                int j = points[s];
                if (j == i) {
                    continue;
                }
                double dx = px - y[2 * j];
                double dy = py - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                z += q;
                force[0] += q * q * dx;
                force[1] += q * q * dy;
            }
            return z;
        }
        double dx = px - sumX / count;
        double dy = py - sumY / count;
        double d2 = dx * dx + dy * dy;
        double side = 2 * half;
        if (theta > 0 && side * side < theta * theta * d2) {
            double q = 1 / (1 + d2);
            force[0] += count * q * q * dx;
            force[1] += count * q * q * dy;
            return count * q;
        }
        double z = 0;
        for (QuadTree k : kids) {
            z += k.repulsion(i, y, theta, force);
        }
        return z;
    }
}
