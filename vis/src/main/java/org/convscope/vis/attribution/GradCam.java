package org.convscope.vis.attribution;

import org.convscope.nn.Net;
import org.convscope.nn.TopGradients;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Grad-CAM (Selvaraju et al. 2017): where in the image a convolutional layer's maps speak for
 * class {@code y}. For the maps {@code A} (K x h x w) of a layer and the pre-softmax score
 * {@code s_y}:
 * <pre>
 *   alpha_k = (1 / (h w)) sum_ij d s_y / d A[k,i,j]        (global average of the gradient)
 *   L[i,j]  = max(0, sum_k alpha_k A[k,i,j])                (h x w)
 *   L_up    = bilinear resize of L to the input's H x W     (half-pixel centres)
 * </pre>
 * The gradient is the ordinary one ({@link ReluMode#STANDARD}). {@code A} is the blob's final value
 * (after an in-place ReLU: {@code conv5} in AlexNet is the rectified map, as in the paper).
 */
public final class GradCam {
    private GradCam() {
    }

    /**
     * @param weights   alpha_k, one per channel of the layer
     * @param cam       L, 1 x 1 x h x w
     * @param upsampled L_up, 1 x 1 x H x W
     * @param layer     the blob whose maps were weighted
     * @param score     s_y at the input
     */
    public record Result(float[] weights, Tensor cam, Tensor upsampled, String layer, float score) {
    }

    /**
     * The default layer: the top of the last convolution whose maps are larger than 1 x 1
     * ({@code conv5} in AlexNet, {@code conv3} in CIFAR-10 quick, {@code conv2} in LeNet). When that
     * convolution is a 1x1 classifier whose maps a global pooling turns into the scores (SqueezeNet's
     * {@code conv_final}, network-in-network style), its input is the last layer of features and is
     * taken instead ({@code fire9/concat}); a convolution that is one branch of a module whose
     * branches a Concat joins gives way to the Concat's output ({@code inception_5b/output} in GoogLeNet).
     */
    public static String defaultLayer(Net net) {
        String best = null;
        String bestLayer = null;
        for (String name : net.layerNames()) {
            if (net.layer(name).type().equals("Convolution")) {
                String top = net.layer(name).def().tops().get(0);
                Shape s = net.shape(top);
                if (s.rank() == 4 && s.h() * s.w() > 1) {
                    best = top;
                    bestLayer = name;
                }
            }
        }
        if (best != null && isPooledClassifier(net, bestLayer)) {
            String in = net.layer(bestLayer).def().bottoms().get(0);
            Shape s = net.shape(in);
            if (s.rank() == 4 && s.h() * s.w() > 1) {
                best = in;
            }
        }
        if (best != null) {
            // one branch of a module (GoogLeNet's pool_proj): the module's concatenated output instead
            for (String name : net.layerNames()) {
                var l = net.layer(name);
                if (l.type().equals("Concat") && l.def().bottoms().contains(best)) {
                    best = l.def().tops().get(0);
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("net '" + net.name() + "' has no convolution with spatial maps for Grad-CAM;"
                    + " give a 4-D blob with --layer");
        }
        return best;
    }

    /** Whether a convolution has 1x1 kernels and a pooling to 1 x 1 reads its top (a pooled classifier). */
    private static boolean isPooledClassifier(Net net, String conv) {
        var params = net.layer(conv).params();
        Shape w = params.isEmpty() ? null : params.get(0).shape();
        if (w == null || w.rank() != 4 || w.dim(2) != 1 || w.dim(3) != 1) {
            return false;
        }
        String top = net.layer(conv).def().tops().get(0);
        for (String name : net.layerNames()) {
            var l = net.layer(name);
            if (l.type().equals("Pooling") && l.def().bottoms().contains(top)) {
                Shape out = net.shape(l.def().tops().get(0));
                if (out.rank() == 4 && out.h() * out.w() == 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Grad-CAM of class {@code cls} on the maps of blob {@code layer}.
     *
     * @throws IllegalArgumentException for an unknown blob, a blob that is not 4-D or that the score
     *                                  does not depend on, or a class out of range
     */
    public static Result compute(Net net, Tensor x, String scoreBlob, int cls, String layer) {
        ClassScores.checkClass(net, scoreBlob, cls);
        Shape as = net.shape(layer);
        if (as.rank() != 4) {
            throw new IllegalArgumentException("Grad-CAM needs a layer with spatial maps (N x K x h x w); '" + layer
                    + "' is " + as);
        }
        Tensor s = net.forward(x, scoreBlob);
        float score = s.toArray()[cls * (s.shape().size() / s.shape().dim(1))];
        float[] a = net.blob(layer).toArray();
        net.backward(scoreBlob, TopGradients.oneHot(s, cls), ReluMode.STANDARD);
        float[] g;
        try {
            g = net.grad(layer).toArray();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the score '" + scoreBlob + "' does not depend on '" + layer
                    + "': choose a blob below it", e);
        }
        int k = as.c();
        int h = as.h();
        int w = as.w();
        float[] alpha = weights(g, k, h * w);
        float[] cam = combine(alpha, a, h * w);
        Device cpu = Devices.cpu();
        Tensor camT = Tensor.of(cpu, cam, 1, 1, h, w);
        return new Result(alpha, camT, upsample(camT, x.shape().h(), x.shape().w()), layer, score);
    }

    /** {@code alpha_k = mean over the plane of g[k]} for {@code g} holding K planes of {@code plane} values. */
    public static float[] weights(float[] g, int k, int plane) {
        float[] alpha = new float[k];
        for (int c = 0; c < k; c++) {
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += g[c * plane + i];
            }
            alpha[c] = (float) (sum / plane);
        }
        return alpha;
    }

    /** {@code max(0, sum_k alpha_k A[k])} for {@code a} holding K planes. */
    public static float[] combine(float[] alpha, float[] a, int plane) {
        float[] cam = new float[plane];
        for (int i = 0; i < plane; i++) {
            double sum = 0;
            for (int c = 0; c < alpha.length; c++) {
                sum += (double) alpha[c] * a[c * plane + i];
            }
            cam[i] = (float) Math.max(0, sum);
        }
        return cam;
    }

    /** Bilinear resize of a 1 x 1 x h x w map to H x W ({@link Device#resizeBilinear}, half-pixel centres). */
    public static Tensor upsample(Tensor map, int height, int width) {
        Device cpu = Devices.cpu();
        Tensor up = cpu.allocate(Shape.of(1, 1, height, width));
        cpu.resizeBilinear(map.device() == cpu ? map : map.to(cpu), up);
        return up;
    }
}
