package org.convscope.kernels;

import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convscope.tensor.DeviceUnavailableException;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL platforms and devices of this machine: which device to open ({@link #choose}) and
 * the device information queries ({@code clGetDeviceInfo}, {@code clGetPlatformInfo}) as Java values.
 */
final class OpenClPlatforms {
    private OpenClPlatforms() {
    }

    /** A device and its platform. */
    record Choice(cl_platform_id platform, cl_device_id device) {
    }

    /**
     * The first GPU (or the device whose name contains {@code -Dconvscope.opencl.device}), else
     * the first OpenCL device of any kind.
     *
     * @throws DeviceUnavailableException when there is no OpenCL runtime, no platform or no device
     */
    static Choice choose() throws DeviceUnavailableException {
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
        String wanted = System.getProperty(OpenClDevice.DEVICE_PROPERTY, "").toLowerCase(Locale.ROOT);
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
        return new Choice(bestPlatform, best);
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

    static String infoString(cl_platform_id p) {
        long[] size = new long[1];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, b.length, Pointer.to(b), null);
        return cString(b);
    }

    static String infoString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, b.length, Pointer.to(b), null);
        return cString(b);
    }

    static String cString(byte[] b) {
        int len = b.length;
        while (len > 0 && b[len - 1] == 0) {
            len--;
        }
        return new String(b, 0, len, StandardCharsets.UTF_8).strip();
    }

    static long infoLong(cl_device_id d, int param, int bytes) {
        if (bytes == Sizeof.cl_uint) {
            int[] v = new int[1];
            clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
            return v[0];
        }
        long[] v = new long[1];
        clGetDeviceInfo(d, param, bytes, Pointer.to(v), null);
        return v[0];
    }
}
