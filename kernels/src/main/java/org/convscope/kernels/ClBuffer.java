package org.convscope.kernels;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.convscope.tensor.Storage;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * OpenCL memory behind a tensor: one {@code cl_mem} of {@code bytes} bytes, and the buffers derived
 * from its contents that the device keeps between calls (a convolution's weights transposed or
 * Winograd-transformed: {@link OpenClContext#derived}). Those are dropped as soon as the tensor is
 * written (a kernel whose declaration does not make the argument {@code const}, or a host write:
 * {@link OpenClContext#launch}) and when it is closed.
 */
final class ClBuffer implements Storage {
    final cl_mem mem;
    private final long bytes;
    /** The device's count of bytes held by derived buffers. */
    private final AtomicLong derivedTotal;
    private Map<String, ClBuffer> derived;
    private boolean closed;

    /** The device's count of live buffers and of their bytes (for leak checks). */
    private final AtomicLong[] live;

    ClBuffer(cl_mem mem, long bytes, AtomicLong derivedTotal, AtomicLong[] live) {
        this.mem = mem;
        this.bytes = bytes;
        this.derivedTotal = derivedTotal;
        this.live = live;
        live[0].incrementAndGet();
        live[1].addAndGet(bytes);
    }

    @Override
    public long bytes() {
        return bytes;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The buffer derived under {@code key}, or null. */
    synchronized ClBuffer derived(String key) {
        return derived == null ? null : derived.get(key);
    }

    /** Keeps {@code b} as derived under {@code key} until this buffer is written or closed. */
    synchronized void putDerived(String key, ClBuffer b) {
        if (closed) {
            throw new IllegalStateException("derived buffer kept with a closed buffer");
        }
        if (derived == null) {
            derived = new HashMap<>();
        }
        ClBuffer old = derived.put(key, b);
        derivedTotal.addAndGet(b.bytes());
        if (old != null) {
            release(old);
        }
    }

    /** Drops the derived buffers: the contents may change. */
    synchronized void written() {
        if (derived != null) {
            derived.values().forEach(this::release);
            derived = null;
        }
    }

    private void release(ClBuffer b) {
        derivedTotal.addAndGet(-b.bytes());
        b.close();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            written();
            // the runtime defers the release until enqueued commands that use the buffer finish
            CL.clReleaseMemObject(mem);
            live[0].decrementAndGet();
            live[1].addAndGet(-bytes);
        }
    }
}
