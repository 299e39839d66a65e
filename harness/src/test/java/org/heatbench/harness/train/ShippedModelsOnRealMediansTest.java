package org.heatbench.harness.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heatbench.datasets.EcgRecord;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.harness.HeatBenchCli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The shipped regressors on the real medians in ../shared (skipped, with the reason, when absent), against the
 * devices' values: GE 12SL's for the two MUSE exports, the HL7 aECG's annotations. Issue 15's criteria: QT ≤ 30 ms,
 * PR ≤ 25 ms, QRS ≤ 15 ms, R(V5) within 20% where the device gives it, HR predictions within 40–150 bpm. The QT model
 * meets its criterion on both MUSE medians and misses it on the aECG median (−36 ms, a 120-ms QRS: models/README.md,
 * <i>Version 4</i>), which this test bounds at 45 ms so that a regression there shows. The held-out LUDB medians (not
 * in the repository) are the larger judge: {@code heatbench validate-real} against the cardiologists.
 */
class ShippedModelsOnRealMediansTest {
    private static final List<Lead> INPUT = List.of(Lead.I, Lead.II, Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5,
            Lead.V6);

    @TempDir
    static Path tmp;

    private static Path muse;
    private static Path aecg;

    @BeforeAll
    static void importSharedMedians() {
        Path real = Path.of("..", "..", "shared", "data", "real").toAbsolutePath().normalize();
        if (!Files.isDirectory(real.resolve("muse_xml"))) {
            System.err.println("skipped: " + real + " not found (shared real data absent)");
            Assumptions.assumeTrue(false, "shared real data absent");
        }
        muse = tmp.resolve("muse");
        aecg = tmp.resolve("aecg");
        run("dataset", "import", "--format", "muse", "--input", real.resolve("muse_xml").toString(), "--out",
                muse.toString());
        run("dataset", "import", "--format", "aecg", "--input",
                real.resolve("hl7_aecg_example").resolve("Example_aECG.xml").toString(), "--out", aecg.toString(),
                "--split", "0,0");
    }

    @Test
    void qtWithin30MsOfTheDeviceOnTheMuseMediansAndBoundedOnTheAecg() throws Exception {
        assertEquals(3, check(Target.QT, (store, device, p) -> Math.abs(p - device) <= (store == muse ? 30 : 45)));
    }

    @Test
    void qrsWithin15MsOfTheDevice() throws Exception {
        assertEquals(3, check(Target.QRS, (store, device, p) -> Math.abs(p - device) <= 15));
    }

    @Test
    void prWithin25MsOfTheDevice() throws Exception {
        assertEquals(3, check(Target.PR, (store, device, p) -> Math.abs(p - device) <= 25));
    }

    @Test
    void rAmplitudeInV5Within20PercentWhereTheDeviceGivesIt() throws Exception {
        assertEquals(2, check(Target.R_AMP_V5, (store, device, p) -> Math.abs(p - device) <= 0.2 * Math.abs(device)));
    }

    @Test
    void heartRatePredictionsWithinThePhysiologicalRange() throws Exception {
        assertEquals(3, check(Target.HR, (store, device, p) -> p >= 40 && p <= 150));
    }

    private interface Criterion {
        boolean met(Path store, double device, double prediction);
    }

    /** Applies the criterion to every median with a finite reference; returns how many were checked. */
    private static int check(Target target, Criterion criterion) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int checked = 0;
        try (OrtSession model = env.createSession(Path.of("..", "models", target.key() + ".onnx").toString(),
                new OrtSession.SessionOptions())) {
            for (Path store : List.of(muse, aecg)) {
                try (EcgStore s = EcgStore.open(store)) {
                    for (int i = 0; i < s.size(); i++) {
                        double device = s.targets(i).get(target);
                        if (!Double.isFinite(device)) {
                            continue;
                        }
                        double p = predict(env, model, input(s.record(i)));
                        assertTrue(criterion.met(store, device, p),
                                s.id(i) + ": " + target.key() + " " + p + ", device " + device);
                        checked++;
                    }
                }
            }
        }
        return checked;
    }

    /** Leads I, II, V1–V6 of a 600-sample median, the model's input layout. */
    private static float[] input(EcgRecord r) {
        float[] x = new float[INPUT.size() * r.samples()];
        for (int l = 0; l < INPUT.size(); l++) {
            System.arraycopy(r.lead(INPUT.get(l)), 0, x, l * r.samples(), r.samples());
        }
        return x;
    }

    private static double predict(OrtEnvironment env, OrtSession s, float[] x) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 8, x.length / 8});
                OrtSession.Result r = s.run(Map.of("ecg", t))) {
            return ((float[][]) r.get(0).getValue())[0][0];
        }
    }

    private static void run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = HeatBenchCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute(args), err.toString());
    }
}
