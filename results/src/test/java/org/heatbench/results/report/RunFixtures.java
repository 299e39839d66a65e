package org.heatbench.results.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.heatbench.datasets.Target;
import org.heatbench.perturbation.Order;
import org.heatbench.perturbation.PerturbationConfig;
import org.heatbench.perturbation.Schedule;
import org.heatbench.perturbation.eval.CurveKind;
import org.heatbench.perturbation.eval.Localization;
import org.heatbench.perturbation.eval.MethodEvaluation;
import org.heatbench.perturbation.eval.MethodStatus;
import org.heatbench.perturbation.eval.RecordEvaluation;
import org.heatbench.perturbation.eval.ScoreLayout;
import org.heatbench.perturbation.io.ResultsWriter;
import org.heatbench.perturbation.stats.SummaryAccumulator;
import org.heatbench.results.GalleryFile;
import org.heatbench.results.RunLayout;
import org.heatbench.results.run.RunFiles;
import org.heatbench.results.run.RunManifest;
import org.heatbench.results.run.UnitMarker;
import org.heatbench.results.run.UnitPartial;

/**
 * Writes a small but complete run directory (docs/RESULTS_FORMAT.md) from synthetic record evaluations: the
 * summaries are the real {@link SummaryAccumulator} + {@link ResultsWriter} output, run.json/spec.json follow the
 * format, components.csv and skipped.csv have one row per target × method × segment / skipped record, and each
 * target has a gallery written by {@link GalleryFile#write}. Deterministic for a seed.
 */
final class RunFixtures {
    static final List<String> METHODS = List.of("saliency:abs=false",
            "integrated_gradients:steps=50,rule=gausslegendre,baseline=0,multiply_by_inputs=true",
            "deeplift:baseline=0,multiply_by_inputs=true", "random");
    static final List<Target> TARGETS = List.of(Target.QT, Target.QRS);
    static final int STEPS = 40;
    static final int LEADS = 8;
    static final int SAMPLES = 600;
    static final List<String> LEAD_NAMES = List.of("I", "II", "V1", "V2", "V3", "V4", "V5", "V6");

    private RunFixtures() {
    }

    /** A complete run with the default methods and record ids. */
    static Path write(Path dir) throws IOException {
        return write(dir, METHODS, "synth-", 24, 3);
    }

