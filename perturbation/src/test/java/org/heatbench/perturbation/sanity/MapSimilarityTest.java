package org.heatbench.perturbation.sanity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.perturbation.TestModels;
import org.heatbench.perturbation.sanity.ParameterLayers.Layer;
import org.junit.jupiter.api.Test;

/** Similarity measures against hand-computed values; layer discovery and seeded randomisation. */
class MapSimilarityTest {

    @Test
    void spearmanOfHandRankedMaps() {
        // |a| = 1,2,3,4,5 ; |b| = 5,6,7,8,7 -> ranks b = 1,2,3.5,5,3.5
        // d = 0,0,-0.5,-1,1.5 ; Pearson of ranks: cov = sum((ra-3)(rb-3)) = 4+1+0+2+0 = ... computed by hand:
        // ra-3 = -2,-1,0,1,2 ; rb-3 = -2,-1,0.5,2,0.5 ; sum = 4+1+0+2+1 = 8 ; sxx = 10 ; syy = 4+1+.25+4+.25 = 9.5
        float[] a = {1, -2, 3, 4, -5};
        float[] b = {5, 6, -7, 8, 7};
        assertEquals(8 / Math.sqrt(10 * 9.5), MapSimilarity.SPEARMAN_ABS.of(a, b, 1, 5, 0.2), 1e-12);
        assertEquals(-1.0, MapSimilarity.SPEARMAN_ABS.of(a, new float[] {5, 4, 3, 2, 1}, 1, 5, 0.2), 1e-12);
        // one constant map, one not: no association
        assertEquals(0.0, MapSimilarity.SPEARMAN_ABS.of(new float[5], a, 1, 5, 0.2), 0.0);
        assertEquals(1.0, MapSimilarity.SPEARMAN_ABS.of(new float[5], new float[5], 1, 5, 0.2), 0.0);
    }

    @Test
    void topKIntersection() {
        float[] a = {9, 8, 7, 0, 0, 0, 0, 0, 0, 0};
        float[] b = {9, 0, 7, 8, 0, 0, 0, 0, 0, 0};
        // k = ceil(0.3 * 10) = 3: {0,1,2} vs {0,3,2} -> 2/3
        assertEquals(2.0 / 3, MapSimilarity.TOP_K.of(a, b, 2, 5, 0.3), 1e-15);
        // ties by position: an all-zero map's top 3 is {0,1,2}
        assertEquals(1.0, MapSimilarity.TOP_K.of(a, new float[10], 2, 5, 0.3), 1e-15);
    }

    @Test
    void ssimOfOneWindowByTheFormula() {
        // 3 x 3 maps: one 3 x 3 window; x = |a| / max, y = |b| / max
        float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] b = {9, 1, 1, 1, 1, 1, 1, 1, 3};
        double[] x = new double[9];
        double[] y = new double[9];
        for (int i = 0; i < 9; i++) {
            x[i] = a[i] / 9.0;
            y[i] = b[i] / 9.0;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < 9; i++) {
            mx += x[i] / 9;
            my += y[i] / 9;
        }
        double vx = 0;
        double vy = 0;
        double cxy = 0;
        for (int i = 0; i < 9; i++) {
            vx += (x[i] - mx) * (x[i] - mx) / 8;
            vy += (y[i] - my) * (y[i] - my) / 8;
            cxy += (x[i] - mx) * (y[i] - my) / 8;
        }
        double c1 = 1e-4;
        double c2 = 9e-4;
        double expected = (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        assertEquals(expected, MapSimilarity.SSIM.of(a, b, 3, 3, 0.1), 1e-12);
        assertEquals(1.0, MapSimilarity.SSIM.of(a, a.clone(), 3, 3, 0.1), 0.0);
    }

    @Test
    void layersOfASmallCnnAndSeededRandomisation() {
        OnnxModel m = TestModels.smallCnn(2, 32, 5);
        ParameterLayers p = ParameterLayers.of(m);
        List<String> types = new ArrayList<>();
        p.layers().forEach(l -> types.add(l.opType()));
        assertEquals(List.of("Conv", "Conv", "Gemm"), types);
        p.layers().forEach(l -> assertEquals(true, l.bias() != null, l.toString()));
        List<List<Layer>> cascade = p.cascade();
        assertEquals(3, cascade.size());
        assertEquals("Gemm", cascade.get(0).get(0).opType());
        Layer top = p.layers().get(2);
        OnnxModel r1 = p.randomize(List.of(top), 4);
        OnnxModel r2 = p.randomize(List.of(top), 4);
        OnnxModel r3 = p.randomize(List.of(top), 5);
        assertEquals(r1.sha256(), r2.sha256());
        assertEquals(false, r1.sha256().equals(r3.sha256()));
        // only the Gemm's tensors changed
        for (String name : m.initializers().keySet()) {
            boolean changed = !m.initializers().get(name).equals(r1.initializers().get(name));
            assertEquals(name.equals(top.weight()) || name.equals(top.bias()), changed, name);
        }
        // linear model: MatMul weight, no bias
        ParameterLayers lin = ParameterLayers.of(TestModels.linear(1, 4, new float[] {1, 2, 3, 4}));
        assertEquals(1, lin.layers().size());
        assertEquals(null, lin.layers().get(0).bias());
    }
}
