package org.convscope.kernels;

import org.convscope.tensor.DeviceUnavailableException;
import org.junit.jupiter.api.Assumptions;

/**
 * The one OpenCL device that every test class shares (programs are built once per context, and
 * building is slow), or an aborted test with the reason when this machine has no OpenCL.
 */
final class ClTestDevice {
    private static OpenClDevice device;
    private static String unavailable;

    private ClTestDevice() {
    }

    /** The shared device; aborts (skips) the calling test with a message when there is none. */
    static synchronized OpenClDevice get() {
        if (device == null && unavailable == null) {
            try {
                device = OpenClDevice.open();
            } catch (DeviceUnavailableException e) {
                unavailable = e.getMessage();
                System.err.println("OpenCL tests skipped: " + unavailable);
            }
        }
        if (device == null) {
            Assumptions.abort("no OpenCL device, test skipped: " + unavailable);
        }
        return device;
    }
}
