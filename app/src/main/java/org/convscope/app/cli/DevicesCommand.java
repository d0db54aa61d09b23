package org.convscope.app.cli;

import java.util.concurrent.Callable;

import org.convscope.tensor.Device;
import org.convscope.tensor.DeviceProvider;
import org.convscope.tensor.DeviceUnavailableException;
import org.convscope.tensor.Devices;

import picocli.CommandLine.Command;

/** {@code convscope devices}: which devices this machine offers and which one is the default. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Lists the compute devices found on this machine and the default one "
                + "(choose with -Dconvscope.device=cpu|opencl).")
final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("cpu      available (reference, multithreaded)");
        for (DeviceProvider p : Devices.providers()) {
            String state;
            try {
                Device d = p.open();
                state = "available: " + d.name();
            } catch (DeviceUnavailableException | RuntimeException | LinkageError e) {
                state = "unavailable: " + e.getMessage();
            }
            System.out.printf("%-8s %s%n", p.id(), state);
        }
        System.out.println("default  " + Devices.defaultDevice().name());
        return 0;
    }
}
