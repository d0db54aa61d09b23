package org.convscope.kernels;

import org.convscope.tensor.Device;
import org.convscope.tensor.DeviceProvider;
import org.convscope.tensor.DeviceUnavailableException;

/** Makes the OpenCL device findable by {@link org.convscope.tensor.Devices} ({@code -Dconvscope.device=opencl}). */
public final class OpenClProvider implements DeviceProvider {
    @Override
    public String id() {
        return "opencl";
    }

    /** Above the CPU device (0): chosen by default when an OpenCL platform exists. */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Device open() throws DeviceUnavailableException {
        return OpenClDevice.open();
    }
}
