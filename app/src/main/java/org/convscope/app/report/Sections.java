package org.convscope.app.report;

import java.util.List;

/** The report's sections, in page order: the one place to add an algorithm to the report. */
public final class Sections {
    private Sections() {
    }

    /** Every section ConvScope has. */
    public static List<ReportSection> all() {
        return join(onImages(), List.of(new SmoothGradSection(), new IntegratedGradientsSection(),
                new ClassContrastSection()), datasets());
    }

    /**
     * The sections of {@code convscope demo} on a real ImageNet net and photos: classification, the
     * model summary, conv1's filters, saliency, guided backprop, deconvnet, Grad-CAM, occlusion, the
     * class models of the given classes, DeepDream on {@code dreamLayer}.
     */
    public static List<ReportSection> imagenet(String dreamLayer, int... classModels) {
        return join(onImages(), List.of(new OcclusionSection(), new ClassModelSection(classModels),
                new DeepDreamSection(dreamLayer)));
    }

    /** What every report shows first: classification, the model summary, the first filters, four attributions. */
    private static List<ReportSection> onImages() {
        return List.of(new ClassificationSection(), new ModelSummarySection(), new WeightsSection(),
                new SaliencySection(), new GuidedBackpropSection(), new DeconvnetSection(), new GradCamSection());
    }

    @SafeVarargs
    private static List<ReportSection> join(List<ReportSection>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }

    /** The sections that need a labelled data set of many images: t-SNE of the codes, nearest neighbours. */
    public static List<ReportSection> datasets() {
        return List.of(new TsneSection(), new NeighboursSection());
    }

    /**
     * A section that runs on its own context whatever context the report passes (a report over two
     * nets: the data-set sections of the demo run on the shapes model); its title ends with
     * {@code " - " + on}.
     */
    public static ReportSection on(Context own, String on, ReportSection section) {
        return new ReportSection() {
            @Override
            public String id() {
                return section.id();
            }

            @Override
            public String title() {
                return section.title() + " - " + on;
            }

            @Override
            public String explanation() {
                return section.explanation();
            }

            @Override
            public SectionResult run(Context ignored) throws Exception {
                return section.run(own);
            }
        };
    }
}
