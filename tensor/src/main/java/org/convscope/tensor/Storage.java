package org.convscope.tensor;

/**
 * The memory behind a tensor, owned by one {@link Device}. Each device has its own kind
 * (a Java array for the CPU, a {@code cl_mem} for OpenCL); only that device looks inside.
 */
public interface Storage extends AutoCloseable {
    /** Size in bytes. */
    long bytes();

    /** Frees the memory. Idempotent. */
    @Override
    void close();
}
