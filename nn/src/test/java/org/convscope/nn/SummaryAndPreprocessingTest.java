package org.convscope.nn;

import org.convscope.tensor.testing.TestData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convscope.tensor.Shape;
import org.convscope.tensor.Tensor;
import org.convscope.tensor.cpu.CpuDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryAndPreprocessingTest {
    private static final CpuDevice CPU = CpuDevice.shared();
    @TempDir
    Path dir;

    @Test
    void alexNetNumbersAsCountedByHand() {
        ModelSummary s = ModelSummary.of(BuiltinNets.create("alexnet", CPU));
        ModelSummary.Row conv1 = s.row("conv1");
        assertEquals(Shape.of(1, 96, 55, 55), conv1.outputShape());
        assertEquals(96 * 3 * 11 * 11 + 96, conv1.parameters());
        assertEquals(55L * 55 * 96 * 3 * 11 * 11, conv1.multiplyAdds());
        assertEquals(new ModelSummary.ReceptiveField(11, 11, 4, 4, 0, 0, false), conv1.field());
        // conv2: 5x5 pad 2 on pool1 (field 19, jump 8): 19 + 4*8 = 51, starting 2*8 = 16 pixels before the image
        assertEquals(new ModelSummary.ReceptiveField(51, 51, 8, 8, -16, -16, false), s.row("conv2").field());
        assertEquals(new ModelSummary.ReceptiveField(195, 195, 32, 32, -64, -64, false), s.row("pool5").field());
        assertEquals(55L * 55 * 256 * 48 * 25 / 55 / 55 * 27 * 27, s.row("conv2").multiplyAdds());
        assertTrue(s.row("fc6").field().whole());
        assertEquals(60965224, s.totalParameters());
        assertEquals(9216L * 4096, s.row("fc6").multiplyAdds());
        assertEquals("conv1@conv1", conv1.top());
        assertTrue(s.format().contains("conv1"), s.format());
        // VGG16 conv5_3: the classic 196-pixel field with stride 16
        ModelSummary v = ModelSummary.of(BuiltinNets.create("vgg16", CPU));
        assertEquals(196, v.row("conv5_3").field().sizeH());
        assertEquals(16, v.row("conv5_3").field().strideH());
        assertEquals(15_346_630_656L, v.totalMultiplyAdds() - v.row("fc6").multiplyAdds() - v.row("fc7").multiplyAdds()
                - v.row("fc8").multiplyAdds());
    }

    @Test
    void imagesOfEveryKindBecomeBgrTensors() throws Exception {
        Preprocessing p = Preprocessing.forBuiltin("caffenet");
        for (String f : List.of("images/caffe/cat.jpg", "images/caffe/cat_gray.jpg",
                "images/imagenet_like/space_shuttle.jpg", "images/cifar10_32x32/cat10.png")) {
            Tensor x = p.apply(TestData.require(f), CPU);
            assertEquals(Shape.of(1, 3, 227, 227), x.shape(), f);
            float[] v = x.toArray();
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (float a : v) {
                lo = Math.min(lo, a);
                hi = Math.max(hi, a);
            }
            assertTrue(lo >= -123 && hi <= 152 && hi - lo > 50, f + " range " + lo + ".." + hi);
        }
        // grey: the three channels are equal before the mean
        Preprocessing none = new Preprocessing(256, 227, null, null, null, 1f);
        float[] g = none.apply(TestData.require("images/caffe/cat_gray.jpg"), CPU).toArray();
        int plane = 227 * 227;
        for (int i = 0; i < plane; i += 97) {
            assertEquals(g[i], g[plane + i]);
            assertEquals(g[i], g[2 * plane + i]);
        }
        Path bad = dir.resolve("notanimage.jpg");
        Files.writeString(bad, "hello");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.apply(bad, CPU));
        assertTrue(e.getMessage().contains("notanimage.jpg"), e.getMessage());
    }

    @Test
    void bgrOrderMeanImageAndDeprocess() throws Exception {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, 200 << 16 | 100 << 8 | 50); // R 200, G 100, B 50
            }
        }
        Preprocessing p = new Preprocessing(0, 2, new float[] {1, 2, 3}, null, null, 1f);
        float[] v = p.apply(img, CPU).toArray();
        assertArrayEquals(new float[] {49, 49, 49, 49, 98, 98, 98, 98, 197, 197, 197, 197}, v);
        BufferedImage back = p.deprocess(Tensor.of(CPU, v, 1, 3, 2, 2));
        assertEquals(200 << 16 | 100 << 8 | 50, back.getRGB(1, 1) & 0xffffff);
        Preprocessing mean = Preprocessing.withMeanFile(227, TestData.require("imagenet/ilsvrc_2012_mean.binaryproto"));
        Tensor x = mean.apply(TestData.require("images/caffe/cat.jpg"), CPU);
        assertEquals(Shape.of(1, 3, 227, 227), x.shape());
        Preprocessing npy = Preprocessing.withMeanFile(227, TestData.require("imagenet/ilsvrc_2012_mean.npy"));
        assertArrayEquals(x.toArray(), npy.apply(TestData.require("images/caffe/cat.jpg"), CPU).toArray());
    }

    @Test
    void imagenetClassNames() throws Exception {
        ClassNames names = ClassNames.read(TestData.require("imagenet/synset_words.txt"));
        assertEquals(1000, names.size());
        assertEquals("n01440764", names.id(0));
        assertEquals("tench, Tinca tinca", names.label(0));
        assertEquals("tench", names.shortLabel(0));
        float[] scores = new float[1000];
        scores[281] = 0.7f;
        scores[282] = 0.2f;
        List<ClassNames.Prediction> top = names.top(scores, 2);
        assertEquals(281, top.get(0).index());
        assertTrue(top.get(0).label().startsWith("tabby"), top.get(0).label());
    }
}
