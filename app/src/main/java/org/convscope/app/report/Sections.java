package org.convscope.app.report;

import java.util.List;

/** The report's sections, in page order: the one place to add an algorithm to the report. */
public final class Sections {
    private Sections() {
    }

    /** Every section ConvScope has. */
    public static List<ReportSection> all() {
        return List.of(
                new ClassificationSection(),
                new ModelSummarySection(),
                new WeightsSection(),
                new SaliencySection(),
                new GuidedBackpropSection(),
                new DeconvnetSection(),
                new GradCamSection(),
                new SmoothGradSection(),
                new IntegratedGradientsSection(),
                new ClassContrastSection(),
                new TsneSection(),
                new NeighboursSection());
    }
}
