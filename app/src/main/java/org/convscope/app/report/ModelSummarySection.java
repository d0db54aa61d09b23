package org.convscope.app.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convscope.nn.ModelSummary;

/** The model summary: per layer output shape, parameters, multiply-adds, receptive field. */
final class ModelSummarySection implements ReportSection {
    @Override
    public String id() {
        return "summary";
    }

    @Override
    public String title() {
        return "Model summary";
    }

    @Override
    public String explanation() {
        return "Every layer with the shape of its output, its learned parameters, the multiply-adds of one forward "
                + "pass (FLOPs are twice that) and the receptive field of one output unit in input pixels (size / "
                + "stride): the numbers usually counted by hand.";
    }

    @Override
    public SectionResult run(Context c) {
        ModelSummary s = ModelSummary.of(c.net());
        List<List<String>> rows = new ArrayList<>();
        for (ModelSummary.Row row : s.rows()) {
            rows.add(List.of(row.layer(), row.type(), String.valueOf(row.outputShape()), count(row.parameters()),
                    count(row.multiplyAdds()), row.field() == null ? "" : row.field().toString()));
        }
        rows.add(List.of("total", "", "", count(s.totalParameters()), count(s.totalMultiplyAdds()), ""));
        SectionResult r = SectionResult.of();
        r.setting("net", s.name());
        r.setting("input", String.valueOf(s.inputShape()));
        r.table(new SectionResult.Table(List.of("layer", "type", "output", "parameters", "multiply-adds",
                "receptive field"), rows, List.of(false, false, false, true, true, false)));
        return r;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
