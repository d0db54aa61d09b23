package org.convscope.kernels;

/** The OpenCL device could not allocate: says how many bytes, for what, and what the device has. */
public final class DeviceMemoryException extends RuntimeException {
    private final long bytes;

    DeviceMemoryException(String message, long bytes, Throwable cause) {
        super(message, cause);
        this.bytes = bytes;
    }

    /** The size of the allocation that failed (0 when the runtime reported it at a kernel launch). */
    public long bytes() {
        return bytes;
    }
}
