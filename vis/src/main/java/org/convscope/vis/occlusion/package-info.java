/**
 * Algorithm 4, occlusion sensitivity (Zeiler &amp; Fergus 2014).
 *
 * <pre>{@code
 * Occlusion.Result r = Occlusion.run(net, x, -1, new Occlusion.Settings(32, 8, null, 64), null);
 * r.classMap();   // p(class) per square position; r.dropMap(): baseline - p; r.topClass(): argmax per position
 * BufferedImage fig = new OcclusionFigure(OcclusionFigure.DEFAULT_MIN_TILE, 0.6).render(picture, r, String::valueOf);
 * }</pre>
 */
package org.convscope.vis.occlusion;
