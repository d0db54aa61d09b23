package org.convscope.app.cli;

import java.util.concurrent.Callable;

import org.convscope.nn.ModelSummary;
import org.convscope.nn.Net;
import org.convscope.nn.NetFiles;
import org.convscope.tensor.Devices;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code convscope summary alexnet}: per layer the output shape, parameters, multiply-adds, receptive field. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Prints a net's layers with output shape, parameter count, multiply-adds and receptive "
                + "field (size, stride and offset in input pixels) - the numbers the lectures count by hand.",
                "No weights are needed."})
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME|PROTOTXT",
            description = "A built-in net (alexnet, caffenet, vgg16, vgg19, googlenet, lenet) or a .prototxt file.")
    String model;

    @Override
    public Integer call() throws Exception {
        Net net = NetFiles.architecture(model, Devices.cpu());
        System.out.print(ModelSummary.of(net).format());
        return 0;
    }
}
