package org.heatbench.perturbation.sanity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.heatbench.methods.AttributionMethod;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.heatbench.perturbation.TestModels;
import org.heatbench.perturbation.sanity.SanityRow.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planted cases: methods that ignore the model or the input must be caught, saliency must not be. */
class SanityCheckerTest {
    private static final int LEADS = 2;
    private static final int SAMPLES = 64;
    private static List<SanityRow> rows;

    @BeforeAll
    static void run() {
        // smallCnn: Conv -> Relu -> Conv -> Relu -> GAP -> Gemm, no MaxPool
        OnnxModel model = TestModels.smallCnn(LEADS, SAMPLES, 7);
        MethodRegistry reg = PlantedMethods.registry();
        List<AttributionMethod> methods = List.of(reg.create("saliency"), reg.create("deconvolution"),
                reg.create("edge_detector"), reg.create("constant"));
        int n = 6;
        UniformRandomProvider r = RandomSource.XO_SHI_RO_256_PP.create(3L);
        float[] x = new float[n * LEADS * SAMPLES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (200 * Math.sin(i * 0.3 + (i / SAMPLES) * 1.7) + 300 * r.nextDouble() - 150);
        }
        long[] seeds = {1, 2, 3, 4, 5, 6};
        SanityChecker c = SanityChecker.create(model, AttributionTarget.of(LEADS, SAMPLES), ExecutionOptions.defaults(),
                11L, SanityChecker.Checks.all());
        rows = c.run(methods, FloatTensor.of(x, n, LEADS, SAMPLES), seeds);
    }

    private static SanityRow row(String method, String check, String statistic) {
        return rows.stream().filter(r -> r.method().equals(method) && r.check().equals(check)
                && r.statistic().equals(statistic)).findFirst().orElseThrow(() -> new AssertionError(
                        "no row " + method + " " + check + " " + statistic + " in " + rows));
    }

    @Test
    void edgeDetectorFailsRandomisation() {
        for (String check : List.of("cascading_randomisation", "independent_randomisation")) {
            String suffix = check.startsWith("cascading") ? "all_layers" : "mean_over_layers";
            SanityRow s = row("edge_detector", check, "spearman_abs:" + suffix);
            assertEquals(1.0, s.value(), 0.0);
            assertEquals(Verdict.FAIL, s.verdict());
        }
        // it does depend on the input
        assertEquals(Verdict.PASS, row("edge_detector", "input_invariance", "relative_distance:mean_over_pairs")
                .verdict());
    }

    @Test
    void constantMethodIsInputInvariant() {
        SanityRow s = row("constant", "input_invariance", "relative_distance:mean_over_pairs");
        assertEquals(0.0, s.value(), 0.0);
        assertEquals(Verdict.FAIL, s.verdict());
    }

    @Test
    void deconvolutionWithoutMaxPoolIsInputInvariantSaliencyIsNot() {
        SanityRow deconv = row("deconvolution", "input_invariance", "relative_distance:mean_over_pairs");
        assertTrue(deconv.value() < 1e-5, "deconvolution distance " + deconv.value());
        assertEquals(Verdict.FAIL, deconv.verdict());
        SanityRow sal = row("saliency:abs=true", "input_invariance", "relative_distance:mean_over_pairs");
        assertTrue(sal.value() > SanityChecker.INVARIANT_WARN, "saliency distance " + sal.value());
        assertEquals(Verdict.PASS, sal.verdict());
    }

    @Test
    void saliencyChangesWhenTheModelIsRandomised() {
        SanityRow s = row("saliency:abs=true", "cascading_randomisation", "spearman_abs:all_layers");
        assertTrue(s.value() < SanityChecker.WARN_AT, "saliency similarity after full randomisation " + s.value());
        assertEquals(Verdict.PASS, s.verdict());
        Map<String, Verdict> v = SanityTable.verdicts(rows);
        assertEquals(Verdict.FAIL, v.get("edge_detector"));
        assertEquals(Verdict.FAIL, v.get("constant"));
        assertEquals(Verdict.FAIL, v.get("deconvolution"));
        assertFalse(v.get("saliency:abs=true") == Verdict.FAIL, "saliency verdict " + v + "\n" + rows);
    }

    @Test
    void cascadeHasOneRowPerLayerAndMeasure() {
        long cascading = rows.stream().filter(r -> r.method().equals("saliency:abs=true")
                && r.check().equals("cascading_randomisation") && r.verdict() == Verdict.INFO).count();
        assertEquals(3 * MapSimilarity.values().length, cascading); // 3 layers: Conv, Conv, Gemm
    }

    @Test
    void csvRoundTrips(@TempDir Path dir) {
        Path f = dir.resolve(SanityTable.FILE);
        SanityTable.write(f, rows);
        List<SanityRow> back = SanityTable.read(f);
        assertEquals(rows, back);
        assertTrue(SanityTable.format(rows).contains("FAIL"));
    }
}
