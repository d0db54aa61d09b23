package org.convscope.kernels;

import org.convscope.tensor.Storage;
import org.jocl.CL;
import org.jocl.cl_mem;

/** OpenCL memory behind a tensor: one {@code cl_mem} of {@code bytes} bytes. */
final class ClBuffer implements Storage {
    final cl_mem mem;
    private final long bytes;
    private boolean closed;

    ClBuffer(cl_mem mem, long bytes) {
        this.mem = mem;
        this.bytes = bytes;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            // the runtime defers the release until enqueued commands that use the buffer finish
            CL.clReleaseMemObject(mem);
        }
    }
}
