package org.heatbench.results.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.Target;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.PerturbationFunction;
import org.heatbench.perturbation.RegionScheme;
import org.heatbench.perturbation.Schedule;
import org.heatbench.perturbation.eval.BatchBudget;
import org.heatbench.perturbation.eval.Classification;
import org.heatbench.perturbation.eval.ModelScorer;
import org.heatbench.perturbation.eval.PerturbationEvaluator;
import org.heatbench.perturbation.eval.RecordInput;
import org.heatbench.perturbation.stats.PerturbationSummary;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision-flip histograms travel through a unit's typed partial statistics, and a partial written before they
 * existed (no {@code flips} in its JSON) still reads and restores — its records are just not in the flips' n.
 */
class PartialFlipsTest {
    @TempDir
    Path tmp;

    /** z = Σx − 5 over 1 lead × 4 samples. */
    private static ModelScorer linear() {
        return new ModelScorer() {
            @Override
            public int leads() {
                return 1;
            }

            @Override
            public int samples() {
                return 4;
            }

            @Override
            public float[] predict(float[] rows, int n) {
                float[] y = new float[n];
                for (int r = 0; r < n; r++) {
                    y[r] = rows[4 * r] + rows[4 * r + 1] + rows[4 * r + 2] + rows[4 * r + 3] - 5;
                }
                return y;
            }

            @Override
            public void close() {
                // nothing
            }
        };
    }

    @Test
    void flipsRoundTripAndOlderPartialsRestore() throws IOException {
        PerturbationConfig config = PerturbationConfig.standard(Target.QT).withRegions(RegionScheme.points())
                .withPerturbation(PerturbationFunction.zero()).withSchedule(Schedule.of(3));
        Classification cls = Classification.of(Classification.Activation.SIGMOID);
        List<RecordInput> in = new ArrayList<>();
        float[][] xs = {{4, 3, 2, 1}, {6, 0, 0, 0}, {5, 5, 5, 5}};
        for (int i = 0; i < xs.length; i++) {
            in.add(new RecordInput("r" + i, i, xs[i], 1.0, null, Map.of("a", xs[i].clone())));
        }
        SummaryAccumulator acc = SummaryAccumulator.create(config, "c", List.of("a"), cls);
        try (PerturbationEvaluator ev = PerturbationEvaluator.create(linear(), config, BatchBudget.DEFAULT, 1, "c",
                List.of("a"), cls)) {
            ev.evaluate(in).forEach(acc::accept);
        }
        PerturbationSummary direct = acc.finish();
        assertEquals(2, direct.flips().get(0).flipped(), "z = 5, 1, -2 and z = 1, -5 flip; z = 15, 10, 5 holds");

        Path file = tmp.resolve("c-00000.partial.json.gz");
        RunFiles.write(file, UnitPartial.of("c", 0, 3, 6, acc.state(), Map.of(), List.of()));
        UnitPartial back = RunFiles.read(file, RunFiles.PARTIAL_FORMAT, UnitPartial.class);
        PerturbationSummary restored = SummaryAccumulator.restore(config, back.summary()).finish();
        assertEquals(3, restored.flips().get(0).n());
        assertEquals(java.util.Arrays.toString(direct.flips().get(0).histogram()),
                java.util.Arrays.toString(restored.flips().get(0).histogram()));

        // the same unit as an earlier HeatBench wrote it: no "flips" in the summary state
        ObjectNode tree = (ObjectNode) RunFiles.tree(file);
        ((ObjectNode) tree.get("summary")).remove("flips");
        Path older = tmp.resolve("c-00001.partial.json");
        Files.writeString(older, tree.toString());
        UnitPartial old = RunFiles.read(older, RunFiles.PARTIAL_FORMAT, UnitPartial.class);
        PerturbationSummary combined = SummaryAccumulator.restore(config, old.summary())
                .combine(SummaryAccumulator.restore(config, SummaryAccumulator.create(config, "c", List.of("a"), cls)
                        .state())).finish();
        assertEquals(3, combined.counts().records(), "every other statistic reads as before");
        assertTrue(combined.flips().isEmpty(), "no flip data: no flip rows rather than a share of 0 over 3");
    }
}
