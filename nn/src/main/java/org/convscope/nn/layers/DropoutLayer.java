package org.convscope.nn.layers;

import java.util.SplittableRandom;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/**
 * Caffe's Dropout. At inference (the default) the identity ({@code y = x}, {@code dx = dy}).
 * In training mode ({@link #train(long)}) each value is kept with probability {@code 1 - p}
 * ({@code dropout_ratio}, default 0.5) and scaled by {@code 1/(1-p)}: {@code y = x * m},
 * {@code m = [u >= p] / (1-p)} with {@code u} uniform in [0, 1) from a seeded generator;
 * backward {@code dx = dy * m} with the same mask. Because of the scaling, test-time outputs need
 * no rescaling.
 */
public final class DropoutLayer extends UnaryLayer {
    private final float ratio;
    private boolean training;
    private long seed;
    private Tensor mask;

    public DropoutLayer(LayerDef def) {
        super(def);
        ratio = def.param("dropout_param").float32("dropout_ratio", 0.5f);
        if (!(ratio >= 0f && ratio < 1f)) {
            throw error("dropout_ratio " + ratio + " is not in [0, 1)");
        }
    }

    /** The drop probability {@code p}. */
    public float ratio() {
        return ratio;
    }

    /**
     * Training mode: the next forward passes draw a fresh mask from {@code maskSeed} (the same seed
     * gives the same mask: a trainer derives it from its seed and the iteration, so a resumed run
     * repeats the uninterrupted one exactly).
     */
    public void train(long maskSeed) {
        training = true;
        seed = maskSeed;
    }

    /** Inference mode (the default): the identity. */
    public void inference() {
        training = false;
        if (mask != null) {
            mask.close();
            mask = null;
        }
    }

    /** True in training mode. */
    public boolean training() {
        return training;
    }

    @Override
    protected void forward(Device d, Tensor x, Tensor y) {
        if (!training) {
            d.copy(x, y);
            return;
        }
        float[] m = new float[x.size()];
        float keep = 1f / (1f - ratio);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextDouble() >= ratio ? keep : 0f;
        }
        if (mask == null || !mask.shape().equals(x.shape())) {
            if (mask != null) {
                mask.close();
            }
            mask = d.allocate(x.shape());
        }
        d.write(mask, m);
        d.mul(x, mask, y);
    }

    @Override
    protected void backward(Device d, Tensor x, Tensor y, Tensor dy, Tensor dx, ReluMode mode) {
        if (training && mask != null) {
            d.mul(dy, mask, dx);
        } else {
            d.copy(dy, dx);
        }
    }

    @Override
    public void releaseBuffers() {
        if (mask != null) {
            mask.close();
            mask = null;
        }
    }
}
