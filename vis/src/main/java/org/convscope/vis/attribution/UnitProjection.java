package org.convscope.vis.attribution;

import java.util.Locale;

import org.convscope.nn.Net;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/**
 * One unit's projection to the pixels under any of the three backward rules at the ReLU, for
 * viewers that toggle between them: {@link Mode#DECONVNET} is {@link Deconvnet#project} (the
 * signal starts at the unit's activation), {@link Mode#GUIDED} is {@link GuidedBackprop#forUnit}
 * and {@link Mode#STANDARD} the plain gradient of the unit (both start at 1).
 */
public final class UnitProjection {
    private UnitProjection() {
    }

    /** The backward rule. */
    public enum Mode {
        DECONVNET, GUIDED, STANDARD;

        /** {@code deconvnet}, {@code guided} or {@code standard}, any case. */
        public static Mode named(String name) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown projection mode '" + name + "'; give deconvnet, guided or standard");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The projection of {@code unit} of {@code blob} for input {@code x}.
     *
     * @return the projection in input space (host copy), the unit resolved and its value
     * @throws IllegalArgumentException for an unknown blob or unit
     */
    public static GuidedBackprop.Result project(Net net, Tensor x, String blob, Unit unit, Mode mode) {
        return switch (mode) {
            case DECONVNET -> GuidedBackprop.run(net, x, blob, unit, ReluMode.DECONVNET, true);
            case GUIDED -> GuidedBackprop.forUnit(net, x, blob, unit);
            case STANDARD -> GuidedBackprop.run(net, x, blob, unit, ReluMode.STANDARD, false);
        };
    }
}
