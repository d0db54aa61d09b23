package org.convscope.vis.render;

/** The order of the three colour channels in a tensor: Caffe models use BGR, images on screen RGB. */
public enum ChannelOrder {
    RGB,
    BGR
}
