package org.heatbench.harness.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jhdf.HdfFile;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.heatbench.harness.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heatbench compile} writes a graph that a fresh ONNX Runtime session runs on the example ECGs to the same
 * attributions {@code heatbench attribute} writes; it never overwrites a file or the model.
 */
class CompileCommandTest {
    private static final Path MODEL = Path.of("../examples/reference_cnn.onnx");
    private static final Path ECGS = Path.of("../examples/reference_ecgs.h5");

    @TempDir
    Path tmp;

    private static float[] flat(Object data) {
        float[][][] d = (float[][][]) data;
        float[] out = new float[d.length * d[0].length * d[0][0].length];
        int p = 0;
        for (float[][] a : d) {
            for (float[] b : a) {
                System.arraycopy(b, 0, out, p, b.length);
                p += b.length;
            }
        }
        return out;
    }

    @Test
    void writtenGraphEqualsAttribute() throws Exception {
        String method = "integrated_gradients:steps=8";
        Path graph = tmp.resolve("ig.onnx");
        CliRun c = CliRun.of("compile", "--model", MODEL.toString(), "--method", method, "--out", graph.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("wrote"), c.out());
        Path h5 = tmp.resolve("a.h5");
        CliRun a = CliRun.of("attribute", "--model", MODEL.toString(), "--input", ECGS.toString(), "--method", method,
                "--out", h5.toString());
        assertEquals(0, a.exit(), a.err());
        float[] expect;
        try (HdfFile f = new HdfFile(h5)) {
            expect = flat(f.getDatasetByPath("/attributions").getData());
        }
        float[] x;
        long[] shape;
        try (HdfFile f = new HdfFile(ECGS)) {
            var d = f.getDatasetByPath("/inputs");
            x = flat(d.getData());
            int[] dims = d.getDimensions();
            shape = new long[] {dims[0], dims[1], dims[2]};
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] got = new float[x.length];
        try (OrtSession s = env.createSession(graph.toString(), new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), in))) {
            ((OnnxTensor) r.get("attribution").orElseThrow()).getFloatBuffer().get(got);
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < got.length; i++) {
            num = Math.max(num, Math.abs(got[i] - expect[i]));
            den = Math.max(den, Math.abs(expect[i]));
        }
        assertTrue(den > 0 && num / den < 1e-5, "max|compiled − attribute|/max|attribute| = " + num / den);
    }

    @Test
    void neverOverwrites() throws Exception {
        Path existing = tmp.resolve("x.onnx");
        Files.writeString(existing, "keep me");
        CliRun c = CliRun.of("compile", "--model", MODEL.toString(), "--method", "saliency", "--out",
                existing.toString());
        assertEquals(2, c.exit());
        assertTrue(c.err().contains("exists"), c.err());
        assertEquals("keep me", Files.readString(existing));
        Path copy = tmp.resolve("model.onnx");
        Files.copy(MODEL, copy);
        CliRun self = CliRun.of("compile", "--model", copy.toString(), "--method", "saliency", "--out",
                copy.toString());
        assertEquals(2, self.exit());
        assertTrue(Files.size(copy) == Files.size(MODEL));
    }

    @Test
    void unexportableMethodIsNamed() {
        CliRun c = CliRun.of("compile", "--model", MODEL.toString(), "--method", "gradcam", "--out",
                tmp.resolve("g.onnx").toString());
        assertEquals(2, c.exit());
        assertTrue(c.err().contains("gradcam") && c.err().contains("exportable"), c.err());
        assertTrue(!Files.exists(tmp.resolve("g.onnx")));
    }
}
