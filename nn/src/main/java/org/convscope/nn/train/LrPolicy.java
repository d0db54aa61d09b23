package org.convscope.nn.train;

import java.util.List;

/**
 * Caffe's learning-rate policies ({@code lr_policy}), the rate at iteration {@code iter} (counted
 * from 0):
 * <ul>
 * <li>{@code fixed}: {@code base_lr}</li>
 * <li>{@code step}: {@code base_lr * gamma^floor(iter / stepsize)}</li>
 * <li>{@code multistep}: {@code base_lr * gamma^k}, k = the number of {@code stepvalue}s reached ({@code iter >= stepvalue})</li>
 * <li>{@code exp}: {@code base_lr * gamma^iter}</li>
 * <li>{@code inv}: {@code base_lr * (1 + gamma * iter)^(-power)}</li>
 * <li>{@code poly}: {@code base_lr * (1 - iter / max_iter)^power}</li>
 * <li>{@code sigmoid}: {@code base_lr / (1 + exp(-gamma * (iter - stepsize)))}</li>
 * </ul>
 */
public final class LrPolicy {
    /** Every policy name. */
    public static final List<String> NAMES = List.of("fixed", "step", "multistep", "exp", "inv", "poly", "sigmoid");

    private LrPolicy() {
    }

    static void check(String policy) {
        if (!NAMES.contains(policy)) {
            throw new IllegalArgumentException("unknown lr_policy '" + policy + "'; policies: " + String.join(", ", NAMES));
        }
    }

    /** The rate of {@code s}'s policy at iteration {@code iter}. */
    public static double rate(SolverSettings s, int iter) {
        double b = s.baseLr();
        return switch (s.lrPolicy()) {
            case "fixed" -> b;
            case "step" -> {
                if (s.stepsize() <= 0) {
                    throw new IllegalArgumentException("lr_policy step needs stepsize > 0");
                }
                yield b * Math.pow(s.gamma(), Math.floor((double) iter / s.stepsize()));
            }
            case "multistep" -> {
                int k = 0;
                for (int v : s.stepvalues()) {
                    if (iter >= v) {
                        k++;
                    }
                }
                yield b * Math.pow(s.gamma(), k);
            }
            case "exp" -> b * Math.pow(s.gamma(), iter);
            case "inv" -> b * Math.pow(1.0 + s.gamma() * iter, -s.power());
            case "poly" -> {
                if (s.maxIter() <= 0) {
                    throw new IllegalArgumentException("lr_policy poly needs max_iter > 0");
                }
                yield b * Math.pow(1.0 - (double) iter / s.maxIter(), s.power());
            }
            case "sigmoid" -> b / (1.0 + Math.exp(-s.gamma() * (iter - s.stepsize())));
            default -> throw new IllegalArgumentException("unknown lr_policy '" + s.lrPolicy() + "'");
        };
    }
}
