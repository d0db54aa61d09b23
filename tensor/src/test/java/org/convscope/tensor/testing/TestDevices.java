package org.convscope.tensor.testing;

import java.util.ArrayList;
import java.util.List;

import org.convscope.tensor.Device;
import org.convscope.tensor.DeviceProvider;
import org.convscope.tensor.Devices;
import org.junit.jupiter.api.Assumptions;

/** The devices besides the CPU that a cross-device test compares with the CPU device. */
public final class TestDevices {
    private TestDevices() {
    }

    /**
     * Every device whose provider is on the class path and opens; when there is none, the test is
     * skipped (a JUnit assumption) with the reason: no device module on the class path, or why
     * each one failed to open (no OpenCL platform, say).
     */
    public static List<Device> others() {
        List<Device> devices = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (DeviceProvider p : Devices.providers()) {
            try {
                devices.add(p.open());
            } catch (Exception | LinkageError e) {
                why.add(p.id() + ": " + e.getMessage());
            }
        }
        Assumptions.assumeTrue(!devices.isEmpty(), "no device besides the CPU to compare"
                + (why.isEmpty() ? " (no device module on the test class path)" : ": " + why));
        return devices;
    }
}
