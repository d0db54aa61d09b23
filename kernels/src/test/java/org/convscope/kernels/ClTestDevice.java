package org.convscope.kernels;

import org.convscope.tensor.DeviceUnavailableException;
import org.junit.jupiter.api.Assumptions;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

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
        String reason = unavailableReason();
        if (reason != null) {
            Assumptions.abort("no OpenCL device, test skipped: " + reason);
        }
        return device;
    }

    /** Why there is no OpenCL device, or null when there is one (opened on first call). */
    static synchronized String unavailableReason() {
        if (device == null && unavailable == null) {
            try {
                device = OpenClDevice.open();
            } catch (DeviceUnavailableException e) {
                unavailable = e.getMessage();
                System.err.println("OpenCL tests skipped: " + unavailable);
            }
        }
        return device == null ? unavailable : null;
    }

    /**
     * Skips a jqwik container or property, with the reason, when there is no OpenCL device
     * (an assumption failing inside a property would count as a rejected try instead).
     */
    static final class SkipWithoutOpenCl implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            String reason = unavailableReason();
            return reason == null ? SkipResult.doNotSkip() : SkipResult.skip("no OpenCL device: " + reason);
        }
    }
}
