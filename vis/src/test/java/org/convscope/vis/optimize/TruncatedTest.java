package org.convscope.vis.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;

import org.convscope.nn.Net;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.vis.demo.DemoModel;
import org.junit.jupiter.api.Test;

/** The truncated net (shared weights, any input size, average pooling) and colour keeping. */
class TruncatedTest {
    @Test
    void theTruncatedNetGivesTheSameBlobAndAcceptsOtherSizes() throws IOException {
        Net net = DemoModel.load(Devices.cpu());
        Tensor x = Tensor.normal(Devices.cpu(), 1, 0f, 1f, 1, 3, 56, 56);
        float[] full = net.forward(x, "conv3").toArray();
        Net part = Truncated.upTo(net, "conv3");
        assertArrayEquals(full, part.forward(x, "conv3").toArray(), 0f);
        assertFalse(part.blobNames().contains("fc6"));
        int h56 = net.shape("conv3").h();
        assertTrue(part.forward(Tensor.normal(Devices.cpu(), 2, 0f, 1f, 1, 3, 90, 70), "conv3").shape().h() > h56,
                "a larger input runs through the truncated net");
        Net avg = Truncated.upTo(net, "conv3", true);
        for (String l : avg.layerNames()) {
            if (avg.layer(l).type().equals("Pooling")) {
                assertTrue(avg.layer(l).def().params().message("pooling_param").string("pool", "MAX").equals("AVE"), l);
            }
        }
        float[] a = avg.forward(x, "conv3").toArray();
        assertFalse(java.util.Arrays.equals(full, a), "average pooling changes conv3");
        // the pooling windows are kept
        assertEquals(net.shape("pool1"), avg.shape("pool1"));
    }

    @Test
    void keepingColoursTakesTheResultsLuminanceAndTheContentsColour() {
        BufferedImage result = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, 100 << 16 | 100 << 8 | 100);
        BufferedImage content = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        content.setRGB(0, 0, 200 << 16 | 50 << 8 | 50);
        int o = Colours.keepContentColours(result, content).getRGB(0, 0);
        int r = (o >> 16) & 0xff;
        int g = (o >> 8) & 0xff;
        int b = o & 0xff;
        assertEquals(100, 0.299 * r + 0.587 * g + 0.114 * b, 1.5);
        assertTrue(r > g + 50 && r > b + 50, "reddish like the content: " + r + "," + g + "," + b);
    }
}
