/** Layers, the net as a DAG of named blobs, Caffe model reading and writing, built-in architectures. */
package org.convscope.nn;
