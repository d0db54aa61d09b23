package org.convscope.nn;

import org.convscope.nn.caffe.NetDef;
import org.convscope.tensor.cpu.CpuDevice;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Layer backward against finite differences on random geometries (jqwik): convolution over
 * kernel, stride, pad and group; pooling over kernel, stride, pad and method; inner product with
 * and without transpose. Inputs are well separated (no ReLU kinks or pooling ties within the step).
 */
class LayerGradientPropertiesTest {

    private static Net net(String dims, String body) throws Exception {
        String text = "name: \"p\" input: \"x\" input_shape { " + dims + " } layer { name: \"l\" bottom: \"x\" top: \"y\" "
                + body + " }";
        Net n = Net.fromDef(NetDef.parse(text, "p"), CpuDevice.shared());
        n.randomizeWeights(3);
        return n;
    }

    @Property(tries = 25)
    void convolution(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 3) int groups,
                     @ForAll @IntRange(min = 1, max = 2) int cPerGroup, @ForAll @IntRange(min = 1, max = 2) int kPerGroup,
                     @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
                     @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                     @ForAll @IntRange(min = 4, max = 7) int h, @ForAll boolean bias) throws Exception {
        String dims = "dim: " + n + " dim: " + groups * cPerGroup + " dim: " + h + " dim: " + (h + 1);
        String body = "type: \"Convolution\" convolution_param { num_output: " + groups * kPerGroup + " kernel_h: " + kh
                + " kernel_w: " + kw + " stride: " + stride + " pad: " + pad + " group: " + groups + " bias_term: " + bias + " }";
        LayerGradientTest.check("conv " + dims + " " + body, net(dims, body), "y", 17, true);
    }

    @Property(tries = 25)
    void pooling(@ForAll @IntRange(min = 1, max = 4) int kernel, @ForAll @IntRange(min = 1, max = 3) int stride,
                 @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll boolean max,
                 @ForAll @IntRange(min = 4, max = 8) int h) throws Exception {
        int p = Math.min(pad, kernel - 1);
        String dims = "dim: 2 dim: 2 dim: " + h + " dim: " + (h + 2);
        String body = "type: \"Pooling\" pooling_param { pool: " + (max ? "MAX" : "AVE") + " kernel_size: " + kernel
                + " stride: " + stride + " pad: " + p + " }";
        LayerGradientTest.check("pool " + dims + " " + body, net(dims, body), "y", 19, true);
    }

    @Property(tries = 10)
    void innerProduct(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 9) int k,
                      @ForAll @IntRange(min = 1, max = 6) int out, @ForAll boolean transpose) throws Exception {
        String dims = "dim: " + n + " dim: " + k;
        String body = "type: \"InnerProduct\" inner_product_param { num_output: " + out + " transpose: " + transpose + " }";
        LayerGradientTest.check("ip " + dims + " " + body, net(dims, body), "y", 23, true);
    }
}
