package org.convscope.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.convscope.nn.Net;
import org.convscope.nn.TopGradients;
import org.convscope.nn.io.Npy;
import org.convscope.tensor.Device;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Tensor;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code convscope backward}: the gradient at the input of a unit, class or given top gradient. */
@Command(name = "backward", mixinStandardHelpOptions = true,
        description = {"Runs a net forward on an input tensor (.npy, used as is), then backward from a named blob "
                + "with a one-hot top gradient (or one you give) down to the input, with the ReLU rule of --mode: "
                + "standard (backprop), deconvnet (Zeiler & Fergus) or guided (Springenberg). Writes OUT/input_grad.npy.",
                "--unit C on a 4-D blob means channel C at the position of its maximum; --unit C,Y,X a given position.",
                "Example: convscope backward -w bvlc_alexnet.caffemodel --input x.npy --from fc8 --unit 281 --mode guided --out out"})
final class BackwardCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "The input tensor.")
    Path input;

    @Option(names = "--from", required = true, paramLabel = "BLOB", description = "Blob the signal starts from.")
    String from;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TopGradient topGradient;

    static final class TopGradient {
        @Option(names = "--unit", paramLabel = "C|C,Y,X", description = "One-hot top gradient on this unit.")
        String unit;

        @Option(names = "--top-grad", paramLabel = "G.npy", description = "The top gradient itself, shaped like the blob.")
        Path file;
    }

    @Option(names = "--mode", defaultValue = "standard", paramLabel = "standard|deconvnet|guided",
            description = "ReLU backward rule (default ${DEFAULT-VALUE}).")
    String mode;

    @Mixin
    OutputOptions out = OutputOptions.required("Folder for input_grad.npy (created).");

    @Override
    public Integer call() throws Exception {
        ReluMode reluMode = parseMode(mode);
        Device device = modelOptions.device();
        Checks.outputDir(out.dir());
        Net net = modelOptions.load(device);
        Tensor x = Checks.finiteArray("--input", input, device);
        Checks.oneInput(net, "backward");
        Tensor value = net.forward(Map.of(net.inputNames().get(0), x), from).get(from);
        Tensor top;
        if (topGradient.file != null) {
            if (isSame(topGradient.file, input)) {
                throw new IllegalArgumentException("--top-grad and --input are the same file");
            }
            top = Checks.finiteArray("--top-grad", topGradient.file, device);
        } else {
            top = oneHot(value, topGradient.unit);
        }
        Checks.finiteResult(value, "blob '" + from + "'");
        Tensor dx = net.backward(from, top, reluMode);
        Checks.finiteResult(dx, "the gradient at the input");
        Files.createDirectories(out.dir());
        Path file = OutputFiles.target(out.dir(), "input_grad.npy", input);
        Npy.write(file, dx);
        System.out.println(file + "  " + dx.shape() + "  (" + reluMode.name().toLowerCase(Locale.ROOT)
                + " from " + from + ")");
        return 0;
    }

    static ReluMode parseMode(String mode) {
        try {
            return ReluMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mode must be standard, deconvnet or guided, not '" + mode + "'");
        }
    }

    static Tensor oneHot(Tensor value, String unit) {
        String[] parts = unit.split(",");
        try {
            if (parts.length == 1) {
                return TopGradients.oneHot(value, Integer.parseInt(parts[0].trim()));
            }
            if (parts.length == 3) {
                return TopGradients.oneHot(value, Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        Integer.parseInt(parts[2].trim()));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("--unit must be C or C,Y,X (integers), not '" + unit + "'");
    }

    private static boolean isSame(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
