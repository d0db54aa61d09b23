package org.convscope.kernels;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_OUT_OF_HOST_MEMORY;
import static org.jocl.CL.CL_OUT_OF_RESOURCES;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueReadBufferRect;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clEnqueueWriteBufferRect;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.convscope.tensor.DeviceUnavailableException;
import org.convscope.tensor.IntTensor;
import org.convscope.tensor.Storage;
import org.convscope.tensor.Tensor;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;


/**
 * The OpenCL objects of one device, shared by its launchers: the context, the in-order command
 * queue, the program cache and builds, buffer allocation and its accounting (live buffers and
 * bytes, the allocation limit), the buffers derived from tensors and kept with them, the scratch
 * buffers, the forced kernel variants, and the launch plumbing ({@link #launch}, {@link #launch1d},
 * work-group sizes). {@link OpenClDevice} checks each op's arguments and hands the launchers (each
 * built on this context) the tensors' buffers; the launchers reach the device only through here.
 *
 * <p>The rule for derived buffers is structural: a launcher passes {@link ClBuffer}s to
 * {@link #launch}, and the kernel's own declaration says which of them it writes (a {@code __global}
 * pointer without {@code const}). Those lose their derived buffers before the kernel is enqueued;
 * the ones it declares {@code const} keep them. No call site chooses, so none can forget: a kernel
 * missing a {@code const} costs a recomputation of the derived weights, never a stale result.
 */
final class OpenClContext implements AutoCloseable {
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_device_id deviceId;
    private final String deviceName;
    private final long maxWorkGroupSize;
    private final int computeUnits;
    private final int nativeFloatWidth;
    private final long maxAlloc;
    private volatile long allocLimit;
    private final long globalMem;
    private final ProgramCache programs;
    private final Map<String, ClBuffer> scratch = new HashMap<>();
    private final AtomicLong derivedBytes = new AtomicLong();
    private long derivedBudget;
    private final Map<String, Integer> forcedVariants = new HashMap<>();
    private boolean closed;
    /** Buffers allocated and not yet released, and their bytes. */
    private final AtomicLong[] live = {new AtomicLong(), new AtomicLong()};

    /**
     * Opens the first GPU (or the device whose name contains {@code -Dconvscope.opencl.device}),
     * else the first OpenCL device of any kind ({@link OpenClPlatforms#choose}).
     *
     * @throws DeviceUnavailableException when there is no OpenCL runtime, no platform or no device
     */
    static OpenClContext open() throws DeviceUnavailableException {
        OpenClPlatforms.Choice c = OpenClPlatforms.choose();
        try {
            return new OpenClContext(c.platform(), c.device());
        } catch (CLException e) {
            throw new DeviceUnavailableException("OpenCL device " + OpenClPlatforms.infoString(c.device(), CL_DEVICE_NAME)
                    + " could not be opened: " + e.getMessage(), e);
        }
    }

    private OpenClContext(cl_platform_id platform, cl_device_id deviceId) {
        this.deviceId = deviceId;
        this.deviceName = OpenClPlatforms.infoString(deviceId, CL_DEVICE_NAME);
        this.maxWorkGroupSize = OpenClPlatforms.infoLong(deviceId, CL_DEVICE_MAX_WORK_GROUP_SIZE, Sizeof.size_t);
        this.computeUnits = (int) Math.max(1, OpenClPlatforms.infoLong(deviceId, CL.CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint));
        this.nativeFloatWidth = (int) OpenClPlatforms.infoLong(deviceId, CL.CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT, Sizeof.cl_uint);
        this.maxAlloc = OpenClPlatforms.infoLong(deviceId, CL_DEVICE_MAX_MEM_ALLOC_SIZE, Sizeof.cl_ulong);
        this.allocLimit = maxAlloc;
        this.globalMem = OpenClPlatforms.infoLong(deviceId, CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platform);
        this.context = clCreateContext(props, 1, new cl_device_id[] {deviceId}, null, null, null);
        this.queue = clCreateCommandQueue(context, deviceId, 0, null);
        this.programs = new ProgramCache(context, deviceId);
        this.derivedBudget = derivedBudgetFromProperty(globalMem);
    }

    /** The device's name (CL_DEVICE_NAME). */
    String deviceName() {
        return deviceName;
    }

    /** The device's compute units (CL_DEVICE_MAX_COMPUTE_UNITS; at least 1). */
    int computeUnits() {
        return computeUnits;
    }