    /**
     * @param methods canonical method specs (any text)
     * @param idPrefix record id prefix (any text)
     * @param records records per target
     * @param galleryRecords gallery records per target
     */
    static Path write(Path dir, List<String> methods, String idPrefix, int records, int galleryRecords)
            throws IOException {
        RunLayout layout = new RunLayout(dir);
        ObjectMapper json = new ObjectMapper();
        StringBuilder components = new StringBuilder("target,method,component,n,mean,sd,ci_low,ci_high\n");
        StringBuilder skipped = new StringBuilder("target,record_id,record_index,method,status,message\n");
        Map<String, RunManifest.TargetCounts> perTarget = new LinkedHashMap<>();
        List<RunManifest.TargetInfo> targetInfos = new ArrayList<>();
        List<String> galleryIds = new ArrayList<>();
        PerturbationConfig config = null;
        for (Target target : TARGETS) {
            config = PerturbationConfig.standard(target).withSchedule(Schedule.of(STEPS));
            SplittableRandom rng = new SplittableRandom(target.ordinal() * 1000L + 7);
            SummaryAccumulator acc = SummaryAccumulator.create(config, target.key(), methods);
            int skippedRecords = 0;
            for (int r = 0; r < records; r++) {
                RecordEvaluation e = record(config, target, methods, idPrefix + r, r, rng);
                acc.accept(e);
                for (MethodEvaluation m : e.methods()) {
                    if (!m.ok()) {
                        skipped.append(target.key()).append(',').append(csv(e.recordId())).append(',').append(r)
                                .append(',').append(csv(m.method())).append(',').append(m.status().key()).append(',')
                                .append(csv(m.message())).append('\n');
                        skippedRecords++;
                    }
                }
            }
            ResultsWriter.writeSummary(layout.summary(target.key()), config, acc.finish(),
                    Map.of("seed", 1, "target", target.key()));
            for (String m : methods) {
                double[] share = new double[6];
                double sum = 0;
                for (int c = 0; c < 6; c++) {
                    share[c] = 0.05 + rng.nextDouble();
                    sum += share[c];
                }
                for (int c = 0; c < 6; c++) {
                    double mean = share[c] / sum;
                    components.append(target.key()).append(',').append(csv(m)).append(',')
                            .append(Figures.COMPONENTS.get(c)).append(',').append(records).append(',').append(mean)
                            .append(',').append(0.05).append(',').append(mean - 0.01).append(',').append(mean + 0.01)
                            .append('\n');
                }
            }
            GalleryFile.Gallery gal = gallery(target, methods, idPrefix, galleryRecords, rng);
            GalleryFile.write(layout.gallery(target.key()), gal);
            if (galleryIds.isEmpty()) {
                galleryIds.addAll(gal.recordIds());
            }
            targetInfos.add(new RunManifest.TargetInfo(target.key(), target.unit(), "models/" + target.key()
                    + ".onnx", "ab12" + target.key(), LEAD_NAMES, 0, 0));
            perTarget.put(target.key(), new RunManifest.TargetCounts(records, records,
                    (long) records * (methods.size() + 1), 0, skippedRecords, skippedRecords));
            // one work unit per target: its typed partial statistics and commit marker, as the job writes them
            Path partial = layout.unitSummary(target.key(), 0);
            Files.createDirectories(partial.getParent());
            RunFiles.write(partial, UnitPartial.of(target.key(), 0, records, records * (methods.size() + 1),
                    acc.state(), Map.of(), List.of()));
            RunFiles.write(layout.unitDone(target.key(), 0), new UnitMarker(RunFiles.UNIT_FORMAT,
                    RunFiles.FORMAT_VERSION, target.key(), 0, 0, records, records, records * (methods.size() + 1),
                    skippedRecords, 0, skippedRecords, 1.0, 0, 0, "local-1",
                    Map.of(layout.root().relativize(partial).toString(), RunFiles.sha256(partial))));
        }
        Files.writeString(layout.components(), components, StandardCharsets.UTF_8);
        Files.writeString(layout.skipped(), skipped, StandardCharsets.UTF_8);
        // run.json exactly as the job builds it: the typed manifest of results.run
        RunManifest run = new RunManifest(RunFiles.RUN_FORMAT, RunFiles.FORMAT_VERSION, "fixture",
                RunManifest.COMPLETE, "", "2026-11-21T10:00:00Z", "2026-11-21T10:03:10Z", "local-1",
                new RunManifest.Versions("0.1.0-SNAPSHOT", "1.29.0", "3.5.9", "17"), 1,
                new RunManifest.Dataset("data/fixture", "synthetic", "RunFixtures", 100, LEAD_NAMES, 500.0, SAMPLES,
                        "test", records, null, records),
                targetInfos, methods, new RunManifest.Perturbation("standard", config.parameters()),
                new RunManifest.Execution("local[2]", 2, 64, 1, "cpu", "8MiB", 4, 0.05),
                new RunManifest.Gallery(galleryRecords, galleryIds),
                new RunManifest.Counts(TARGETS.size(), TARGETS.size(), perTarget),
                new RunManifest.Timing(12.5, 10.0, 3000.0, 2, 37500.0));
        RunFiles.write(layout.run(), run);
        ObjectNode spec = json.createObjectNode();
        spec.put("run_id", "fixture");
        ArrayNode sm = spec.putArray("methods");
        methods.forEach(sm::add);
        json.writerWithDefaultPrettyPrinter().writeValue(layout.spec().toFile(), spec);
        return dir;
    }

