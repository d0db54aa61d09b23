/**
 * Internal: file-writing plumbing shared by the modules ({@code AtomicFiles}). Not part of the
 * library's API; it may change without notice. The API of this module is {@code org.convscope.tensor}
 * and the CPU device in {@code org.convscope.tensor.cpu}.
 */
package org.convscope.tensor.io;
