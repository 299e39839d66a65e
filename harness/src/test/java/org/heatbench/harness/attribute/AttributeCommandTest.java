package org.heatbench.harness.attribute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.heatbench.harness.HeatBenchCli;
import org.heatbench.methods.AttributionTarget;
import org.heatbench.methods.Attributor;
import org.heatbench.methods.FloatTensor;
import org.heatbench.methods.MethodRegistry;
import org.heatbench.methods.RecordSeeds;
import org.heatbench.methods.onnx.OnnxModel;
import org.heatbench.methods.runtime.ExecutionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AttributeCommandTest {
    private static final Path MODEL = Path.of("../examples/reference_cnn.onnx");
    private static final Path ECGS = Path.of("../examples/reference_ecgs.h5");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        CommandLine cl = HeatBenchCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static float[] readFlat(Path file, String path) {
        try (HdfFile f = new HdfFile(file)) {
            float[][][] d = (float[][][]) f.getDatasetByPath(path).getData();
            float[] flat = new float[d.length * d[0].length * d[0][0].length];
            int p = 0;
            for (float[][] a : d) {
                for (float[] b : a) {
                    System.arraycopy(b, 0, flat, p, b.length);
                    p += b.length;
                }
            }
            return flat;
        }
    }

    @Test
    void writesTheSameAttributionsAsTheApiWithProvenance() {
        Path out = tmp.resolve("a.h5");
        Run r = cli("attribute", "--model", MODEL.toString(), "--input", ECGS.toString(), "--method",
                "smoothgrad:samples=3", "--seed", "11", "--batch", "5", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        float[] x = readFlat(ECGS, "/inputs");
        FloatTensor inputs = FloatTensor.of(x, 16, 8, 600);
        float[] expected;
        try (Attributor a = MethodRegistry.standard().create("smoothgrad:samples=3")
                .compile(OnnxModel.load(MODEL), AttributionTarget.of(8, 600), ExecutionOptions.defaults())) {
            expected = a.attribute(inputs, RecordSeeds.range(11, 0, 16)).values().data();
        }
        assertArrayEquals(expected, readFlat(out, "/attributions"), 1e-6f * max(expected));
        try (HdfFile f = new HdfFile(out)) {
            Dataset d = f.getDatasetByPath("/attributions");
            assertEquals("smoothgrad:samples=3,stdev=0.02,stdev_mode=relative,abs=true", d.getAttribute("method").getData());
            assertEquals(OnnxModel.load(MODEL).sha256(), d.getAttribute("model_sha256").getData());
            assertEquals(11L, ((Number) d.getAttribute("seed").getData()).longValue());
            assertEquals("cpu", d.getAttribute("provider").getData());
            assertTrue(d.getAttributes().containsKey("onnxruntime_version"));
            assertTrue(d.getAttributes().containsKey("heatbench_version"));
        }
        assertFalse(Files.exists(tmp.resolve("a.h5.partial")));
        assertTrue(r.err().contains("16/16 records"), r.err());
    }

    private static float max(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void recordsWithNaNAreSkippedCountedAndListed() {
        float[] x = readFlat(ECGS, "/inputs");
        float[][][] data = new float[3][8][600];
        for (int r = 0; r < 3; r++) {
            for (int l = 0; l < 8; l++) {
                System.arraycopy(x, (r * 8 + l) * 600, data[r][l], 0, 600);
            }
        }
        data[1][4][100] = Float.NaN;
        Path in = tmp.resolve("nan.h5");
        try (WritableHdfFile w = HdfFile.write(in)) {
            w.putDataset("ecg", data);
        }
        Path out = tmp.resolve("out.h5");
        Run r = cli("attribute", "--model", MODEL.toString(), "--input", in.toString(), "--input-dataset", "/ecg",
                "--method", "saliency", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("1 of 3 records skipped"), r.err());
        float[] a = readFlat(out, "/attributions");
        assertTrue(Float.isNaN(a[4800]) && Float.isNaN(a[2 * 4800 - 1]));
        assertFalse(Float.isNaN(a[0]) || Float.isNaN(a[2 * 4800]));
        try (HdfFile f = new HdfFile(out)) {
            assertArrayEquals(new int[] {1}, (int[]) f.getDatasetByPath("/skipped_records").getData());
        }
    }

    @Test
    void badInputsFailFastWithAMessageNamingTheProblem() throws Exception {
        Path out = tmp.resolve("x.h5");
        Run unknown = cli("attribute", "--model", MODEL.toString(), "--input", ECGS.toString(), "--method",
                "integrated_gradients:n_steps=5", "--out", out.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no parameter 'n_steps'"), unknown.err());

        byte[] bytes = Files.readAllBytes(MODEL);
        Path truncated = tmp.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3));
        Run trunc = cli("attribute", "--model", truncated.toString(), "--input", ECGS.toString(), "--method",
                "saliency", "--out", out.toString());
        assertEquals(2, trunc.exit());
        assertTrue(trunc.err().contains("truncated.onnx"), trunc.err());

        Run noDataset = cli("attribute", "--model", MODEL.toString(), "--input", ECGS.toString(), "--input-dataset",
                "/ecg", "--method", "saliency", "--out", out.toString());
        assertEquals(2, noDataset.exit());
        assertTrue(noDataset.err().contains("no dataset '/ecg'") && noDataset.err().contains("inputs"), noDataset.err());

        Path notH5 = tmp.resolve("not.h5");
        Files.writeString(notH5, "lead I,lead II\n1,2\n");
        Run foreign = cli("attribute", "--model", MODEL.toString(), "--input", notH5.toString(), "--method",
                "saliency", "--out", out.toString());
        assertEquals(2, foreign.exit());
        assertTrue(foreign.err().contains("not a readable HDF5 file"), foreign.err());

        Run target = cli("attribute", "--model", MODEL.toString(), "--input", ECGS.toString(), "--method",
                "saliency", "--target", "3", "--out", out.toString());
        assertEquals(2, target.exit());
        assertTrue(target.err().contains("target 3 is out of range"), target.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void methodsListsEveryMethodWithItsCanonicalForm() {
        Run r = cli("methods");
        assertEquals(0, r.exit());
        for (String m : new String[] {"saliency", "input_x_gradient", "integrated_gradients", "smoothgrad",
            "gradient_shap", "random"}) {
            assertTrue(r.out().contains("  " + m + "  ["), m);
        }
        assertTrue(r.out().contains("canonical: integrated_gradients:steps=50,rule=gausslegendre,baseline=0,multiply_by_inputs=true"));
    }
}
