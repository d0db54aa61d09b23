/**
 * Attribution: which input pixels a class score or a unit depends on, by one backward pass (or a
 * few dozen) through {@link org.convscope.nn.Net#backward}. One class per method; each returns
 * tensors and numbers, and {@link org.convscope.vis.attribution.AttributionImages} draws them.
 *
 * <table>
 * <caption>The methods</caption>
 * <tr><th>class</th><th>reference</th><th>start signal</th><th>ReLU rule</th><th>result</th></tr>
 * <tr><td>{@link org.convscope.vis.attribution.Saliency}</td><td>Simonyan et al. 2014</td>
 *     <td>1 on {@code s_y}</td><td>standard</td><td>{@code d s_y / d x}, {@code max_c |.|}</td></tr>
 * <tr><td>{@link org.convscope.vis.attribution.Deconvnet}</td><td>Zeiler and Fergus 2014</td>
 *     <td>the unit's activation</td><td>deconvnet</td><td>the projection</td></tr>
 * <tr><td>{@link org.convscope.vis.attribution.GuidedBackprop}</td><td>Springenberg et al. 2015</td>
 *     <td>1 on a class or unit</td><td>guided</td><td>the guided gradient</td></tr>
 * <tr><td>{@link org.convscope.vis.attribution.GradCam}</td><td>Selvaraju et al. 2017</td>
 *     <td>1 on {@code s_y}</td><td>standard</td><td>weighted, rectified maps of a conv layer</td></tr>
 * <tr><td>{@link org.convscope.vis.attribution.GuidedGradCam}</td><td>Selvaraju et al. 2017</td>
 *     <td colspan="2">both of the above</td><td>their product</td></tr>
 * <tr><td>{@link org.convscope.vis.attribution.SmoothGrad}</td><td>Smilkov et al. 2017</td>
 *     <td>1 on {@code s_y}, n noisy inputs</td><td>standard or guided</td><td>the mean gradient</td></tr>
 * <tr><td>{@link org.convscope.vis.attribution.IntegratedGradients}</td><td>Sundararajan et al. 2017</td>
 *     <td>1 on {@code s_y}, m+1 path points</td><td>standard</td><td>{@code (x - x')} times the path mean</td></tr>
 * </table>
 *
 * <pre>{@code
 * Net net = Net.load(prototxt, caffemodel, Devices.cpu());
 * String scores = ClassScores.scoreBlob(net);              // "fc8": before the softmax
 * Saliency.Result s = Saliency.compute(net, x, scores, 281);
 * Deconvnet.Result d = Deconvnet.project(net, x, "conv5", Unit.channelMax(12));
 * GradCam.Result cam = GradCam.compute(net, x, scores, 281, GradCam.defaultLayer(net));
 * IntegratedGradients.Result ig = IntegratedGradients.compute(net, x, zeros, scores, 281, 50,
 *         IntegratedGradients.Rule.TRAPEZOID, 10);           // ig.relativeGap(): the completeness check
 * }</pre>
 */
package org.convscope.vis.attribution;
