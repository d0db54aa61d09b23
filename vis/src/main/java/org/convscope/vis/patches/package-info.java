/**
 * Algorithm 3, maximally activating patches, with algorithm 5's figure (Zeiler &amp; Fergus: the
 * top-9 deconvnet and guided-backprop projections beside their patches).
 *
 * <pre>{@code
 * ImageSource images = MnistImages.open(idx, MnistImages.LENET_SCALE, 0);        // or new FolderImages(files, pre, grey)
 * MaxPatches.Result top = MaxPatches.find(net, images,
 *         MaxPatches.Request.channels("conv2", List.of(0, 1, 2)), null);        // pass 1: streams, keeps k per channel
 * List<List<MaxPatches.Projection>> p = MaxPatches.project(net, images, top);    // pass 2: only the hit images
 * BufferedImage fig = new PatchFigure(pre::deprocess, Display.of(Display.Mode.CENTRED),
 *         ChannelOrder.BGR, PatchFigure.DEFAULT_MIN_TILE).render(top, p);
 * }</pre>
 */
package org.convscope.vis.patches;
