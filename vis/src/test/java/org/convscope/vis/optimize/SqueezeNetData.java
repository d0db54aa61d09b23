package org.convscope.vis.optimize;

import org.convscope.nn.BuiltinNets;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;

/**
 * The built-in SqueezeNet v1.0 (its weights ship in the jar) for the optimizations' tests on a real
 * ImageNet net: scores in {@code pool_final} (no softmax), BGR, mean 104/117/123, global average
 * pooling at the top, so inputs smaller than 227 work too and keep the tests fast.
 */
final class SqueezeNetData {
    static final String SCORES = BuiltinNets.SQUEEZENET_SCORES;

    private SqueezeNetData() {
    }

    static Net load(Device device) {
        return BuiltinNets.pretrained(BuiltinNets.SQUEEZENET, device);
    }

    /** The standard preprocessing (plain resize, BGR, mean 104/117/123) at {@code size} pixels. */
    static Preprocessing preprocessing(int size) {
        return new Preprocessing(size, size, new float[] {104f, 117f, 123f}, null, null, 1f);
    }
}
