package org.convscope.vis.attribution;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Guided Grad-CAM (Selvaraju et al. 2017): guided backpropagation's fine detail kept only where
 * Grad-CAM says the class is:
 * <pre>
 *   G[c,i,j] = guided[c,i,j] * L_up[i,j]
 * </pre>
 * with {@code guided} from {@link GuidedBackprop#forClass} and {@code L_up} from {@link GradCam}.
 */
public final class GuidedGradCam {
    private GuidedGradCam() {
    }

    /**
     * @param product  G, 1 x C x H x W
     * @param guided   the guided backprop gradient
     * @param gradCam  the Grad-CAM result
     */
    public record Result(Tensor product, GuidedBackprop.Result guided, GradCam.Result gradCam) {
    }

    /** Both methods for class {@code cls} on the maps of {@code layer}, and their product. */
    public static Result compute(Net net, Tensor x, String scoreBlob, int cls, String layer) {
        GradCam.Result cam = GradCam.compute(net, x, scoreBlob, cls, layer);
        GuidedBackprop.Result guided = GuidedBackprop.forClass(net, x, scoreBlob, cls);
        return new Result(product(guided.gradient(), cam.upsampled()), guided, cam);
    }

    /** {@code guided[c,i,j] * cam[i,j]} for a 1 x C x H x W gradient and a 1 x 1 x H x W map. */
    public static Tensor product(Tensor guided, Tensor cam) {
        Shape g = guided.shape();
        Shape m = cam.shape();
        if (g.rank() != 4 || m.rank() != 4 || m.c() != 1 || g.h() != m.h() || g.w() != m.w()) {
            throw new IllegalArgumentException("guided Grad-CAM multiplies 1 x C x H x W by 1 x 1 x H x W; got "
                    + g + " and " + m);
        }
        float[] v = guided.toArray();
        float[] c = cam.toArray();
        int plane = g.h() * g.w();
        for (int ch = 0; ch < g.c(); ch++) {
            for (int i = 0; i < plane; i++) {
                v[ch * plane + i] *= c[i];
            }
        }
        return Tensor.of(Devices.cpu(), v, g.dims());
    }
}
