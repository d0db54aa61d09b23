package org.convscope.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.nn.io.Npy;
import org.convscope.tensor.Device;
import org.convscope.tensor.Tensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convscope forward}: named blobs of a net for an input tensor, as .npy files. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Runs a net on an input tensor read from a .npy file (float32, N x C x H x W, used as is: "
                + "no preprocessing) and writes each named blob to OUT/<blob>.npy.",
                "Blob names as in the prototxt; 'conv1@conv1' is conv1 before an in-place ReLU overwrote it.",
                "Example: convscope forward -m lenet.prototxt -w lenet.caffemodel --input x.npy --blobs prob,ip1 --out out"})
final class ForwardCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "The input tensor.")
    Path input;

    @Option(names = "--blobs", required = true, split = ",", paramLabel = "BLOB", description = "Blobs to write.")
    List<String> blobs;

    @Mixin
    OutputOptions out = OutputOptions.required("Folder for the .npy files (created).");

    @Override
    public Integer call() throws Exception {
        Device device = modelOptions.device();
        Checks.names("--blobs", blobs);
        Checks.outputDir(out.dir());
        Net net = modelOptions.load(device);
        Tensor x = Checks.finiteArray("--input", input, device);
        Checks.oneInput(net, "forward");
        Map<String, Tensor> values = net.forward(Map.of(net.inputNames().get(0), x), blobs.toArray(new String[0]));
        for (Map.Entry<String, Tensor> e : values.entrySet()) {
            Checks.finiteResult(e.getValue(), "blob '" + e.getKey() + "'");
        }
        Files.createDirectories(out.dir());
        for (Map.Entry<String, Tensor> e : values.entrySet()) {
            Path file = OutputFiles.target(out.dir(), e.getKey() + ".npy", input);
            Npy.write(file, e.getValue());
            System.out.println(file + "  " + e.getValue().shape());
        }
        return 0;
    }
}
