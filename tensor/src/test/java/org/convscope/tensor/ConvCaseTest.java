package org.convscope.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The shared layer descriptions count what the lectures count by hand. */
class ConvCaseTest {

    @Test
    void alexNetShapesAndWork() {
        List<ConvCase> a = ConvCase.ALEXNET;
        assertEquals(5, a.size());
        // output maps 55, 27, 13, 13, 13
        int[] sizes = {55, 27, 13, 13, 13};
        int[] channels = {96, 256, 384, 384, 256};
        for (int i = 0; i < 5; i++) {
            assertEquals(Shape.of(1, channels[i], sizes[i], sizes[i]), a.get(i).outputShape(), a.get(i).name());
        }
        // conv1: 96 filters of 3x11x11 = 363 taps at 55x55 positions
        assertEquals(96L * 363 * 55 * 55, a.get(0).multiplyAdds());
        assertEquals(2 * 105_415_200L, a.get(0).flops());
        // conv2, grouped: 256 filters of 48x5x5 = 1200 taps at 27x27
        assertEquals(Shape.of(256, 48, 5, 5), a.get(1).weightShape());
        assertEquals(256L * 1200 * 729, a.get(1).multiplyAdds());
        // the five layers together: about 666 M multiply-adds (1.33 GFLOP) per image
        long total = a.stream().mapToLong(ConvCase::multiplyAdds).sum();
        assertEquals(665_784_864L, total);
        // bytes of conv1: input 3*227*227, weights 96*363, bias 96, output 96*55*55, float32
        assertEquals(4L * (154_587 + 34_848 + 96 + 290_400), a.get(0).bytes());
    }

    @Test
    void vgg16HasThirteenThreeByThreeLayers() {
        List<ConvCase> v = ConvCase.VGG16;
        assertEquals(13, v.size());
        assertEquals("vgg16.conv1_1", v.get(0).name());
        assertEquals("vgg16.conv5_3", v.get(12).name());
        for (ConvCase c : v) {
            assertEquals(c.inputShape().h(), c.outputShape().h(), c.name() + " keeps its size");
        }
        // VGG16's convolutions: 15.35 G multiply-adds per 224x224 image
        long total = v.stream().mapToLong(ConvCase::multiplyAdds).sum();
        assertEquals(15_346_630_656L, total);
        assertEquals(Shape.of(1, 512, 14, 14), v.get(12).outputShape());
    }

    @Test
    void firstLayersAreSevenBySevenAtStrideTwo() {
        // SqueezeNet v1.0: (227 - 7) / 2 + 1 = 111; GoogLeNet, padded by 3: (224 + 6 - 7) / 2 + 1 = 112
        assertEquals(Shape.of(1, 96, 111, 111), ConvCase.byName("squeezenet.conv1").outputShape());
        assertEquals(Shape.of(1, 64, 112, 112), ConvCase.byName("googlenet.conv1/7x7_s2").outputShape());
        assertEquals(96L * 147 * 111 * 111, ConvCase.FIRST_LAYERS.get(0).multiplyAdds());
        // SqueezeNet's 3x3 expands keep their maps: fire2 16 -> 64 channels on 55 x 55, fire9 64 -> 256 on 13 x 13
        assertEquals(8, ConvCase.SQUEEZENET_EXPAND.size());
        assertEquals(Shape.of(1, 64, 55, 55), ConvCase.byName("squeezenet.fire2/conv3x3_2").outputShape());
        assertEquals(Shape.of(256, 64, 3, 3), ConvCase.byName("squeezenet.fire9/conv3x3_2").weightShape());
        assertEquals(17, ConvCase.SQUEEZENET_POINTWISE.size());
    }

    @Test
    void namesAreUniqueAndFindable() {
        Set<String> names = new HashSet<>();
        for (ConvCase c : ConvCase.ALEXNET) {
            assertTrue(names.add(c.name()));
            assertEquals(c, ConvCase.byName(c.name()));
        }
        for (ConvCase c : ConvCase.VGG16) {
            assertTrue(names.add(c.name()));
            assertEquals(c, ConvCase.byName(c.name()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvCase.byName("conv9"));
        assertTrue(e.getMessage().startsWith("unknown conv case 'conv9'; known: alexnet.conv1, "), e.getMessage());
        assertEquals(8 * ConvCase.ALEXNET.get(2).multiplyAdds(), ConvCase.ALEXNET.get(2).withBatch(8).multiplyAdds());
    }
}