    /** Method k degrades the prediction at speed proportional to its quality; one record has a failed method. */
    private static RecordEvaluation record(PerturbationConfig config, Target target, List<String> methods, String id,
            int index, SplittableRandom rng) {
        ScoreLayout layout = ScoreLayout.of(config);
        double truth = index % 7 == 3 ? Double.NaN : 300 + 100 * rng.nextDouble();
        float clean = (float) ((Double.isNaN(truth) ? 350 : truth) + 10 * rng.nextGaussian());
        float[] control = trajectory(clean, 0.6, rng);
        List<MethodEvaluation> ms = new ArrayList<>();
        for (int k = 0; k < methods.size(); k++) {
            if (index == 5 && k == 1) {
                ms.add(MethodEvaluation.failed(methods.get(k), MethodStatus.NON_FINITE_ATTRIBUTION,
                        "NaN at lead 2, sample 17"));
                continue;
            }
            boolean random = methods.get(k).startsWith("random");
            double speed = random ? 0.6 : 3.0 / (k + 1) + 0.3 * rng.nextDouble();
            Map<Order, float[]> pred = new EnumMap<>(Order.class);
            pred.put(Order.MORF, trajectory(clean, speed, rng));
            pred.put(Order.LERF, trajectory(clean, 0.2 * speed, rng));
            Map<CurveKind, double[]> scores = new EnumMap<>(CurveKind.class);
            for (CurveKind kind : CurveKind.values()) {
                scores.put(kind, layout.compute(kind.curve(pred.get(Order.MORF), truth, config.relativeError()),
                        kind.curve(pred.get(Order.LERF), truth, config.relativeError()),
                        kind.curve(control, truth, config.relativeError())));
            }
            Localization loc = new Localization(rng.nextDouble() * 0.5, rng.nextDouble() * 0.3, 120);
            ms.add(new MethodEvaluation(methods.get(k), MethodStatus.OK, "", false, pred, scores, loc));
        }
        Map<CurveKind, double[]> cs = new EnumMap<>(CurveKind.class);
        for (CurveKind kind : CurveKind.values()) {
            cs.put(kind, layout.computeControl(kind.curve(control, truth, config.relativeError())));
        }
        MethodEvaluation ctrl = new MethodEvaluation(MethodEvaluation.CONTROL, MethodStatus.OK, "", false,
                Map.of(Order.RANDOM, control), cs, null);
        return new RecordEvaluation(id, index, target.key(), truth, clean, MethodStatus.OK, "", true, ms, ctrl);
    }

    private static float[] trajectory(float clean, double speed, SplittableRandom rng) {
        float[] p = new float[STEPS + 1];
        p[0] = clean;
        double drift = 0;
        for (int k = 1; k <= STEPS; k++) {
            drift += speed * (0.5 + rng.nextDouble()) / Math.sqrt(k);
            p[k] = (float) (clean + drift + rng.nextGaussian());
        }
        return p;
    }

    private static GalleryFile.Gallery gallery(Target target, List<String> methods, String idPrefix, int n,
            SplittableRandom rng) {
        int item = LEADS * SAMPLES;
        float[] ecg = new float[n * item];
        List<float[]> attr = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            attr.add(new float[n * item]);
        }
        List<String> ids = new ArrayList<>();
        int[] indices = new int[n];
        double[] truth = new double[n];
        float[] pred = new float[n];
        int[] fid = new int[n * GalleryFile.FIDUCIALS.size()];
        for (int r = 0; r < n; r++) {
            ids.add(idPrefix + r);
            indices[r] = r;
            truth[r] = r == 1 ? Double.NaN : 380 + r;
            pred[r] = 385 + r;
            int[] f = {100, 150, 180, 230, 420, 205};
            for (int k = 0; k < f.length; k++) {
                fid[r * f.length + k] = r == 2 && k == 0 ? -1 : f[k];
            }
            for (int l = 0; l < LEADS; l++) {
                for (int s = 0; s < SAMPLES; s++) {
                    double qrs = Math.exp(-Math.pow((s - 205) / 8.0, 2)) * (800 + 100 * l);
                    double t = Math.exp(-Math.pow((s - 360) / 30.0, 2)) * 250;
                    int i = r * item + l * SAMPLES + s;
                    ecg[i] = (float) (qrs + t + 5 * rng.nextGaussian());
                    for (int m = 0; m < methods.size(); m++) {
                        attr.get(m)[i] = (float) (rng.nextGaussian() * (m + 1) * (1 + qrs / 200));
                    }
                }
            }
        }
        return new GalleryFile.Gallery(target.key(), target.unit(), methods, LEAD_NAMES, 500.0, SAMPLES, ids, indices,
                truth, pred, fid, ecg, attr, "models/" + target.key() + ".onnx", "ab12", 1, "0.1.0-SNAPSHOT");
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
