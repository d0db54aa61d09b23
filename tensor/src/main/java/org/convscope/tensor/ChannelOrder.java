package org.convscope.tensor;

/** The order of the three colour channels along a tensor's channel axis: Caffe models use BGR, images on screen RGB. */
public enum ChannelOrder {
    /** Red, green, blue (PyTorch, most image libraries). */
    RGB,
    /** Blue, green, red (Caffe, OpenCV). */
    BGR
}
