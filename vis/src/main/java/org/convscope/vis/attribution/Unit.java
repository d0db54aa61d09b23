package org.convscope.vis.attribution;

import org.convscope.nn.Net;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * One unit of a blob: channel {@code c} at row {@code y}, column {@code x} of a 4-D blob, or
 * channel {@code c} at the position of its largest value ({@code y = x = -1}); for a 2-D blob
 * ({@code N x K}, a fully connected layer) the unit is the channel alone.
 */
public record Unit(int channel, int y, int x) {

    /** Channel {@code c} at the position of its maximum. */
    public static Unit channelMax(int c) {
        return new Unit(c, -1, -1);
    }

    /** Whether the position is chosen by the channel's maximum. */
    public boolean atMax() {
        return y < 0;
    }

    /** {@code "C"} or {@code "C,Y,X"}. */
    public static Unit parse(String text) {
        String[] parts = text.split(",");
        try {
            if (parts.length == 1) {
                return channelMax(Integer.parseInt(parts[0].trim()));
            }
            if (parts.length == 3) {
                return new Unit(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        Integer.parseInt(parts[2].trim()));
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("--unit must be C or C,Y,X (integers), not '" + text + "'");
    }

    /**
     * Refuses a unit that the blob does not have, naming the valid channels and positions.
     *
     * @throws IllegalArgumentException for an unknown blob (listing the blobs) or unit
     */
    public void check(Net net, String blob) {
        Shape s = net.shape(blob);
        int k = s.dim(1);
        if (channel < 0 || channel >= k) {
            throw new IllegalArgumentException("unit " + channel + " is out of range: blob '" + blob + "' of shape "
                    + s + " has channels 0.." + (k - 1));
        }
        if (!atMax()) {
            if (s.rank() != 4) {
                throw new IllegalArgumentException("a unit C,Y,X needs a 4-D blob; '" + blob + "' is " + s
                        + ": give the channel alone");
            }
            if (y >= s.h() || x >= s.w()) {
                throw new IllegalArgumentException("position " + y + "," + x + " is outside the " + s.h() + "x"
                        + s.w() + " maps of blob '" + blob + "' (rows 0.." + (s.h() - 1) + ", columns 0.."
                        + (s.w() - 1) + ")");
            }
        }
    }

    /**
     * The flat index of this unit in item 0 of a blob's value ({@code value} gives the maximum
     * when the position is not fixed; the first one on ties).
     */
    public int index(Tensor value) {
        Shape s = value.shape();
        int per = s.size() / s.dim(0);
        int plane = per / s.dim(1);
        int base = channel * plane;
        if (!atMax()) {
            return base + y * s.w() + x;
        }
        float[] v = value.toArray();
        int best = base;
        for (int p = base + 1; p < base + plane; p++) {
            if (v[p] > v[best]) {
                best = p;
            }
        }
        return best;
    }

    /** This unit at the position a value puts it (the maximum resolved), for reporting. */
    public Unit resolve(Tensor value) {
        Shape s = value.shape();
        if (s.rank() != 4) {
            return new Unit(channel, -1, -1);
        }
        int i = index(value) - channel * s.h() * s.w();
        return new Unit(channel, i / s.w(), i % s.w());
    }

    @Override
    public String toString() {
        return atMax() ? Integer.toString(channel) : channel + "," + y + "," + x;
    }
}
