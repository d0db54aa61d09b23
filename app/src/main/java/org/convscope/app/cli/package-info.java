/**
 * Internal: the {@code convscope} command line (one picocli command class per subcommand, the
 * shared option mixins). It wires options to the {@code vis} library and renders; it is an
 * application, not an API for other programs, which use {@code org.convscope.vis} and
 * {@code org.convscope.nn} instead.
 */
package org.convscope.app.cli;
