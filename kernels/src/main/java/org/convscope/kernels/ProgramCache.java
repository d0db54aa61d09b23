package org.convscope.kernels;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseProgram;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Programs of one context, each built once from a {@code .cl} resource and a set of build
 * options, with their kernels. The sources are read from the class path next to the launcher
 * class that names them; tuning knobs are {@code -D} options, so one file with two option sets is
 * two programs.
 */
final class ProgramCache implements AutoCloseable {
    /**
     * Every program is OpenCL C 1.2 (nothing newer is used), with its kernels' argument
     * declarations kept: the launch plumbing reads which buffers a kernel writes from them.
     */
    static final String BASE_OPTIONS = "-cl-std=CL1.2 -cl-kernel-arg-info";

    private final cl_context context;
    private final cl_device_id device;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();

    ProgramCache(cl_context context, cl_device_id device) {
        this.context = context;
        this.device = device;
    }

    /** The resource path of {@code file} next to {@code anchor}, e.g. {@code org/convscope/kernels/conv.cl}. */
    static String resourcePath(Class<?> anchor, String file) {
        String pkg = anchor.getPackageName().replace('.', '/');
        return pkg.isEmpty() ? file : pkg + "/" + file;
    }

    /** The kernel {@code name} of {@code file} (next to {@code anchor}) built with {@code options}. */
    synchronized cl_kernel kernel(Class<?> anchor, String file, String options, String name) {
        String key = resourcePath(anchor, file) + "|" + options + "|" + name;
        cl_kernel k = kernels.get(key);
        if (k == null) {
            k = clCreateKernel(program(anchor, file, options), name, null);
            kernels.put(key, k);
        }
        return k;
    }

    /** The program of {@code file} with {@code options}, built on first use. */
    synchronized cl_program program(Class<?> anchor, String file, String options) {
        String path = resourcePath(anchor, file);
        String key = path + "|" + options;
        cl_program p = programs.get(key);
        if (p == null) {
            p = build(path, readSource(anchor, file, path), options);
            programs.put(key, p);
        }
        return p;
    }

    private static String readSource(Class<?> anchor, String file, String path) {
        try (InputStream in = anchor.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("OpenCL kernel file " + path + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenCL kernel file " + path, e);
        }
    }

    private cl_program build(String path, String source, String options) {
        cl_program p = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        String all = (BASE_OPTIONS + " " + options).trim();
        try {
            clBuildProgram(p, 1, new cl_device_id[] {device}, all, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            clReleaseProgram(p);
            throw new KernelBuildException(path, all, log, e);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] bytes = new byte[(int) size[0]];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
            int len = bytes.length;
            while (len > 0 && bytes[len - 1] == 0) {
                len--;
            }
            return new String(bytes, 0, len, StandardCharsets.UTF_8).strip();
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        kernels.values().forEach(k -> clReleaseKernel(k));
        programs.values().forEach(p -> clReleaseProgram(p));
        kernels.clear();
        programs.clear();
    }
}
