package org.convscope.nn.caffe;

import java.io.IOException;

/**
 * A Caffe file (prototxt, caffemodel, binaryproto) that cannot be read: truncated, corrupt, not
 * of the expected kind, or disagreeing with the net it is loaded into. The message names the file
 * and says where and why.
 */
public class CaffeFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaffeFormatException(String message) {
        super(message);
    }

    public CaffeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
