package org.convscope.app.cli;

import org.convscope.tensor.Device;
import org.convscope.tensor.Devices;

import picocli.CommandLine.Option;

/** {@code --device}, declared here once: for {@link ModelOptions} and the commands that choose a device without a model option. */
final class DeviceOptions {
    @Option(names = "--device", paramLabel = "cpu|opencl|auto",
            description = "Compute device (default: the convscope.device property, else auto).")
    String device;

    /** The device named, else the default one. */
    Device open() {
        return device == null ? Devices.defaultDevice() : Devices.open(device);
    }
}
