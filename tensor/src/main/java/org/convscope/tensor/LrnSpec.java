package org.convscope.tensor;

/**
 * Local response normalization, with Caffe's parameters and formulas.
 *
 * <ul>
 * <li>ACROSS_CHANNELS: {@code y = x / (k + alpha/n * sum_{c' in window(c)} x[c']^2)^beta}, the
 *     window being the {@code n = localSize} channels centred on c (clipped at the ends; the
 *     divisor stays n, as in Caffe).</li>
 * <li>WITHIN_CHANNEL: {@code y = x / (1 + alpha/n * sum_{(i',j') in window(i,j)} x[i',j']^2)^beta}
 *     with {@code n = localSize^2}, the window being the {@code localSize x localSize} square
 *     centred on (i, j), zero outside the map ({@code k} is not used, as in Caffe). Caffe builds
 *     this from layers: the squares are average-pooled with kernel localSize, stride 1 and pad
 *     {@code (localSize-1)/2}, whose Caffe divisor is always {@code localSize^2} (the window never
 *     reaches past the padding), then {@code (1 + alpha * avg)^-beta} multiplies x.</li>
 * </ul>
 *
 * <p>Both are {@code y = x * s^-beta} with {@code s = base + alpha/n * S}, S the sum of squares
 * over a symmetric window ({@code base} = k across channels, 1 within), so the exact gradient is
 * {@code dx[p] = dy[p] * s[p]^-beta - (2 alpha beta / n) * x[p] * sum_{q in window(p)} dy[q] * y[q] / s[q]}
 * (Caffe's CrossChannelBackward for ACROSS_CHANNELS; the chain rule through its layers for WITHIN_CHANNEL).
 *
 * @param region    which neighbourhood is summed
 * @param localSize window size, odd
 * @param alpha     scaling (Caffe default 1)
 * @param beta      exponent (Caffe default 0.75)
 * @param k         additive constant of ACROSS_CHANNELS (Caffe default 1)
 */
public record LrnSpec(Region region, int localSize, float alpha, float beta, float k) {

    /** The neighbourhood that LRN sums over. */
    public enum Region { ACROSS_CHANNELS, WITHIN_CHANNEL }

    public LrnSpec {
        if (region == null) {
            throw new IllegalArgumentException("lrn: region must be given");
        }
        if (localSize < 1 || localSize % 2 == 0) {
            throw new IllegalArgumentException("lrn: local_size must be odd and positive, got " + localSize);
        }
    }

    /** ACROSS_CHANNELS with all four values given (AlexNet: 5, 1e-4, 0.75, 1). */
    public static LrnSpec across(int localSize, float alpha, float beta, float k) {
        return new LrnSpec(Region.ACROSS_CHANNELS, localSize, alpha, beta, k);
    }

    /** WITHIN_CHANNEL with the given size, alpha and beta. */
    public static LrnSpec within(int localSize, float alpha, float beta) {
        return new LrnSpec(Region.WITHIN_CHANNEL, localSize, alpha, beta, 1f);
    }
}
