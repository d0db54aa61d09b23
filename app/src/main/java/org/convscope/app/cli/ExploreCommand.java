package org.convscope.app.cli;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.convscope.app.explore.ExplorerServer;
import org.convscope.nn.BuiltinNets;
import org.convscope.nn.ClassNames;
import org.convscope.nn.Net;
import org.convscope.nn.Preprocessing;
import org.convscope.tensor.Device;
import org.convscope.vis.patches.FolderImages;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convscope explore}: the live explorer, a page over a local server. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"The live explorer: a local web server and a page where you upload an image, see its top-5 "
                + "classes, pick a layer, click a unit and see its activation, its projection (deconvnet, guided, "
                + "standard backprop), Grad-CAM and occlusion.",
                "Serves on 127.0.0.1 (this machine only) unless --host says otherwise; prints the address to open.",
                "The JSON API under /api/ is described in the README (Explorer).",
                "Example: convscope explore photos/cat.jpg    (then open the printed address)"})
final class ExploreCommand implements Callable<Integer> {
    /** The net served when no model is named: the built-in ImageNet net when it exists, else the demo. */
    static final String PREFERRED = "squeezenet";

    @Mixin
    ModelOptions modelOptions;

    @Parameters(paramLabel = "IMAGES", arity = "0..*", description = "Images (or folders of images) offered from the start.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--data", paramLabel = "DIR|SPEC",
            description = "Data set for top-9 patches: a folder of class folders, or folder:DIR, shapes:SEED:N, mnist:DIR.")
    String data;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where top-9 scans are kept, keyed by model and data (default: ~/.cache/convscope/explore).")
    Path cache;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names, one per line.")
    Path labels;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "Port (0: any free one) (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 exposes the explorer to the network).")
    String host;

    @Option(names = "--max-upload-mib", defaultValue = "16", paramLabel = "MIB", description = "Largest upload (default ${DEFAULT-VALUE}).")
    int maxUploadMib;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0-65535, got " + port);
        }
        if (maxUploadMib < 1) {
            throw new IllegalArgumentException("--max-upload-mib must be at least 1, got " + maxUploadMib);
        }
        Device device = modelOptions.device();
        Net net = load(device);
        String label = modelOptions.model != null ? modelOptions.model : net.name();
        Checks.oneInput(net, "the explorer");
        Preprocessing pre = modelOptions.spec().preprocessing(net, net.declaredInputShape(net.inputNames().get(0)), null, null, null);
        ClassNames names = labels != null ? ClassNames.read(labels) : modelOptions.defaultClassNames();
        ExplorerServer.Settings settings = ExplorerServer.Settings.defaults().withHost(host).withPort(port)
                .withMaxUploadBytes((long) maxUploadMib << 20);
        if (data != null) {
            settings = settings.withData(data, cache != null ? cache : settings.cache());
        }
        ExplorerServer server;
        try {
            server = ExplorerServer.start(net, label, pre, names, settings,
                    FolderImages.expand(images));
        } catch (BindException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port, or 0 for any free one");
        }
        System.out.println("convscope explore: " + (label) + " on " + device.name()
                + " at " + server.url() + "  (Ctrl-C stops)");
        System.out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }));
        stop.await();
        return 0;
    }

    /** The net named by the options; with none: the preferred built-in net when this build has it, else the demo. */
    private Net load(Device device) throws IOException {
        if (modelOptions.model != null || modelOptions.weights != null || modelOptions.randomSeed != null) {
            return modelOptions.load(device);
        }
        if (BuiltinNets.isBuiltin(PREFERRED)) {
            modelOptions.model = PREFERRED;
            try {
                return modelOptions.load(device);
            } catch (IllegalArgumentException e) {
                System.err.println("convscope explore: " + PREFERRED + " cannot be loaded (" + e.getMessage()
                        + "); serving the demo model");
            }
        }
        modelOptions.model = ModelOptions.DEMO;
        return modelOptions.load(device);
    }
}
