/** Visualization algorithms, rendering, the HTML report and the {@code convscope} command line. */
package org.convscope.vis;
