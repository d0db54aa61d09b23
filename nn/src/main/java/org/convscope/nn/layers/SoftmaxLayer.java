package org.convscope.nn.layers;

import org.convscope.nn.caffe.LayerDef;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;

/**
 * Caffe's Softmax over the channel axis: {@code y_c = exp(x_c) / sum_c' exp(x_c')}.
 * Backward: {@code dx_c = y_c (dy_c - sum_c' dy_c' y_c')}, computed on the host (the tensors are
 * N x classes, small), then written back to the device.
 */
public final class SoftmaxLayer extends UnaryLayer {

    public SoftmaxLayer(LayerDef def) {
        super(def);
        if (def.param("softmax_param").int32("axis", 1) != 1) {
            throw error("only axis 1 (channels) is supported");
        }
    }

    @Override
    protected Shape topShape(Shape x) {
        if (x.rank() < 2) {
            throw error("needs at least 2 axes (N x C), got " + x);
        }
        return x;
    }

    @Override
    protected void forward(Device d, Tensor x, Tensor y) {
        d.softmax(x, y);
    }

    @Override
    protected void backward(Device d, Tensor x, Tensor yT, Tensor dyT, Tensor dxT, ReluMode mode) {
        Shape s = yT.shape();
        float[] y = d.read(yT);
        float[] dy = d.read(dyT);
        int n = s.dim(0);
        int c = s.dim(1);
        int inner = s.size() / (n * c);
        float[] dx = new float[y.length];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < inner; p++) {
                double dot = 0;
                for (int k = 0; k < c; k++) {
                    int at = (i * c + k) * inner + p;
                    dot += (double) dy[at] * y[at];
                }
                for (int k = 0; k < c; k++) {
                    int at = (i * c + k) * inner + p;
                    dx[at] = (float) (y[at] * (dy[at] - dot));
                }
            }
        }
        d.write(dxT, dx);
    }
}
