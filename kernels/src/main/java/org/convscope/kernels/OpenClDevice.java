package org.convscope.kernels;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_OUT_OF_HOST_MEMORY;
import static org.jocl.CL.CL_OUT_OF_RESOURCES;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.convscope.tensor.ConvSpec;
import org.convscope.tensor.Device;
import org.convscope.tensor.DeviceUnavailableException;
import org.convscope.tensor.IntTensor;
import org.convscope.tensor.LrnSpec;
import org.convscope.tensor.OpChecks;
import org.convscope.tensor.PoolSpec;
import org.convscope.tensor.ReluMode;
import org.convscope.tensor.Shape;
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
 * The OpenCL device: tensors in {@code cl_mem} buffers, one in-order command queue, and a
 * hand-written kernel for every op of {@link Device}.
 *
 * <p>Each op family has its {@code .cl} file and a launcher class beside it
 * ({@link ConvKernels}, {@link GemmKernels}, {@link PoolKernels}, {@link LrnKernels},
 * {@link SoftmaxKernels}, {@link ElementwiseKernels}, {@link ReduceKernels}, {@link ImageKernels},
 * {@link PixelKernels}, {@link RandomKernels}).
 * This class owns the OpenCL objects, checks every call's arguments with {@link OpChecks} before
 * anything is enqueued, and hands buffers to the launchers. Ops are enqueued asynchronously; reads
 * ({@link #read}, the reductions, the loss) wait for them.
 *
 * <p>Ops with several kernel variants (numbered, v1 the plain one) run the best one for each shape
 * unless {@link #useVariant} forces one; the tests run every variant.
 *
 * <p>Ops that use the device's scratch buffers (convolutions, GEMM, Gram, LRN backward) hold the
 * device's lock while they enqueue, so several threads may share one device.
 *
 * <p>The kernels are OpenCL C 1.2, sized from the device's queried limits: nothing assumes a
 * particular runtime, and the same code runs on a GPU.
 */
public final class OpenClDevice implements Device {
    /** System property: a substring of the OpenCL device name to prefer (otherwise a GPU, else any). */
    public static final String DEVICE_PROPERTY = "convscope.opencl.device";

    /**
     * System property: MiB of device memory for buffers derived from weights and kept between calls
     * ({@link #derived}); by default a quarter of the device's memory, 0 turns the cache off.
     */
    public static final String DERIVED_CACHE_PROPERTY = "convscope.opencl.weightCacheMiB";

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

    final ElementwiseKernels elementwise;
    final ReduceKernels reduce;
    final GemmKernels gemm;
    final ConvKernels conv;
    final PoolKernels pool;
    final LrnKernels lrn;
    final SoftmaxKernels softmax;
    final ImageKernels image;
    final PixelKernels pixels;
    final RandomKernels random;

    private OpenClDevice(cl_platform_id platform, cl_device_id deviceId) {
        this.deviceId = deviceId;
        this.deviceName = infoString(deviceId, CL_DEVICE_NAME);
        this.maxWorkGroupSize = infoLong(deviceId, CL_DEVICE_MAX_WORK_GROUP_SIZE, Sizeof.size_t);
        this.computeUnits = (int) Math.max(1, infoLong(deviceId, CL.CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint));
        this.nativeFloatWidth = (int) infoLong(deviceId, CL.CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT, Sizeof.cl_uint);
        this.maxAlloc = infoLong(deviceId, CL_DEVICE_MAX_MEM_ALLOC_SIZE, Sizeof.cl_ulong);
        this.allocLimit = maxAlloc;
        this.globalMem = infoLong(deviceId, CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platform);
        this.context = clCreateContext(props, 1, new cl_device_id[] {deviceId}, null, null, null);
        this.queue = clCreateCommandQueue(context, deviceId, 0, null);
        this.programs = new ProgramCache(context, deviceId);
        this.derivedBudget = derivedBudgetFromProperty(globalMem);
        this.elementwise = new ElementwiseKernels(this);
        this.reduce = new ReduceKernels(this);
        this.gemm = new GemmKernels(this);
        this.conv = new ConvKernels(this);
        this.pool = new PoolKernels(this);
        this.lrn = new LrnKernels(this);
        this.softmax = new SoftmaxKernels(this);
        this.image = new ImageKernels(this);
        this.pixels = new PixelKernels(this);
        this.random = new RandomKernels(this);
    }

    /**
     * Opens the first GPU (or the device whose name contains {@code -Dconvscope.opencl.device}),
     * else the first OpenCL device of any kind, and builds its kernels.
     *
     * @throws DeviceUnavailableException when there is no OpenCL runtime, no platform, no device,
     *                                    or a kernel file that the device's compiler rejects (the
     *                                    message carries the file name and the build log)
     */
    public static OpenClDevice open() throws DeviceUnavailableException {
        try {
            CL.setExceptionsEnabled(true);
        } catch (LinkageError e) {
            throw new DeviceUnavailableException("no OpenCL runtime: the JOCL native library or libOpenCL could not"
                    + " be loaded (" + e.getMessage() + "); install an OpenCL driver, e.g. the pocl-opencl-icd"
                    + " package for the CPU", e);
        }
        List<cl_platform_id> platforms;
        try {
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            cl_platform_id[] ids = new cl_platform_id[count[0]];
            clGetPlatformIDs(ids.length, ids, null);
            platforms = List.of(ids);
        } catch (CLException e) {
            platforms = List.of();
        }
        if (platforms.isEmpty()) {
            throw new DeviceUnavailableException("no OpenCL platform is installed (the OpenCL loader found no driver);"
                    + " install one, e.g. the pocl-opencl-icd package for the CPU");
        }
        String wanted = System.getProperty(DEVICE_PROPERTY, "").toLowerCase(Locale.ROOT);
        cl_platform_id bestPlatform = null;
        cl_device_id best = null;
        int bestRank = -1;
        List<String> seen = new ArrayList<>();
        for (cl_platform_id p : platforms) {
            for (long type : new long[] {CL_DEVICE_TYPE_GPU, CL_DEVICE_TYPE_ACCELERATOR, CL_DEVICE_TYPE_ALL}) {
                for (cl_device_id d : devices(p, type)) {
                    String name = infoString(d, CL_DEVICE_NAME);
                    seen.add(name);
                    int rank = !wanted.isEmpty() && name.toLowerCase(Locale.ROOT).contains(wanted) ? 3
                            : type == CL_DEVICE_TYPE_GPU ? 2 : type == CL_DEVICE_TYPE_ACCELERATOR ? 1 : 0;
                    if (rank > bestRank) {
                        bestRank = rank;
                        best = d;
                        bestPlatform = p;
                    }
                }
            }
        }
        if (best == null) {
            List<String> names = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                names.add(infoString(p));
            }
            throw new DeviceUnavailableException("the OpenCL platform(s) " + names + " have no device");
        }
        OpenClDevice device;
        try {
            device = new OpenClDevice(bestPlatform, best);
        } catch (CLException e) {
            throw new DeviceUnavailableException("OpenCL device " + infoString(best, CL_DEVICE_NAME)
                    + " could not be opened: " + e.getMessage(), e);
        }
        try {
            device.buildAll();
        } catch (KernelBuildException e) {
            device.close();
            throw new DeviceUnavailableException("OpenCL device " + device.deviceName + " cannot build its kernels: "
                    + e.getMessage(), e);
        }
        return device;
    }

    /**
     * Builds every program the ops use, so that a kernel this device's compiler rejects shows at
     * {@link #open()} (and {@link org.convscope.tensor.Devices} falls back to the CPU) rather than in
     * the middle of a computation. Runtimes cache compiled programs, so this is slow only once.
     */
    private void buildAll() {
        for (Class<?> launcher : List.of(ElementwiseKernels.class, ReduceKernels.class, PoolKernels.class,
                LrnKernels.class, SoftmaxKernels.class, ImageKernels.class, PixelKernels.class, RandomKernels.class,
                ConvKernels.class, GemmKernels.class)) {
            for (String options : buildsOf(launcher)) {
                programs.program(launcher, fileOf(launcher), options);
            }
        }
    }

    private static String fileOf(Class<?> launcher) {
        try {
            return (String) launcher.getDeclaredField("FILE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(launcher + " names no kernel file", e);
        }
    }

    /** The build options a launcher uses: its {@code BUILDS} list, or the plain build alone. */
    @SuppressWarnings("unchecked")
    private static List<String> buildsOf(Class<?> launcher) {
        try {
            return (List<String>) launcher.getDeclaredField("BUILDS").get(null);
        } catch (NoSuchFieldException e) {
            return List.of("");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(launcher + "'s BUILDS cannot be read", e);
        }
    }

    private static List<cl_device_id> devices(cl_platform_id p, long type) {
        try {
            int[] count = new int[1];
            clGetDeviceIDs(p, type, 0, null, count);
            cl_device_id[] ids = new cl_device_id[count[0]];
            clGetDeviceIDs(p, type, ids.length, ids, null);
            return List.of(ids);
        } catch (CLException e) {
            return List.of(); // CL_DEVICE_NOT_FOUND for this type
        }
    }

    private static String infoString(cl_platform_id p) {
        long[] size = new long[1];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, b.length, Pointer.to(b), null);
        return cString(b);
    }

    private static String infoString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, b.length, Pointer.to(b), null);
        return cString(b);
    }

    private static String cString(byte[] b) {
        int len = b.length;
        while (len > 0 && b[len - 1] == 0) {
            len--;
        }
        return new String(b, 0, len, StandardCharsets.UTF_8).strip();
    }

    private static long infoLong(cl_device_id d, int param, int bytes) {
        if (bytes == Sizeof.cl_uint) {
            int[] v = new int[1];
            clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
            return v[0];
        }
        long[] v = new long[1];
        clGetDeviceInfo(d, param, bytes, Pointer.to(v), null);
        return v[0];
    }

    @Override
    public String name() {
        return "opencl:" + deviceName;
    }

    /** The device's compute units (CL_DEVICE_MAX_COMPUTE_UNITS; at least 1). */
    public int computeUnits() {
        return computeUnits;
    }

    /** Floats in the device's native vector (CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT: 8 for AVX2, 16 for AVX-512). */
    public int nativeFloatWidth() {
        return nativeFloatWidth;
    }

    /** The device's largest work-group size (CL_DEVICE_MAX_WORK_GROUP_SIZE). */
    public long maxWorkGroupSize() {
        return maxWorkGroupSize;
    }

    private final java.util.concurrent.atomic.AtomicLong[] live = {
        new java.util.concurrent.atomic.AtomicLong(), new java.util.concurrent.atomic.AtomicLong()};

    /** Buffers allocated on the device and not yet released: tensors, scratch, derived weights (for leak checks). */
    public long liveBuffers() {
        return live[0].get();
    }

    /** Bytes of the {@link #liveBuffers()}. */
    public long liveBytes() {
        return live[1].get();
    }

    /** The device's global memory (CL_DEVICE_GLOBAL_MEM_SIZE), in bytes. */
    @Override
    public long memoryBytes() {
        return globalMem;
    }

    /** The device's largest single buffer (CL_DEVICE_MAX_MEM_ALLOC_SIZE), in bytes. */
    public long maxAllocationBytes() {
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
    public static Map<String, List<String>> variants() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(ConvKernels.FAMILY, ConvKernels.VARIANTS);
        m.put(GemmKernels.FAMILY, GemmKernels.VARIANTS);
        return m;
    }

    /**
     * Forces variant {@code v} (1-based) of an op family for every later call, or 0 to let the
     * device choose per shape (the default).
     */
    public synchronized void useVariant(String family, int v) {
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
     * Sets the arguments (cl_mem, Integer, Float, Long as a 64-bit integer, {@link Local}) and enqueues the kernel. The
     * global size is rounded up to a multiple of the local size (kernels check their bounds);
     * without a local size, {@link #defaultLocal} chooses one.
     */
    void launch(cl_kernel k, long[] global, long[] local, Object... args) {
        if (local == null) {
            local = defaultLocal(k, global);
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
                if (a instanceof cl_mem m) {
                    CL.clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
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
                    throw new DeviceMemoryException("opencl: out of device memory running " + kernelName(k)
                            + " on " + deviceName + " (device memory " + describeBytes(globalMem) + "; "
                            + CL.stringFor_errorCode(s) + ")", 0, e);
                }
                throw e;
            }
        }
    }

    private final Map<cl_kernel, Long> kernelGroupLimits = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The default work-group: up to {@link #DEFAULT_GROUP} work-items along the first dimension
     * (within the kernel's and the device's limits), one along the others. Leaving the choice to
     * the runtime can give tiny groups (a divisor of an odd size), whose scheduling then costs more
     * than the work; only the first dimension is rounded up, so kernels need only check that one
     * and their own explicit bounds.
     */
    long[] defaultLocal(cl_kernel k, long[] global) {
        long limit = kernelGroupLimits.computeIfAbsent(k, kk -> {
            long[] v = new long[1];
            clGetKernelWorkGroupInfo(kk, deviceId, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(v), null);
            return Math.min(v[0], maxWorkGroupSize);
        });
        long want = Math.min(DEFAULT_GROUP, limit);
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
            return "kernel " + cString(b);
        } catch (CLException e) {
            return "a kernel";
        }
    }

    /** One-dimensional launch over {@code n} work-items, with the default work-group. */
    void launch1d(cl_kernel k, long n, Object... args) {
        launch(k, new long[] {n}, null, args);
    }

    /** The largest power of two no larger than {@code wanted} that the kernel can run as a work-group. */
    int localSize(cl_kernel k, int wanted) {
        long[] v = new long[1];
        clGetKernelWorkGroupInfo(k, deviceId, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(v), null);
        long limit = Math.min(Math.min(v[0], maxWorkGroupSize), wanted);
        int s = 1;
        while (s * 2L <= limit) {
            s *= 2;
        }
        return s;
    }

    /**
     * The buffer behind a tensor of this device (views resolved), for an op that may write it: the
     * buffers derived from its contents are dropped. Inputs read through {@link #in} keep them.
     */
    cl_mem mem(Tensor t) {
        ClBuffer b = buffer(t.storage(), t.toString());
        b.written();
        return b.mem;
    }

    /** The buffer behind a tensor that the op only reads. */
    cl_mem in(Tensor t) {
        return buffer(t.storage(), t.toString()).mem;
    }

    /**
     * A buffer of {@code bytes} computed from the contents of {@code t} by {@code fill} (which
     * enqueues the kernels that write it), kept under {@code key} until {@code t} is written or
     * closed, so that the next call with the same tensor skips the work: a convolution's weights,
     * transposed or transformed, when the weights stay the same from call to call (a loaded net).
     * The key names everything besides t's contents that the result depends on. Past the cache's
     * budget ({@link #DERIVED_CACHE_PROPERTY}), or when the device cannot allocate the buffer, the
     * result goes to the scratch buffer of {@code role}, computed again on every call.
     *
     * <p>Writes through {@link #mem} drop the buffer before the writing op is enqueued; a thread
     * writing a tensor while another thread's op reads it races here as anywhere.
     */
    synchronized cl_mem derived(Tensor t, String key, long bytes, String role, Consumer<cl_mem> fill) {
        ClBuffer root = buffer(t.storage(), t.toString());
        ClBuffer kept = root.derived(key);
        if (kept != null) {
            return kept.mem;
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
            cl_mem m = scratch(role, bytes);
            fill.accept(m);
            return m;
        }
        try {
            fill.accept(b.mem);
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        root.putDerived(key, b);
        return b.mem;
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
        String p = System.getProperty(DERIVED_CACHE_PROPERTY);
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
            throw new IllegalArgumentException("-D" + DERIVED_CACHE_PROPERTY + "=" + p
                    + ": expected a number of MiB (0 or more)");
        }
    }

    cl_mem mem(IntTensor t) {
        return buffer(t.storage(), t.toString()).mem;
    }

    private static ClBuffer buffer(Storage s, String what) {
        if (s instanceof Tensor.SharedStorage v) {
            s = v.root();
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
    synchronized cl_mem scratch(String role, long bytes) {
        ClBuffer b = scratch.get(role);
        if (b == null || b.bytes() < bytes) {
            if (b != null) {
                b.close();
            }
            b = createBuffer(Math.max(bytes, 4), "scratch buffer for " + role);
            scratch.put(role, b);
        }
        return b.mem;
    }

    /** A buffer freed by the caller with {@link ClBuffer#close()} (release is deferred past pending commands). */
    ClBuffer temporary(long bytes, String what) {
        return createBuffer(Math.max(bytes, 4), what);
    }

    private ClBuffer createBuffer(long bytes, String what) {
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

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor allocate(Shape shape) {
        return new Tensor(this, shape, createBuffer(4L * shape.size(), "a float tensor of shape " + shape));
    }

    @Override
    public IntTensor allocateInt(Shape shape) {
        return new IntTensor(this, shape, createBuffer(4L * shape.size(), "an int tensor of shape " + shape));
    }

    @Override
    public void write(Tensor t, float[] src) {
        OpChecks.sameDevice("write", this, t);
        if (src.length != t.size()) {
            throw new IllegalArgumentException("write: " + src.length + " values for " + t);
        }
        clEnqueueWriteBuffer(queue, mem(t), CL_TRUE, 0, 4L * src.length, Pointer.to(src), 0, null, null);
    }

    @Override
    public float[] read(Tensor t) {
        OpChecks.sameDevice("read", this, t);
        float[] out = new float[t.size()];
        clEnqueueReadBuffer(queue, in(t), CL_TRUE, 0, 4L * out.length, Pointer.to(out), 0, null, null);
        return out;
    }

    @Override
    public void write(IntTensor t, int[] src) {
        if (t.device() != this) {
            throw new IllegalArgumentException("write: " + t + " is not on device " + name());
        }
        if (src.length != t.size()) {
            throw new IllegalArgumentException("write: " + src.length + " values for " + t);
        }
        clEnqueueWriteBuffer(queue, mem(t), CL_TRUE, 0, 4L * src.length, Pointer.to(src), 0, null, null);
    }

    @Override
    public int[] read(IntTensor t) {
        if (t.device() != this) {
            throw new IllegalArgumentException("read: " + t + " is not on device " + name());
        }
        int[] out = new int[t.size()];
        clEnqueueReadBuffer(queue, mem(t), CL_TRUE, 0, 4L * out.length, Pointer.to(out), 0, null, null);
        return out;
    }

    /** Reads {@code count} floats of a raw buffer (the launchers' partial results). */
    float[] readFloats(cl_mem m, int count) {
        float[] out = new float[count];
        clEnqueueReadBuffer(queue, m, CL_TRUE, 0, 4L * count, Pointer.to(out), 0, null, null);
        return out;
    }

    int[] readInts(cl_mem m, int count) {
        int[] out = new int[count];
        clEnqueueReadBuffer(queue, m, CL_TRUE, 0, 4L * count, Pointer.to(out), 0, null, null);
        return out;
    }

    void writeFloats(cl_mem m, float[] src) {
        clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, 4L * src.length, Pointer.to(src), 0, null, null);
    }

    void writeInts(cl_mem m, int[] src) {
        clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, 4L * src.length, Pointer.to(src), 0, null, null);
    }

    @Override
    public void synchronize() {
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

    // ---------------------------------------------------------------- convolution

    @Override
    public synchronized void conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        OpChecks.sameDevice("conv2d", this, x, w, bias, y);
        OpChecks.conv2d(x, w, bias, spec, y);
        conv.forward(x, w, bias, spec, y);
    }

    @Override
    public synchronized void conv2dBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        OpChecks.sameDevice("conv2dBackwardData", this, dy, w, dx);
        OpChecks.conv2dBackwardData(dy, w, spec, dx);
        conv.backwardData(dy, w, spec, dx);
    }

    @Override
    public synchronized void conv2dBackwardWeights(Tensor x, Tensor dy, ConvSpec spec, Tensor dw, boolean accumulate) {
        OpChecks.sameDevice("conv2dBackwardWeights", this, x, dy, dw);
        OpChecks.conv2dBackwardWeights(x, dy, spec, dw);
        conv.backwardWeights(x, dy, spec, dw, accumulate);
    }

    @Override
    public void conv2dBackwardBias(Tensor dy, Tensor db, boolean accumulate) {
        OpChecks.sameDevice("conv2dBackwardBias", this, dy, db);
        OpChecks.conv2dBackwardBias(dy, db);
        Shape s = dy.shape();
        reduce.channelSum(mem(dy), s.n(), s.c(), s.h() * s.w(), mem(db), accumulate);
    }

    @Override
    public void addChannelBias(Tensor y, Tensor b) {
        OpChecks.sameDevice("addChannelBias", this, y, b);
        OpChecks.addChannelBias(y, b);
        Shape s = y.shape();
        elementwise.channelBias(mem(y), y.size(), s.dim(1), y.size() / (s.dim(0) * s.dim(1)), mem(b), true);
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void relu(Tensor x, Tensor y) {
        OpChecks.sameDevice("relu", this, x, y);
        OpChecks.elementwise("relu", x, y);
        elementwise.unary("kernel_relu_f32", mem(x), mem(y), x.size());
    }

    @Override
    public void reluBackward(Tensor x, Tensor dy, ReluMode mode, Tensor dx) {
        OpChecks.sameDevice("reluBackward", this, x, dy, dx);
        OpChecks.elementwise("reluBackward", x, dy, dx);
        elementwise.reluBackward(mem(x), mem(dy), mode, mem(dx), x.size());
    }

    @Override
    public void sigmoid(Tensor x, Tensor y) {
        OpChecks.sameDevice("sigmoid", this, x, y);
        OpChecks.elementwise("sigmoid", x, y);
        elementwise.unary("kernel_sigmoid_f32", mem(x), mem(y), x.size());
    }

    @Override
    public void sigmoidBackward(Tensor y, Tensor dy, Tensor dx) {
        OpChecks.sameDevice("sigmoidBackward", this, y, dy, dx);
        OpChecks.elementwise("sigmoidBackward", y, dy, dx);
        elementwise.binary("kernel_sigmoid_backward_f32", mem(y), mem(dy), mem(dx), y.size());
    }

    @Override
    public void tanh(Tensor x, Tensor y) {
        OpChecks.sameDevice("tanh", this, x, y);
        OpChecks.elementwise("tanh", x, y);
        elementwise.unary("kernel_tanh_f32", mem(x), mem(y), x.size());
    }

    @Override
    public void tanhBackward(Tensor y, Tensor dy, Tensor dx) {
        OpChecks.sameDevice("tanhBackward", this, y, dy, dx);
        OpChecks.elementwise("tanhBackward", y, dy, dx);
        elementwise.binary("kernel_tanh_backward_f32", mem(y), mem(dy), mem(dx), y.size());
    }

    // ---------------------------------------------------------------- pooling

    @Override
    public void maxPool(Tensor x, PoolSpec spec, Tensor y, IntTensor switches) {
        OpChecks.sameDevice("maxPool", this, x, y);
        checkIntDevice("maxPool", switches);
        OpChecks.maxPool(x, spec, y, switches);
        pool.max(mem(x), x.shape(), spec, mem(y), mem(switches), y.shape());
    }

    @Override
    public void maxUnpool(Tensor dy, IntTensor switches, PoolSpec spec, Tensor dx) {
        OpChecks.sameDevice("maxUnpool", this, dy, dx);
        checkIntDevice("maxUnpool", switches);
        OpChecks.maxUnpool(dy, switches, spec, dx);
        pool.unpool(mem(dy), mem(switches), dy.shape(), spec, mem(dx), dx.shape());
    }

    @Override
    public void avgPool(Tensor x, PoolSpec spec, Tensor y) {
        OpChecks.sameDevice("avgPool", this, x, y);
        OpChecks.avgPool("avgPool", x, spec, y);
        pool.avg(mem(x), x.shape(), spec, mem(y), y.shape());
    }

    @Override
    public void avgPoolBackward(Tensor dy, PoolSpec spec, Tensor dx) {
        OpChecks.sameDevice("avgPoolBackward", this, dy, dx);
        OpChecks.avgPool("avgPoolBackward", dx, spec, dy);
        pool.avgBackward(mem(dy), dy.shape(), spec, mem(dx), dx.shape());
    }

    private void checkIntDevice(String op, IntTensor t) {
        if (t.device() != this) {
            throw new IllegalArgumentException(op + ": " + t + " is not on device " + name()
                    + "; move it with Tensor.to(device)");
        }
    }

    // ---------------------------------------------------------------- normalization

    @Override
    public void lrn(Tensor x, LrnSpec spec, Tensor y) {
        OpChecks.sameDevice("lrn", this, x, y);
        OpChecks.lrn(x, y);
        lrn.forward(mem(x), x.shape(), spec, mem(y));
    }

    @Override
    public synchronized void lrnBackward(Tensor x, Tensor y, Tensor dy, LrnSpec spec, Tensor dx) {
        OpChecks.sameDevice("lrnBackward", this, x, y, dy, dx);
        OpChecks.lrnBackward(x, y, dy, dx);
        lrn.backward(mem(x), mem(y), mem(dy), x.shape(), spec, mem(dx));
    }

    // ---------------------------------------------------------------- matrices

    @Override
    public synchronized void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        OpChecks.sameDevice("gemm", this, a, b, c);
        OpChecks.gemm(transA, transB, m, n, k, a, b, c);
        gemm.gemm(transA, transB, m, n, k, alpha, mem(a), 0, mem(b), 0, beta, mem(c), 0);
    }

    @Override
    public synchronized void gram(Tensor x, Tensor g) {
        OpChecks.sameDevice("gram", this, x, g);
        OpChecks.gram(x, g);
        Shape s = x.shape();
        int c = s.c();
        int hw = s.h() * s.w();
        if ((long) hw >= (long) ConvKernels.gramDotMinRatio * c) {
            conv.gram(in(x), s, mem(g));
            return;
        }
        for (int i = 0; i < s.n(); i++) {
            // g[i] = F F^T with F the C x HW matrix of item i
            gemm.gemm(false, true, c, c, hw, 1f, in(x), i * c * hw, in(x), i * c * hw, 0f, mem(g), i * c * c);
        }
    }

    @Override
    public synchronized void gramBackward(Tensor x, Tensor dg, Tensor dx) {
        OpChecks.sameDevice("gramBackward", this, x, dg, dx);
        OpChecks.gramBackward(x, dg, dx);
        Shape s = x.shape();
        int c = s.c();
        int hw = s.h() * s.w();
        cl_mem sym = scratch("gram symmetric gradient", 4L * s.n() * c * c);
        gemm.addTranspose(s.n(), c, in(dg), sym);
        for (int i = 0; i < s.n(); i++) {
            // dx[i] = (dg + dg^T) F
            gemm.gemm(false, false, c, hw, c, 1f, sym, i * c * c, mem(x), i * c * hw, 0f, mem(dx), i * c * hw);
        }
    }

    // ---------------------------------------------------------------- softmax and loss

    @Override
    public void softmax(Tensor x, Tensor y) {
        OpChecks.sameDevice("softmax", this, x, y);
        OpChecks.softmax(x, y);
        Shape s = x.shape();
        softmax.softmax(mem(x), s.dim(0), s.dim(1), s.size() / (s.dim(0) * s.dim(1)), mem(y));
    }

    @Override
    public float softmaxCrossEntropy(Tensor logits, int[] labels, Tensor dx) {
        OpChecks.sameDevice("softmaxCrossEntropy", this, logits, dx);
        OpChecks.softmaxCrossEntropy(logits, labels, dx);
        Shape s = logits.shape();
        return softmax.crossEntropy(mem(logits), s.dim(0), s.dim(1), labels, dx == null ? null : mem(dx));
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void add(Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDevice("add", this, a, b, y);
        OpChecks.elementwise("add", a, b, y);
        elementwise.binary("kernel_add_f32", mem(a), mem(b), mem(y), a.size());
    }

    @Override
    public void sub(Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDevice("sub", this, a, b, y);
        OpChecks.elementwise("sub", a, b, y);
        elementwise.binary("kernel_sub_f32", mem(a), mem(b), mem(y), a.size());
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDevice("mul", this, a, b, y);
        OpChecks.elementwise("mul", a, b, y);
        elementwise.binary("kernel_mul_f32", mem(a), mem(b), mem(y), a.size());
    }

    @Override
    public void scale(Tensor x, float alpha, Tensor y) {
        OpChecks.sameDevice("scale", this, x, y);
        OpChecks.elementwise("scale", x, y);
        elementwise.withScalar("kernel_scale_f32", alpha, mem(x), mem(y), x.size());
    }

    @Override
    public void addScalar(Tensor x, float s, Tensor y) {
        OpChecks.sameDevice("addScalar", this, x, y);
        OpChecks.elementwise("addScalar", x, y);
        elementwise.withScalar("kernel_add_scalar_f32", s, mem(x), mem(y), x.size());
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        OpChecks.sameDevice("axpy", this, x, y);
        OpChecks.elementwise("axpy", x, y);
        elementwise.withScalar("kernel_axpy_f32", alpha, mem(x), mem(y), x.size());
    }

    @Override
    public void clamp(Tensor x, float lo, float hi, Tensor y) {
        OpChecks.sameDevice("clamp", this, x, y);
        OpChecks.elementwise("clamp", x, y);
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " is above upper bound " + hi);
        }
        elementwise.clamp(mem(x), lo, hi, mem(y), x.size());
    }

    @Override
    public void fill(Tensor y, float value) {
        OpChecks.sameDevice("fill", this, y);
        elementwise.fill(mem(y), value, y.size());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        OpChecks.sameDevice("copy", this, src, dst);
        OpChecks.sameSize("copy", "source", src, "destination", dst);
        elementwise.copy(in(src), 0, mem(dst), 0, src.size());
    }

    @Override
    public void abs(Tensor x, Tensor y) {
        OpChecks.sameDevice("abs", this, x, y);
        OpChecks.elementwise("abs", x, y);
        elementwise.unary("kernel_abs_f32", mem(x), mem(y), x.size());
    }

    @Override
    public void sign(Tensor x, Tensor y) {
        OpChecks.sameDevice("sign", this, x, y);
        OpChecks.elementwise("sign", x, y);
        elementwise.unary("kernel_sign_f32", mem(x), mem(y), x.size());
    }

    @Override
    public void absPow(Tensor x, float p, Tensor y) {
        OpChecks.sameDevice("absPow", this, x, y);
        OpChecks.absPow("absPow", x, p, y, false);
        elementwise.withScalar("kernel_abs_pow_f32", p, mem(x), mem(y), x.size());
    }

    @Override
    public void absPowGradient(Tensor x, float p, Tensor y) {
        OpChecks.sameDevice("absPowGradient", this, x, y);
        OpChecks.absPow("absPowGradient", x, p, y, true);
        elementwise.withScalar("kernel_abs_pow_gradient_f32", p, mem(x), mem(y), x.size());
    }

    @Override
    public void adamUpdate(Tensor x, Tensor g, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                           int t) {
        OpChecks.sameDevice("adamUpdate", this, x, g, m, v);
        OpChecks.adamUpdate(x, g, m, v, lr, beta1, beta2, eps, t);
        float c1 = (float) (1 - Math.pow(beta1, t));
        float c2 = (float) (1 - Math.pow(beta2, t));
        elementwise.adamUpdate(mem(x), mem(g), mem(m), mem(v), lr, beta1, beta2, eps, c1, c2, x.size());
    }

    // ---------------------------------------------------------------- random fills

    @Override
    public void randomUniform(Tensor y, long seed, float lo, float hi) {
        OpChecks.sameDevice("randomUniform", this, y);
        OpChecks.randomUniform(lo, hi);
        random.uniform(mem(y), y.size(), seed, lo, hi);
    }

    @Override
    public void randomNormal(Tensor y, long seed, float mean, float std) {
        OpChecks.sameDevice("randomNormal", this, y);
        OpChecks.randomNormal(mean, std);
        random.normal(mem(y), y.size(), seed, mean, std);
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public float sum(Tensor x) {
        OpChecks.sameDevice("sum", this, x);
        return (float) reduce.sum(ReduceKernels.SUM, in(x), null, x.size());
    }

    @Override
    public float sumAbs(Tensor x) {
        OpChecks.sameDevice("sumAbs", this, x);
        return (float) reduce.sum(ReduceKernels.SUM_ABS, in(x), null, x.size());
    }

    @Override
    public float dot(Tensor a, Tensor b) {
        OpChecks.sameDevice("dot", this, a, b);
        OpChecks.sameSize("dot", "a", a, "b", b);
        return (float) reduce.sum(ReduceKernels.DOT, in(a), in(b), a.size());
    }

    @Override
    public float l2Norm(Tensor x) {
        OpChecks.sameDevice("l2Norm", this, x);
        return (float) Math.sqrt(reduce.sum(ReduceKernels.SUM_SQUARES, in(x), null, x.size()));
    }

    @Override
    public float max(Tensor x) {
        OpChecks.sameDevice("max", this, x);
        return reduce.argmax(in(x), x.size()).value();
    }

    @Override
    public int argmax(Tensor x) {
        OpChecks.sameDevice("argmax", this, x);
        return reduce.argmax(in(x), x.size()).index();
    }

    @Override
    public void oneHotArgmax(Tensor x, Tensor y) {
        OpChecks.sameDevice("oneHotArgmax", this, x, y);
        OpChecks.oneHotArgmax(x, y);
        reduce.oneHotArgmax(mem(x), x.shape().dim(0), x.shape().dim(1), mem(y));
    }

    @Override
    public int countBelow(Tensor x, float threshold) {
        OpChecks.sameDevice("countBelow", this, x);
        return reduce.countBelow(in(x), threshold, x.size());
    }

    // ---------------------------------------------------------------- channels

    @Override
    public void concatChannels(List<Tensor> xs, Tensor y) {
        OpChecks.sameDevice("concatChannels", this, xs.toArray(new Tensor[0]));
        OpChecks.sameDevice("concatChannels", this, y);
        OpChecks.concatChannels(xs, y);
        Shape s = y.shape();
        int plane = s.size() / (s.dim(0) * s.dim(1));
        int c0 = 0;
        for (Tensor x : xs) {
            int ci = x.shape().dim(1);
            image.copyChannels(s.dim(0), ci, plane, in(x), ci, 0, mem(y), s.dim(1), c0);
            c0 += ci;
        }
    }

    @Override
    public void splitChannels(Tensor x, List<Tensor> ys) {
        OpChecks.sameDevice("splitChannels", this, ys.toArray(new Tensor[0]));
        OpChecks.sameDevice("splitChannels", this, x);
        OpChecks.splitChannels(x, ys);
        Shape s = x.shape();
        int plane = s.size() / (s.dim(0) * s.dim(1));
        int c0 = 0;
        for (Tensor y : ys) {
            int ci = y.shape().dim(1);
            image.copyChannels(s.dim(0), ci, plane, in(x), s.dim(1), c0, mem(y), ci, 0);
            c0 += ci;
        }
    }

    // ---------------------------------------------------------------- per-pixel maps and regularizers

    @Override
    public void channelNorm(Tensor x, Tensor y) {
        OpChecks.sameDevice("channelNorm", this, x, y);
        OpChecks.channelNorm(x, y);
        pixels.channelReduce(in(x), null, x.shape(), mem(y));
    }

    @Override
    public void channelDot(Tensor a, Tensor b, Tensor y) {
        OpChecks.sameDevice("channelDot", this, a, b, y);
        OpChecks.channelDot(a, b, y);
        pixels.channelReduce(in(a), in(b), a.shape(), mem(y));
    }

    @Override
    public void zeroWhereBelow(Tensor x, Tensor map, float threshold, Tensor y) {
        OpChecks.sameDevice("zeroWhereBelow", this, x, map, y);
        OpChecks.zeroWhereBelow(x, map, y);
        pixels.zeroWhereBelow(mem(x), x.shape(), mem(map), threshold, mem(y));
    }

    @Override
    public float totalVariation(Tensor x, float beta, Tensor grad) {
        OpChecks.sameDevice("totalVariation", this, x, grad);
        OpChecks.totalVariation(x, beta, grad);
        return (float) pixels.totalVariation(in(x), x.shape(), beta, grad == null ? null : mem(grad));
    }

    // ---------------------------------------------------------------- image ops

    @Override
    public void gaussianBlur(Tensor x, float sigma, Tensor y) {
        OpChecks.sameDevice("gaussianBlur", this, x, y);
        OpChecks.imageOp("gaussianBlur", x, y, true);
        image.gaussianBlur(mem(x), x.shape(), sigma, mem(y));
    }

    @Override
    public void circularShift(Tensor x, int dy, int dx, Tensor y) {
        OpChecks.sameDevice("circularShift", this, x, y);
        OpChecks.imageOp("circularShift", x, y, true);
        image.circularShift(mem(x), x.shape(), dy, dx, mem(y));
    }

    @Override
    public void resizeBilinear(Tensor x, Tensor y) {
        OpChecks.sameDevice("resizeBilinear", this, x, y);
        OpChecks.imageOp("resizeBilinear", x, y, false);
        image.resizeBilinear(mem(x), x.shape(), mem(y), y.shape());
    }

    @Override
    public void cropPad(Tensor x, int top, int left, float fill, Tensor y) {
        OpChecks.sameDevice("cropPad", this, x, y);
        OpChecks.imageOp("cropPad", x, y, false);
        image.cropPad(mem(x), x.shape(), top, left, fill, mem(y), y.shape());
    }

    @Override
    public String toString() {
        return name();
    }
}
