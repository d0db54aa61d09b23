package org.convscope.tensor;

/**
 * A kind of device that {@link Devices} can find through {@link java.util.ServiceLoader}. A module
 * that brings a device (the {@code kernels} module brings OpenCL) registers its provider in
 * {@code META-INF/services/org.convscope.tensor.DeviceProvider}.
 */
public interface DeviceProvider {
    /** The name chosen with {@code -Dconvscope.device=<id>}, e.g. {@code opencl}. */
    String id();

    /** Higher wins when no device is named. The CPU device has priority 0. */
    int priority();

    /**
     * Opens the device.
     *
     * @throws DeviceUnavailableException with a reason a user can act on (no OpenCL runtime, no device…)
     */
    Device open() throws DeviceUnavailableException;
}
