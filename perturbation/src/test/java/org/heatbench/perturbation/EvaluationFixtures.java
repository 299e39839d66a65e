package org.heatbench.perturbation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.synth.SyntheticBeat;
import org.heatbench.datasets.truth.RelevanceMask;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.OnnxScorer;
import org.heatbench.perturbation.eval.PerturbationEvaluator;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.RecordInput;

/**
 * A varied set of record evaluations for the statistics tests: three methods, records with and without truth and
 * masks, a NaN attribution, a constant attribution, the standard preset with a short schedule.
 */
final class EvaluationFixtures {
    static final int LEADS = 8;
    static final int SAMPLES = 600;
    static final List<String> METHODS = List.of("a", "b", "c");
    static final PerturbationConfig CONFIG = PerturbationConfig.standard(Target.QT).withSchedule(Schedule.of(30));

    private EvaluationFixtures() {
    }

    static List<RecordEvaluation> records(int n) {
        OnnxModel model = TestModels.smallCnn(LEADS, SAMPLES, 17);
        UniformRandomProvider rng = RandomSource.XO_SHI_RO_256_PP.create(23L);
        List<RecordInput> in = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            SyntheticBeat beat = Fixtures.beat(300 + r);
            float[] x = beat.noisy();
            Map<String, float[]> attr = new LinkedHashMap<>();
            for (String m : METHODS) {
                float[] a = new float[x.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (rng.nextDouble() * (m.equals("a") ? Math.abs(x[i]) : 1.0));
                }
                attr.put(m, a);
            }
            if (r == 3) {
                attr.get("b")[17] = Float.NaN;
            }
            if (r == 5) {
                Arrays.fill(attr.get("c"), 0f);
            }
            double truth = r % 4 == 1 ? Double.NaN : beat.measurement().targets().qt();
            RelevanceMask mask = RelevanceMask.of(Target.QT, beat.measurement().fiducials(),
                    beat.measurement().targets(), Lead.INDEPENDENT_8, SAMPLES, 500);
            in.add(new RecordInput("id-" + (1000 + r), r, x, truth, r % 3 == 2 ? null : mask.toArray(), attr));
        }
        try (PerturbationEvaluator ev = PerturbationEvaluator.create(
                OnnxScorer.create(model, ExecutionOptions.defaults(), 0, 0, LEADS, SAMPLES), CONFIG,
                BatchBudget.DEFAULT, 99, "qt", METHODS)) {
            return ev.evaluate(in);
        }
    }

    /** Everything a record evaluation holds, as text (bit-exact for floats). */
    static String canonical(RecordEvaluation e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.recordId()).append('|').append(e.index()).append('|').append(e.target()).append('|')
                .append(Double.doubleToLongBits(e.truth())).append('|').append(Float.floatToIntBits(e.cleanPrediction()))
                .append('|').append(e.status()).append('|').append(e.message()).append('|').append(e.maskDefined());
        List<MethodEvaluation> all = new ArrayList<>(e.methods());
        if (e.control() != null) {
            all.add(e.control());
        }
        for (MethodEvaluation m : all) {
            sb.append("\n ").append(m.method()).append(' ').append(m.status()).append(' ').append(m.message())
                    .append(' ').append(m.constantAttribution()).append(' ').append(m.localization());
            m.predictions().forEach((o, p) -> {
                sb.append("\n  ").append(o).append(':');
                for (float v : p) {
                    sb.append(Integer.toHexString(Float.floatToIntBits(v))).append(',');
                }
            });
            m.scores().forEach((k, s) -> sb.append("\n  ").append(k).append(Arrays.toString(s)));
        }
        return sb.toString();
    }
}
