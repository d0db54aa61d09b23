/**
 * The demo model shipped in the jar ({@link org.convscope.vis.demo.DemoModel}): a small
 * AlexNet-shaped net trained by ConvScope on the procedural shapes, so that every visualization
 * runs with nothing downloaded ({@code convscope ... --model demo}). {@code convscope train-demo}
 * re-creates it; its resources folder has a README with the architecture, data and accuracy.
 */
package org.convscope.vis.demo;
