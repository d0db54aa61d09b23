package org.convscope.nn.caffe;

import java.util.List;

/**
 * One layer of a net definition, as read from a prototxt (current {@code layer} or legacy V1
 * {@code layers} entries are both given here with the current string type names).
 *
 * @param name    the layer name ({@code conv1})
 * @param type    the current-format type name ({@code Convolution}; V1's {@code CONVOLUTION} is translated)
 * @param bottoms names of the input blobs
 * @param tops    names of the output blobs (a top equal to a bottom makes the layer in place)
 * @param params  the whole layer message: the typed parameters are read from its sub-messages
 *                ({@code convolution_param}, {@code pooling_param}, ...) with Caffe's defaults
 */
public record LayerDef(String name, String type, List<String> bottoms, List<String> tops, Message params) {

    public LayerDef {
        bottoms = List.copyOf(bottoms);
        tops = List.copyOf(tops);
    }

    /** The named parameter sub-message, empty when absent (so that defaults apply). */
    public Message param(String field) {
        return params.messageOrEmpty(field);
    }

    /** True when some top is also a bottom (Caffe's in-place computation, e.g. {@code relu1} on {@code conv1}). */
    public boolean inPlace() {
        for (String t : tops) {
            if (bottoms.contains(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name + " (" + type + ")";
    }

    /** This definition in current-format field names (a V1 definition translated): what a caffemodel stores. */
    public Message currentFormat() {
        Message m = new Message().addString("name", name).addString("type", type);
        for (String b : bottoms) {
            m.addString("bottom", b);
        }
        for (String t : tops) {
            m.addString("top", t);
        }
        for (Message.Field f : params.fields()) {
            if (f.message() != null && f.name().endsWith("_param")) {
                m.add(f.name(), f.message());
            }
        }
        return m;
    }
}
