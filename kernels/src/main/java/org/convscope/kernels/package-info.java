/**
 * The OpenCL device: kernels as {@code .cl} resources next to their launchers.
 *
 * <p>{@link org.convscope.kernels.OpenClDevice} implements every op of
 * {@link org.convscope.tensor.Device}; {@link org.convscope.kernels.OpenClProvider} makes it
 * findable ({@code -Dconvscope.device=opencl}). Applications never name this package: they get the
 * device from {@link org.convscope.tensor.Devices}. One {@code .cl} file per op family, each with its
 * launcher class beside it:
 * <ul>
 * <li>{@code conv.cl} / {@code ConvKernels} (which chooses the variant; v2 and v3 in
 *     {@code ConvLowering}, v4 in {@code ConvImplicit}, v5 and v6 in {@code ConvWinograd}):
 *     convolution forward, backward-data, backward-weights;
 *     v1 naive direct, v2 im2col + register-tiled GEMM, v3 im2col written in 32-column panels + the
 *     panel GEMM (strided and small maps, backward-weights on small maps), v4 implicit GEMM on a
 *     zero-padded copy (stride 1, strided backward-data through phase planes; backward-weights on
 *     large maps), v5 Winograd F(2x2, 3x3) (3x3 at stride 1 on maps of 14 x 14 to 27 x 27), v6
 *     Winograd F(4x4, 3x3) (from 28 x 28), v7 direct 3x3 backward-data into few channels (the
 *     image's gradient), v8 pointwise (1x1) forward and backward-data as a GEMM on the planes in
 *     place; the device chooses per shape;</li>
 * <li>{@code gemm.cl} / {@code GemmKernels}: GEMM on strided operands (transposes, groups),
 *     v1 naive, v2 register-tiled (TM x 32 per work-item, float16 loads), v3 dot products for the
 *     small-batch fully connected forward, v4 panel-packed (6 x 16 tile on 8-wide vectors, 6 x 32
 *     on others; batched), v5 wide rows for its backward;</li>
 * <li>{@code pool.cl}, {@code lrn.cl}, {@code softmax.cl}, {@code image.cl} (channel concat/split,
 *     blur, shift, resize, crop/pad): one work-item per output element or run of elements; every
 *     backward is a gather (no two work-items write the same element, so nothing races);</li>
 * <li>{@code elementwise.cl} / {@code ElementwiseKernels}: element-wise maths and the optimizers'
 *     updates, one work-item per run of {@code VEC} elements;</li>
 * <li>{@code reduce.cl} / {@code ReduceKernels}: sums, dot products, norms, max/argmax and counts,
 *     one partial per work-group added on the host in double;</li>
 * <li>{@code pixels.cl} / {@code PixelKernels}: per-pixel maps across channels (norm, dot product),
 *     zeroing pixels by such a map, total variation;</li>
 * <li>{@code random.cl} / {@code RandomKernels}: counter-based uniform and normal fills, the same
 *     bytes as the CPU device's;</li>
 * <li>{@code peak.cl} / {@code PeakKernels}: the device's fma ceiling, for the benchmarks.</li>
 * </ul>
 * The numbered variants, one line each, are {@code ConvKernels.VARIANTS} and
 * {@code GemmKernels.VARIANTS} ({@link org.convscope.kernels.OpenClDevice#variants()}); the parity
 * test runs every one, and {@code KernelsPackageDocsTest} checks that this page names every variant
 * and every {@code .cl} file. Tuning knobs are {@code #ifndef} macros ({@code TM}, {@code TN},
 * {@code MB}, {@code NB}, {@code VEC}) that build options override (each launcher lists its builds in
 * {@code BUILDS}); each (file, options) program is built once per context ({@code ProgramCache}).
 * Kernels are OpenCL C 1.2 and size their work-groups from the limits the device reports.
 *
 * <p>Every launcher extends {@code Launcher} and is built on the device's {@code OpenClContext}
 * (context, queue, programs, buffers, the derived-weights cache, the launch plumbing); it passes
 * buffers to {@code OpenClContext.launch}, and the kernel's declaration says which it writes: a
 * {@code __global} pointer without {@code const} is written, and the buffers derived from that
 * tensor are dropped. Declare what a kernel only reads {@code const}.
 */
package org.convscope.kernels;
