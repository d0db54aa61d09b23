/**
 * Making images by optimization: class models and units, adversarial and fooling images, feature
 * inversion, DeepDream, texture synthesis and neural style. One class per algorithm; every
 * iterative one is an {@link org.convscope.vis.optimize.Iterative} with a static {@code init},
 * {@code step()} and {@code result()}, so the caller owns the loop (the {@code convscope}
 * commands drive it with progress lines and save every N-th iterate).
 *
 * <table>
 * <caption>The algorithms</caption>
 * <tr><th>class</th><th>reference</th><th>minimizes or maximizes</th><th>update</th><th>command</th></tr>
 * <tr><td>{@link org.convscope.vis.optimize.ClassModel}</td><td>Simonyan et al. 2014; Yosinski et al. 2015</td>
 *     <td>max a class score or unit ({@link org.convscope.vis.optimize.Objective})</td>
 *     <td>normalized gradient ascent, L2 decay, blur, jitter, clipping, pixel box</td><td>{@code classmodel}</td></tr>
 * <tr><td>{@link org.convscope.vis.optimize.Fgsm}</td><td>Goodfellow et al. 2014</td>
 *     <td>one signed step up the cross-entropy</td><td>{@code x + eps sign(g)}</td><td>{@code adversarial}</td></tr>
 * <tr><td>{@link org.convscope.vis.optimize.TargetedAttack}</td><td>after Szegedy et al. 2013</td>
 *     <td>min cross-entropy of a target, small perturbation</td><td>normalized steps, shrink, box</td>
 *     <td>{@code adversarial}, {@code fool --method gradient}</td></tr>
 * <tr><td>{@link org.convscope.vis.optimize.FeatureInversion}</td><td>Mahendran and Vedaldi 2015</td>
 *     <td>min code loss + alpha-norm + TV ({@link org.convscope.tensor.Device#absPow}, {@link org.convscope.tensor.Device#totalVariation})</td>
 *     <td>momentum on the normalized gradient</td><td>{@code invert}</td></tr>
 * <tr><td>{@link org.convscope.vis.optimize.DeepDream}</td><td>Mordvintsev et al. 2015</td>
 *     <td>max 1/2 |activations|^2</td><td>normalized ascent, jitter, octaves</td><td>{@code deepdream}</td></tr>
 * <tr><td>{@link org.convscope.vis.optimize.NeuralStyle}</td><td>Gatys et al. 2015</td>
 *     <td>min Gram (style) + content + TV losses ({@link org.convscope.vis.optimize.GramLoss})</td>
 *     <td>{@link org.convscope.vis.optimize.Lbfgs} or {@link org.convscope.vis.optimize.Adam}</td>
 *     <td>{@code texture}, {@code style}</td></tr>
 * <tr><td>{@link org.convscope.vis.optimize.FoolingEvolution}</td><td>Nguyen et al. 2015</td>
 *     <td>max class probability, every class</td><td>MAP-Elites, polynomial mutation, forward passes only</td>
 *     <td>{@code fool}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Net net = DemoModel.load(Devices.defaultDevice());
 * Shape in = Shape.of(1, 3, 56, 56);
 * ClassModel cm = ClassModel.init(Objective.classScore(net, in, "fc8", 3), start,
 *         ClassModel.Settings.defaults(DemoModel.SCALE).withJitter(2), PixelBox.of(DemoModel.preprocessing(), in, net.device()));
 * while (!cm.done()) { cm.step(); log(cm.iteration(), cm.losses()); }
 * if (cm.diverged() != null) System.err.println(cm.diverged().message());   // the last good iterate is kept
 * cm.outcome(DemoModel.SCALE).warnings().forEach(System.err::println);       // did not rise, collapsed, saturated
 * Tensor x = cm.result();
 *
 * Classifier c = Classifier.of(net);
 * Tensor adv = Fgsm.attack(c, x, label, 0.1f, lo, hi);
 * NeuralStyle e = NeuralStyle.init(net, content, content.shape(), List.of(new NeuralStyle.Weighted("conv3", 1)),
 *         List.of(style), new float[] {1}, styleLayers, 1f, 1000f, 0f);
 * Lbfgs opt = Lbfgs.init(e, content, new Lbfgs.Settings(100, 10, 2f / 64, 30));
 * }</pre>
 *
 * <p>Images are preprocessed tensors (mean removed, scaled) on the net's device; steps given in
 * grey levels by the commands are multiplied by the preprocessing scale. Everything stays on the
 * device between steps: a step reads back only the scalars of its loss terms (the clipping's
 * percentiles are found by bisection on device counts, the priors, Adam's moments and the
 * evolution's mutation are device ops); the evolution alone reads a small matrix per generation,
 * its offspring's class scores, which its selection needs. {@code StaysOnDeviceTest} counts it.
 * A loss term that becomes NaN, infinite or explodes stops a run with a
 * {@link org.convscope.vis.optimize.Diverged} naming the step and the term; the iterate before is kept.
 */
package org.convscope.vis.optimize;
