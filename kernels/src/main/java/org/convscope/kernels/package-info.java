/** The OpenCL device: kernels as {@code .cl} resources next to their launchers. */
package org.convscope.kernels;
