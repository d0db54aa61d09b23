package org.convscope.vis.attribution;

import java.util.Random;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

/**
 * SmoothGrad (Smilkov, Thorat, Kim, Viegas and Wattenberg 2017): the class-score gradient averaged
 * over noisy copies of the input, which removes much of the speckle of a single gradient:
 * <pre>
 *   sigma = noise * (max(x) - min(x))
 *   g_bar = (1/n) sum_{k=1..n} d s_y / d x  at  x + eps_k,   eps_k ~ N(0, sigma^2) per value
 *   M[i,j] = max_c |g_bar[c,i,j]|
 * </pre>
 * The paper's recommended noise level is 10-20 % of the input range and n around 50. The noise
 * comes from {@link java.util.Random} seeded with {@code seed}, drawn sample after sample in
 * row-major order, so the samples (and the result) do not depend on the batch size. The gradient
 * may also be the guided one ({@link ReluMode#GUIDED}), as the paper tries.
 */
public final class SmoothGrad {
    private SmoothGrad() {
    }

    /**
     * @param meanGradient g_bar, 1 x C x H x W
     * @param map          max_c |g_bar|, 1 x 1 x H x W
     * @param sigma        the noise standard deviation in input units
     */
    public record Result(Tensor meanGradient, Tensor map, float sigma) {
    }

    /**
     * @param samples number of noisy copies (at least 1)
     * @param noise   sigma as a fraction of the input's range (0 gives the plain gradient n times)
     * @param seed    seed of the noise
     * @param mode    STANDARD (the paper's vanilla gradient) or GUIDED
     * @param batch   noisy copies per forward/backward pass (speed only)
     */
    public static Result compute(Net net, Tensor x, String scoreBlob, int cls, int samples, double noise, long seed,
                                 ReluMode mode, int batch) {
        if (samples < 1) {
            throw new IllegalArgumentException("SmoothGrad needs at least 1 sample, got " + samples);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise level must be a fraction >= 0 of the input range, got " + noise);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        ClassScores.checkClass(net, scoreBlob, cls);
        float[] base = x.toArray();
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : base) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float sigma = (float) (noise * (hi - lo));
        int per = base.length;
        int[] dims = x.shape().dims();
        double[] sum = new double[per];
        Random random = new Random(seed);
        for (int start = 0; start < samples; start += batch) {
            int n = Math.min(batch, samples - start);
            float[] noisy = new float[n * per];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < per; i++) {
                    noisy[k * per + i] = base[i] + sigma * (float) random.nextGaussian();
                }
            }
            Tensor b = Tensor.of(net.device(), noisy, n, dims[1], dims[2], dims[3]);
            float[] g = ClassScores.gradients(net, b, scoreBlob, cls, mode, null);
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < per; i++) {
                    sum[i] += g[k * per + i];
                }
            }
        }
        float[] mean = new float[per];
        for (int i = 0; i < per; i++) {
            mean[i] = (float) (sum[i] / samples);
        }
        Tensor g = Tensor.of(Devices.cpu(), mean, dims);
        return new Result(g, Maps.maxAbsOverChannels(g), sigma);
    }
}
