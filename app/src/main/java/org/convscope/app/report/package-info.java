/**
 * The HTML report of {@code convscope demo} and {@code convscope report}: one page, a section per
 * algorithm.
 *
 * <ul>
 * <li>{@link org.convscope.app.report.ReportSection}: one algorithm (id, title, two-line
 *     explanation, {@code run}); one class each ({@code SaliencySection}, {@code TsneSection}, ...).</li>
 * <li>{@link org.convscope.app.report.Sections#all()}: the list, in page order.</li>
 * <li>{@link org.convscope.app.report.Context}: what a section runs on (net, preprocessing, images,
 *     class names, score blob, optional labelled data set and code layer, output folder, quick, seed).</li>
 * <li>{@link org.convscope.app.report.SectionResult}: rows of pictures with captions and lines of
 *     text, settings, notes, an optional table; or {@code skipped(reason)}.</li>
 * <li>{@link org.convscope.app.report.Report}: runs the sections (progress lines, times, failures
 *     kept to their section) and writes {@code index.html}: inline CSS, no external resources,
 *     pictures as relative links, and a small inline script that marks images that failed to load
 *     (for the headless-browser test).</li>
 * </ul>
 *
 * <p>Adding an algorithm, e.g. occlusion sensitivity:
 * <pre>{@code
 * final class OcclusionSection extends PerImageSection {      // or implements ReportSection
 *     public String id() { return "occlusion"; }
 *     public String title() { return "Occlusion sensitivity (Zeiler & Fergus 2014)"; }
 *     public String explanation() { return "..."; }
 *     void settings(Context c, SectionResult r) { r.setting("patch", c.quick() ? 16 : 8); }
 *     List<SectionResult.Figure> explain(Context c, int i, int cls, List<String> lines) throws Exception {
 *         Tensor map = Occlusion.compute(c.net(), c.images().get(i).x(), c.scoreBlob(), cls, ...);
 *         return List.of(c.figure(file(i, "map"), c.drawing().heat(map), "probability drop"));
 *     }
 * }
 * }</pre>
 * then one line in {@link org.convscope.app.report.Sections#all()}. Keep {@code --quick} sizes small
 * (the demo runs in the test suite) and take every random choice from {@code c.seed()} so that the
 * same settings write the same pictures; the end-to-end test checks both for every listed section.
 */
package org.convscope.app.report;
