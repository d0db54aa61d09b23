package org.convscope.examples;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.nn.data.Shapes;
import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;
import org.convscope.tensor.Tensor;
import org.convscope.vis.attribution.AttributionImages;
import org.convscope.vis.attribution.ClassScores;
import org.convscope.vis.attribution.GradCam;
import org.convscope.vis.attribution.GuidedBackprop;
import org.convscope.vis.attribution.Unit;
import org.convscope.vis.demo.DemoModel;
import org.convscope.tensor.ChannelOrder;

/**
 * ConvScope as a library: load a net, classify an image, draw Grad-CAM for the class and guided
 * backprop of one unit, save both as PNG files. Runs on the shipped demo model, so it needs no
 * download; for a Caffe model use {@code Net.load(prototxt, caffemodel, device)} and
 * {@code Preprocessing.forBuiltin("alexnet")}. Usage: {@code ClassifyAndExplain [OUT_DIR]}.
 */
public final class ClassifyAndExplain {
    public static void main(String[] args) throws IOException {
        File out = new File(args.length > 0 ? args[0] : "example-out");
        out.mkdirs();
        Device device = Devices.defaultDevice();                   // OpenCL when there is a runtime, else the CPU
        Net net = DemoModel.load(device);
        Preprocessing pre = DemoModel.preprocessing();
        BufferedImage image = new Shapes(7, 20, 64).render(2);      // or ImageIO.read(new File("cat.jpg"))
        Tensor x = pre.apply(image, device);                        // 1 x 3 x 56 x 56, BGR, mean removed

        float[] prob = net.forward(x, "prob").toArray();
        int cls = device.argmax(net.blob("prob"));
        System.out.printf("class %d (%s), probability %.3f%n", cls, Shapes.CLASSES.get(cls), prob[cls]);

        String scores = ClassScores.scoreBlob(net);                 // "fc8": the class scores before the softmax
        GradCam.Result cam = GradCam.compute(net, x, scores, cls, GradCam.defaultLayer(net));
        AttributionImages draw = new AttributionImages(AttributionImages.MIN_SIDE, ChannelOrder.BGR);
        BufferedImage seen = pre.deprocess(x);                      // the picture the net saw
        ImageIO.write(draw.overlay(seen, cam.upsampled(), 0.6), "png", new File(out, "gradcam.png"));

        GuidedBackprop.Result unit = GuidedBackprop.forUnit(net, x, "conv3", Unit.channelMax(0));
        ImageIO.write(draw.signed(unit.gradient()), "png", new File(out, "guided_conv3_0.png"));
    }
}
