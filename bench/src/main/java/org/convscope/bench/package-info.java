/** JMH benchmarks of the kernels and the networks. */
package org.convscope.bench;
