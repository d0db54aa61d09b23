package org.convscope.tensor;

/** A device that cannot be opened on this machine, with the reason (for the log line). */
public class DeviceUnavailableException extends Exception {
    public DeviceUnavailableException(String message) {
        super(message);
    }

    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
