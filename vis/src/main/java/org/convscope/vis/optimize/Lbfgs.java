package org.convscope.vis.optimize;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, algorithms 7.4 and 7.5), the
 * optimizer Gatys et al. use, minimizing an {@link Energy}, on the device (dot products and axpys).
 * <pre>
 *   direction  d = -H g  by the two-loop recursion over the last m pairs (s_i = x_{i+1} - x_i, y_i = g_{i+1} - g_i),
 *              H_0 = (s.y / y.y) I from the newest pair; on the first step (or when d is not a descent
 *              direction) d = -g * firstStep / mean|g| and the memory is cleared
 *   step       backtracking (Armijo): t = 1, halve until E(x + t d) &lt;= E(x) + c1 t g.d  (c1 = 1e-4),
 *              so every accepted step lowers E; after maxHalvings halvings the run stops (converged)
 *   memory     the pair is kept when s.y > 0 (curvature condition), the oldest dropped beyond m
 * </pre>
 */
public final class Lbfgs extends IterativeRun {
    static final double C1 = 1e-4;

    /**
     * @param iterations   accepted steps at most
     * @param memory       m, pairs kept
     * @param firstStep    length per pixel of the first step, input units
     * @param maxHalvings  line-search halvings before giving up
     */
    public record Settings(int iterations, int memory, float firstStep, int maxHalvings) {
        public Settings {
            if (iterations < 1 || memory < 1 || !(firstStep > 0) || maxHalvings < 1) {
                throw new IllegalArgumentException("L-BFGS needs iterations >= 1, memory >= 1, first step > 0 and "
                        + "halvings >= 1; got " + "iterations " + iterations + ", memory " + memory + ", firstStep " + firstStep + ", maxHalvings " + maxHalvings);
            }
        }
    }

    private record Pair(Tensor s, Tensor y, double rho) {
    }

    private final Energy energy;
    private final Settings st;
    private final Device d;
    private final Tensor x;
    private final Tensor g;
    private final Tensor dir;
    private final Tensor xNew;
    private final Tensor gNew;
    private final Deque<Pair> pairs = new ArrayDeque<>();
    private double f;
    private int evaluations;
    private boolean converged;

    private Lbfgs(Energy energy, Tensor start, Settings st) {
        super(st.iterations());
        this.energy = energy;
        this.st = st;
        this.d = start.device();
        this.x = d.allocate(start.shape());
        d.copy(start, x);
        this.g = d.allocate(start.shape());
        this.dir = d.allocate(start.shape());
        this.xNew = d.allocate(start.shape());
        this.gNew = d.allocate(start.shape());
        this.f = energy.value(x, g);
        evaluations = 1;
        record(f);
        check("E", f, 1e30);
    }

    /** Evaluates the start (one forward and backward pass). */
    public static Lbfgs init(Energy energy, Tensor start, Settings settings) {
        return new Lbfgs(energy, start, settings);
    }

    private void record(double value) {
        losses.clear();
        losses.putAll(energy.terms());
        losses.put("E", value);
    }

    @Override
    public boolean step() {
        if (done()) {
            return false;
        }
        direction();
        double gd = d.dot(g, dir);
        if (!(gd < 0)) {
            pairs.forEach(p -> {
                p.s().close();
                p.y().close();
            });
            pairs.clear();
            direction();
            gd = d.dot(g, dir);
        }
        double step = 1;
        double fNew = Double.NaN;
        boolean accepted = false;
        for (int k = 0; k <= st.maxHalvings(); k++) {
            d.copy(x, xNew);
            d.axpy((float) step, dir, xNew);
            fNew = energy.value(xNew, gNew);
            evaluations++;
            if (Double.isFinite(fNew) && fNew <= f + C1 * step * gd) {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if (!accepted) {
            converged = true;
            energy.value(x, null); // the terms of the kept iterate
            record(f);
            return false;
        }
        // s = xNew - x (reuse dir scaled), y = gNew - g
        Tensor s = d.allocate(x.shape());
        d.sub(xNew, x, s);
        Tensor y = d.allocate(x.shape());
        d.sub(gNew, g, y);
        double sy = d.dot(s, y);
        if (sy > 1e-20) {
            pairs.addLast(new Pair(s, y, 1 / sy));
            if (pairs.size() > st.memory()) {
                Pair old = pairs.removeFirst();
                old.s().close();
                old.y().close();
            }
        } else {
            s.close();
            y.close();
        }
        d.copy(xNew, x);
        d.copy(gNew, g);
        f = fNew;
        t++;
        record(f);
        check("E", f, 1e30);
        return !done();
    }

    /** dir = -H g (two-loop recursion), or the scaled steepest descent without memory. */
    private void direction() {
        if (pairs.isEmpty()) {
            float meanAbs = d.sumAbs(g) / g.size();
            d.fill(dir, 0f);
            if (meanAbs > 0) {
                d.axpy(-st.firstStep() / meanAbs, g, dir);
            }
            return;
        }
        d.copy(g, dir);
        double[] alpha = new double[pairs.size()];
        int i = pairs.size() - 1;
        for (Iterator<Pair> it = pairs.descendingIterator(); it.hasNext(); i--) {
            Pair p = it.next();
            alpha[i] = p.rho() * d.dot(p.s(), dir);
            d.axpy((float) -alpha[i], p.y(), dir);
        }
        Pair newest = pairs.peekLast();
        double gamma = d.dot(newest.s(), newest.y()) / d.dot(newest.y(), newest.y());
        d.scale(dir, (float) gamma, dir);
        i = 0;
        for (Pair p : pairs) {
            double beta = p.rho() * d.dot(p.y(), dir);
            d.axpy((float) (alpha[i] - beta), p.s(), dir);
            i++;
        }
        d.scale(dir, -1f, dir);
    }

    /** E at the current iterate. */
    public double value() {
        return f;
    }

    /** Energy evaluations so far (each a forward and backward pass). */
    public int evaluations() {
        return evaluations;
    }

    /** Whether the line search could not lower E any more. */
    public boolean converged() {
        return converged;
    }

    @Override
    boolean finished() {
        return converged;
    }

    @Override
    public Tensor result() {
        return x;
    }
}
