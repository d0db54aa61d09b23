package org.convscope.kernels;

/** An OpenCL program that did not compile: names the {@code .cl} file and carries the compiler's log. */
public final class KernelBuildException extends RuntimeException {
    private final String file;
    private final String buildLog;

    KernelBuildException(String file, String options, String buildLog, Throwable cause) {
        super("OpenCL kernel file " + file + " failed to build"
                + (options.isEmpty() ? "" : " with options '" + options + "'") + "; compiler log:\n" + buildLog, cause);
        this.file = file;
        this.buildLog = buildLog;
    }

    /** The resource name of the {@code .cl} file, e.g. {@code org/convscope/kernels/conv.cl}. */
    public String file() {
        return file;
    }

    /** The compiler's build log. */
    public String buildLog() {
        return buildLog;
    }
}