    /** Floats in the device's native vector (CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT: 8 for AVX2, 16 for AVX-512). */
    int nativeFloatWidth() {
        return nativeFloatWidth;
    }

    /** The device's largest work-group size (CL_DEVICE_MAX_WORK_GROUP_SIZE). */
    long maxWorkGroupSize() {
        return maxWorkGroupSize;
    }

    /** Buffers allocated on the device and not yet released: tensors, scratch, derived weights (for leak checks). */
    long liveBuffers() {
        return live[0].get();
    }

    /** Bytes of the {@link #liveBuffers()}. */
    long liveBytes() {
        return live[1].get();
    }

    /** The device's global memory (CL_DEVICE_GLOBAL_MEM_SIZE), in bytes. */
    long memoryBytes() {
        return globalMem;
    }

    /** The device's largest single buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE), in bytes. */
    long maxAllocationBytes() {
        return allocLimit;
    }

    /**
     * Lowers the largest buffer this device will allocate (tests: the paths that avoid buffers
     * too large for a device); at most the device's own limit.
     */
    synchronized void limitAllocation(long bytes) {
        allocLimit = Math.min(bytes, maxAlloc);
    }

    // ---------------------------------------------------------------- variants

    /** The op families with numbered kernel variants, each with one line per variant (v1 first). */
    static Map<String, List<String>> variants() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(ConvKernels.FAMILY, ConvKernels.VARIANTS);
        m.put(GemmKernels.FAMILY, GemmKernels.VARIANTS);
        return m;
    }

    /**
     * Forces variant {@code v} (1-based) of an op family for every later call, or 0 to let the
     * device choose per shape (the default).
     */
    synchronized void useVariant(String family, int v) {
        List<String> list = variants().get(family);
        if (list == null) {
            throw new IllegalArgumentException("no kernel family '" + family + "'; known: " + variants().keySet());
        }
        if (v < 0 || v > list.size()) {
            throw new IllegalArgumentException(family + " has variants 1.." + list.size() + " (0 = automatic), not " + v);
        }
        forcedVariants.put(family, v);
    }

    /** The forced variant of a family, or 0 for automatic. */
    synchronized int forcedVariant(String family) {
        return forcedVariants.getOrDefault(family, 0);
    }

    // ---------------------------------------------------------------- OpenCL plumbing for the launchers

    cl_kernel kernel(Class<?> anchor, String file, String options, String name) {
        return programs.kernel(anchor, file, options, name);
    }

    /** Builds a program (tests use this to check build errors). */
    void buildProgram(Class<?> anchor, String file, String options) {
        programs.program(anchor, file, options);
    }

    /** A local-memory argument of {@code bytes} bytes. */
    record Local(long bytes) {
    }

    /**
     * Sets the arguments ({@link ClBuffer}, Integer, Float, Long as a 64-bit integer, {@link Local})
     * and enqueues the kernel. The global size is rounded up to a multiple of the local size
     * (kernels check their bounds); without a local size, {@link #defaultLocal} chooses one.
     *
     * <p>A buffer passed where the kernel declares a pointer without {@code const} is written: the
     * buffers derived from its contents are dropped before the kernel is enqueued. One passed where
     * the kernel declares {@code const} (or {@code __constant}) is only read and keeps them. The
     * kernel's own declaration decides ({@link #writes}), so a launcher cannot get it wrong.
     */
    void launch(cl_kernel k, long[] global, long[] local, Object... args) {
        KernelInfo info = info(k);
        if (local == null) {
            local = defaultLocal(info, global);
        }
        long[] g = global.clone();
        for (int i = 0; i < g.length; i++) {
            if (g[i] <= 0) {
                return; // nothing to do
            }
            if (local != null) {
                g[i] = (g[i] + local[i] - 1) / local[i] * local[i];
            }
        }
        synchronized (k) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a instanceof ClBuffer b) {
                    CL.clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(b.mem));
                    if (info.writes(i)) {
                        b.written();
                    }
                } else if (a instanceof Integer v) {
                    CL.clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
                } else if (a instanceof Float v) {
                    CL.clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
                } else if (a instanceof Long v) {
                    CL.clSetKernelArg(k, i, Sizeof.cl_long, Pointer.to(new long[] {v}));
                } else if (a instanceof Local l) {
                    CL.clSetKernelArg(k, i, l.bytes(), null);
                } else {
                    throw new IllegalArgumentException("kernel argument " + i + " of unknown kind: " + a);
                }
            }
            try {
                clEnqueueNDRangeKernel(queue, k, g.length, null, g, local, 0, null, null);
            } catch (CLException e) {
                int s = e.getStatus();
                if (s == CL_MEM_OBJECT_ALLOCATION_FAILURE || s == CL_OUT_OF_RESOURCES || s == CL_OUT_OF_HOST_MEMORY) {
                    // some runtimes allocate buffers lazily, at the first kernel that uses them
                    throw new DeviceMemoryException("opencl: out of device memory running kernel " + info.name()
                            + " on " + deviceName + " (device memory " + describeBytes(globalMem) + "; "
                            + CL.stringFor_errorCode(s) + ")", 0, e);
                }
                throw e;
            }
        }
    }

    /**
     * What the plumbing knows of a kernel, read once from the runtime: its name, the largest
     * work-group it can run (within the device's), and which arguments it writes.
     */
    private record KernelInfo(String name, long groupLimit, boolean[] written) {
        boolean writes(int arg) {
            return arg >= written.length || written[arg];
        }
    }

    private final Map<cl_kernel, KernelInfo> kernelInfo = new java.util.concurrent.ConcurrentHashMap<>();

    private KernelInfo info(cl_kernel k) {
        return kernelInfo.computeIfAbsent(k, this::describe);
    }

    private KernelInfo describe(cl_kernel k) {
        long[] limit = new long[1];
        clGetKernelWorkGroupInfo(k, deviceId, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(limit), null);
        int[] count = new int[1];
        CL.clGetKernelInfo(k, CL.CL_KERNEL_NUM_ARGS, Sizeof.cl_uint, Pointer.to(count), null);
        boolean[] written = new boolean[count[0]];
        for (int i = 0; i < written.length; i++) {
            written[i] = !readOnly(k, i);
        }
        return new KernelInfo(kernelName(k), Math.min(limit[0], maxWorkGroupSize), written);
    }

    /**
     * Whether the kernel declares argument {@code i} {@code const} or {@code __constant} (programs
     * are built with {@code -cl-kernel-arg-info}); false where the runtime cannot say, so that a
     * buffer there counts as written (its derived buffers are computed again, never stale).
     */
    private static boolean readOnly(cl_kernel k, int i) {
        try {
            long[] q = new long[1];
            CL.clGetKernelArgInfo(k, i, CL.CL_KERNEL_ARG_TYPE_QUALIFIER, Sizeof.cl_ulong, Pointer.to(q), null);
            return (q[0] & CL.CL_KERNEL_ARG_TYPE_CONST) != 0;
        } catch (CLException e) {
            return false; // CL_KERNEL_ARG_INFO_NOT_AVAILABLE
        }
    }

    /** Which arguments of kernel {@code k} it writes, by position (tests check the declarations). */
    boolean[] writes(cl_kernel k) {
        return info(k).written().clone();
    }

    /**
     * The default work-group: up to {@link #DEFAULT_GROUP} work-items along the first dimension
     * (within the kernel's and the device's limits), one along the others. Leaving the choice to
     * the runtime can give tiny groups (a divisor of an odd size), whose scheduling then costs more
     * than the work; only the first dimension is rounded up, so kernels need only check that one
     * and their own explicit bounds.
     */
    private static long[] defaultLocal(KernelInfo k, long[] global) {
        long want = Math.min(DEFAULT_GROUP, k.groupLimit());
        long l0 = 1;
        while (l0 * 2 <= want && l0 < global[0]) {
            l0 *= 2;
        }
        long[] local = new long[global.length];
        java.util.Arrays.fill(local, 1);
        local[0] = l0;
        return local;
    }

    /** Work-items per default work-group (a host-side tuning knob). */
    static final int DEFAULT_GROUP = 64;

    private static String kernelName(cl_kernel k) {
        try {
            long[] size = new long[1];
            CL.clGetKernelInfo(k, CL.CL_KERNEL_FUNCTION_NAME, 0, null, size);
            byte[] b = new byte[(int) size[0]];
            CL.clGetKernelInfo(k, CL.CL_KERNEL_FUNCTION_NAME, b.length, Pointer.to(b), null);
            return OpenClPlatforms.cString(b);
        } catch (CLException e) {
            return "(unnamed)";
        }
    }

    /** One-dimensional launch over {@code n} work-items, with the default work-group. */
    void launch1d(cl_kernel k, long n, Object... args) {
        launch(k, new long[] {n}, null, args);
    }

    /** The largest power of two no larger than {@code wanted} that the kernel can run as a work-group. */
    int localSize(cl_kernel k, int wanted) {
        long limit = Math.min(info(k).groupLimit(), wanted);
        int s = 1;
        while (s * 2L <= limit) {
            s *= 2;
        }
        return s;
    }

    /**
     * The buffer behind a tensor of this device (views resolved). Whether an op reads or writes it
     * is the kernel's to say ({@link #launch}); host writes go through {@link #writeFloats}.
     */
    ClBuffer buffer(Tensor t) {
        return buffer(t.storage(), t.toString());
    }

    ClBuffer buffer(IntTensor t) {
        return buffer(t.storage(), t.toString());
    }

    /**
     * A buffer of {@code bytes} computed from the contents of {@code t} by {@code fill} (which
     * enqueues the kernels that write it), kept under {@code key} until {@code t} is written or
     * closed, so that the next call with the same tensor skips the work: a convolution's weights,
     * transposed or transformed, when the weights stay the same from call to call (a loaded net).
     * The key names everything besides t's contents that the result depends on. Past the cache's
     * budget ({@link OpenClDevice#DERIVED_CACHE_PROPERTY}), or when the device cannot allocate the buffer, the
     * result goes to the scratch buffer of {@code role}, computed again on every call.
     *
     * <p>A kernel that writes the tensor ({@link #launch}) or a host write ({@link #writeFloats})
     * drops the buffer before it is enqueued; a thread
     * writing a tensor while another thread's op reads it races here as anywhere.
     */
    synchronized ClBuffer derived(Tensor t, String key, long bytes, String role, Consumer<ClBuffer> fill) {
        ClBuffer root = buffer(t.storage(), t.toString());
        ClBuffer kept = root.derived(key);
        if (kept != null) {
            return kept;
        }
        ClBuffer b = null;
        if (derivedBytes.get() + bytes <= derivedBudget) {
            try {
                b = createBuffer(Math.max(bytes, 4), role + " (kept with its tensor)");
            } catch (DeviceMemoryException e) {
                // the cache never fails a call that works without it: computed per call instead
            }
        }
        if (b == null) {
            ClBuffer m = scratch(role, bytes);
            fill.accept(m);
            return m;
        }
        try {
            fill.accept(b);
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        root.putDerived(key, b);
        return b;
    }

    /** Bytes held by derived buffers now. */
    long derivedBytes() {
        return derivedBytes.get();
    }

    /** The derived buffers' budget in bytes. */
    synchronized long derivedBudget() {
        return derivedBudget;
    }

    /** Sets the derived buffers' budget in bytes (tests; 0 turns the cache off). */
    synchronized void setDerivedBudget(long bytes) {
        derivedBudget = bytes;
    }

    private static long derivedBudgetFromProperty(long globalMem) {
        String p = System.getProperty(OpenClDevice.DERIVED_CACHE_PROPERTY);
        if (p == null || p.isBlank()) {
            return globalMem / 4;
        }
        try {
            long mib = Long.parseLong(p.trim());
            if (mib < 0) {
                throw new NumberFormatException();
            }
            return mib << 20;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + OpenClDevice.DERIVED_CACHE_PROPERTY + "=" + p
                    + ": expected a number of MiB (0 or more)");
        }
    }

    private static ClBuffer buffer(Storage s, String what) {
        if (s instanceof Tensor.SharedStorage v) {
            s = v.root();
        } else if (s instanceof Tensor.ChannelSlice v) {
            s = v.target(); // the ops that take slices pass its offset and stride to their kernels
        }
        if (s instanceof ClBuffer b) {
            if (b.isClosed()) {
                throw new IllegalStateException(what + " has been closed");
            }
            return b;
        }
        throw new IllegalArgumentException(what + " is not an OpenCL tensor");
    }

    /**
     * A scratch buffer of at least {@code bytes} for one role (im2col columns, transposed copies),
     * kept and grown between calls; the in-order queue makes reuse safe.
     */
    synchronized ClBuffer scratch(String role, long bytes) {
        ClBuffer b = scratch.get(role);
        if (b == null || b.bytes() < bytes) {
            if (b != null) {
                b.close();
            }
            b = createBuffer(Math.max(bytes, 4), "scratch buffer for " + role);
            scratch.put(role, b);
        }
        return b;
    }

    /** A buffer freed by the caller with {@link ClBuffer#close()} (release is deferred past pending commands). */
    ClBuffer temporary(long bytes, String what) {
        return createBuffer(Math.max(bytes, 4), what);
    }

    /** A buffer of exactly {@code bytes}, zero-filled (a tensor's storage). */
    ClBuffer createBuffer(long bytes, String what) {
        long limit = allocLimit;
        if (bytes > limit) {
            throw new DeviceMemoryException("opencl: cannot allocate " + describeBytes(bytes) + " for " + what
                    + ": " + deviceName + " allows at most " + describeBytes(limit) + " per buffer (device memory "
                    + describeBytes(globalMem) + ")", bytes, null);
        }
        try {
            cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
            ClBuffer b = new ClBuffer(m, bytes, derivedBytes, live);
            clEnqueueFillBuffer(queue, m, Pointer.to(new float[] {0f}), Sizeof.cl_float, 0, bytes, 0, null, null);
            return b;
        } catch (CLException e) {
            int s = e.getStatus();
            if (s == CL_MEM_OBJECT_ALLOCATION_FAILURE || s == CL_OUT_OF_RESOURCES || s == CL_OUT_OF_HOST_MEMORY) {
                throw new DeviceMemoryException("opencl: out of device memory allocating " + describeBytes(bytes)
                        + " for " + what + " on " + deviceName + " (device memory " + describeBytes(globalMem)
                        + "; " + CL.stringFor_errorCode(s) + ")", bytes, e);
            }
            throw e;
        }
    }

    static String describeBytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return bytes + " bytes";
        }
        double mib = bytes / (1024.0 * 1024.0);
        return mib < 1024 ? String.format(Locale.ROOT, "%.1f MiB (%d bytes)", mib, bytes)
                : String.format(Locale.ROOT, "%.2f GiB (%d bytes)", mib / 1024, bytes);
    }

    /** Reads {@code count} floats of a buffer, waiting for the commands before. */
    float[] readFloats(ClBuffer b, int count) {
        float[] out = new float[count];
        clEnqueueReadBuffer(queue, b.mem, CL_TRUE, 0, 4L * count, Pointer.to(out), 0, null, null);
        return out;
    }

    int[] readInts(ClBuffer b, int count) {
        int[] out = new int[count];
        clEnqueueReadBuffer(queue, b.mem, CL_TRUE, 0, 4L * count, Pointer.to(out), 0, null, null);
        return out;
    }

    /**
     * Reads {@code items} runs of {@code len} floats, {@code stride} apart from element {@code offset}
     * on (a channel slice), packed one after the other, in one rectangular transfer.
     */
    float[] readFloats(ClBuffer b, int offset, int len, int stride, int items) {
        float[] out = new float[len * items];
        clEnqueueReadBufferRect(queue, b.mem, CL_TRUE, new long[] {4L * offset, 0, 0}, new long[] {0, 0, 0},
                new long[] {4L * len, items, 1}, 4L * stride, 0, 4L * len, 0, Pointer.to(out), 0, null, null);
        return out;
    }

    /** Writes packed runs of {@code len} floats to {@code stride}-apart places from {@code offset} (a channel slice). */
    void writeFloats(ClBuffer b, int offset, int len, int stride, float[] src) {
        b.written();
        clEnqueueWriteBufferRect(queue, b.mem, CL_TRUE, new long[] {4L * offset, 0, 0}, new long[] {0, 0, 0},
                new long[] {4L * len, src.length / len, 1}, 4L * stride, 0, 4L * len, 0, Pointer.to(src), 0, null,
                null);
    }

    /** Writes the start of a buffer from the host: the buffers derived from its contents are dropped. */
    void writeFloats(ClBuffer b, float[] src) {
        b.written();
        clEnqueueWriteBuffer(queue, b.mem, CL_TRUE, 0, 4L * src.length, Pointer.to(src), 0, null, null);
    }

    void writeInts(ClBuffer b, int[] src) {
        b.written();
        clEnqueueWriteBuffer(queue, b.mem, CL_TRUE, 0, 4L * src.length, Pointer.to(src), 0, null, null);
    }

    /** Waits for every enqueued command. */
    void synchronize() {
        clFinish(queue);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        clFinish(queue);
        scratch.values().forEach(ClBuffer::close);
        scratch.clear();
        programs.close();
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
