package org.convscope.app.report;

/**
 * One section of the HTML report: one algorithm run on the report's images, its pictures, two
 * lines on how to read them, and the settings that shaped them.
 *
 * <p>To add an algorithm to {@code convscope demo} and {@code convscope report}: write a class
 * that implements this interface (see {@link SaliencySection} for a short one) and add one line
 * to {@link Sections#all()}. A section writes its pictures through {@link Context#png} (relative
 * names; the report links them), returns what it found in a {@link SectionResult}, and returns
 * {@link SectionResult#skipped} with a reason when it does not apply to the model (no 4-D blob,
 * no labelled data set, ...). The report times each section and catches its failures, so one
 * broken section leaves the others and the page intact.
 */
public interface ReportSection {
    /** Short identifier, used as the HTML anchor and the prefix of the section's file names. */
    String id();

    /** Heading, e.g. "Saliency map (Simonyan et al. 2014)". */
    String title();

    /** Two lines: what the picture shows and how to read it. */
    String explanation();

    /** Runs the algorithm on the context's images and writes its pictures. */
    SectionResult run(Context context) throws Exception;
}
