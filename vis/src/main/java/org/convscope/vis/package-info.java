/**
 * Visualization algorithms and rendering: the library an application embeds. The {@code convscope}
 * command line, the HTML report and the explorer are in the {@code app} module, on top of this one.
 */
package org.convscope.vis;
