/**
 * The application on top of the {@code vis} library: the {@code convscope} command line
 * ({@code org.convscope.app.cli}, picocli) and the HTML report ({@code org.convscope.app.report}).
 */
package org.convscope.app;
