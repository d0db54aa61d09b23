package org.convscope.tensor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.logging.Logger;

import org.convscope.tensor.cpu.CpuDevice;

/**
 * Finds devices. {@code -Dconvscope.device=cpu|opencl} (or {@link #open(String)}) names one;
 * otherwise the highest-priority provider that opens wins, and when none does the CPU device
 * takes over with one log line saying why.
 */
public final class Devices {
    /** System property that names the device. */
    public static final String PROPERTY = "convscope.device";

    private static final Logger LOG = Logger.getLogger(Devices.class.getName());
    private static Device defaultDevice;

    private Devices() {
    }

    /** The process-wide default device, opened on first use (see the class comment). */
    public static synchronized Device defaultDevice() {
        if (defaultDevice == null) {
            defaultDevice = open(System.getProperty(PROPERTY, "auto"));
        }
        return defaultDevice;
    }

    /** The shared CPU device. */
    public static CpuDevice cpu() {
        return CpuDevice.shared();
    }

    /** Every provider on the class path, best first. */
    public static List<DeviceProvider> providers() {
        List<DeviceProvider> list = new ArrayList<>();
        ServiceLoader.load(DeviceProvider.class).forEach(list::add);
        list.sort(Comparator.comparingInt(DeviceProvider::priority).reversed());
        return list;
    }

    /**
     * Opens a device by id: {@code cpu}, a provider's id such as {@code opencl}, or {@code auto}.
     *
     * @throws IllegalArgumentException for an unknown id, or a named device that cannot be opened
     *                                  (the message says why)
     */
    public static Device open(String id) {
        if (id.equals("cpu")) {
            return cpu();
        }
        List<DeviceProvider> providers = providers();
        if (id.equals("auto")) {
            List<String> reasons = new ArrayList<>();
            for (DeviceProvider p : providers) {
                try {
                    return p.open();
                } catch (DeviceUnavailableException | RuntimeException | LinkageError e) {
                    reasons.add(p.id() + ": " + e.getMessage());
                }
            }
            LOG.info(reasons.isEmpty()
                    ? "using the CPU device (no other device module on the class path)"
                    : "using the CPU device; " + String.join("; ", reasons));
            return cpu();
        }
        List<String> known = new ArrayList<>(List.of("cpu", "auto"));
        for (DeviceProvider p : providers) {
            known.add(p.id());
            if (p.id().equals(id)) {
                try {
                    return p.open();
                } catch (DeviceUnavailableException e) {
                    throw new IllegalArgumentException("device " + id + " is not available: " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalArgumentException("unknown device '" + id + "'; known: " + String.join(", ", known));
    }
}
