package org.convscope.kernels;

import java.util.List;

import org.jocl.cl_kernel;

/**
 * The Java side of one {@code .cl} file: a launcher built on the device's {@link OpenClContext},
 * taking its kernels by name ({@link #k}) and enqueueing them with {@link OpenClContext#launch}.
 * {@link #build} builds every program the launcher uses (its file with each set of options), so
 * that a kernel the device's compiler rejects shows when the device opens.
 */
abstract class Launcher {
    final OpenClContext ctx;
    private final String file;
    private final String options;
    private final List<String> builds;

    /** A launcher of {@code file} whose kernels are built with {@code options}, and only those. */
    Launcher(OpenClContext ctx, String file, String options) {
        this(ctx, file, options, List.of(options));
    }

    /**
     * A launcher of {@code file} whose kernels are built with {@code options} unless a call names
     * others; {@code builds} lists every set of options it uses.
     */
    Launcher(OpenClContext ctx, String file, String options, List<String> builds) {
        this.ctx = ctx;
        this.file = file;
        this.options = options;
        this.builds = builds;
    }

    /** Kernel {@code name} of the launcher's file, built with its options. */
    final cl_kernel k(String name) {
        return ctx.kernel(getClass(), file, options, name);
    }

    /** Kernel {@code name} of the launcher's file, built with {@code buildOptions}. */
    final cl_kernel k(String buildOptions, String name) {
        return ctx.kernel(getClass(), file, buildOptions, name);
    }

    /** Builds every program this launcher uses. */
    final void build() {
        for (String o : builds) {
            ctx.buildProgram(getClass(), file, o);
        }
    }
}
