package org.heatbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heatbench.harness.CliRun;
import org.heatbench.perturbation.sanity.SanityRow;
import org.heatbench.perturbation.sanity.SanityRow.Verdict;
import org.heatbench.perturbation.sanity.SanityTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heatbench run --sanity-records N}: sanity.csv per target in the run folder, marks in the report. */
class SanityStageTest {

    @Test
    void runWithSanityStage(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("store");
        assertEquals(0, CliRun.of("dataset", "generate", "--n", "12", "--out", store.toString(), "--seed", "3",
                "--threads", "1").exit());
        Path spec = Files.writeString(tmp.resolve("spec.yaml"), String.join("\n",
                "run_id: sane",
                "output: " + tmp.resolve("runs"),
                "seed: 7",
                "dataset: {path: " + store + ", split: all, limit: 4}",
                "targets: {qt: ../models/qt.onnx}",
                "methods: [saliency:abs=false, random]",
                "perturbation: {preset: standard, steps: 5}",
                "gallery: {records: 2}",
                "execution: {master: 'local[1]', unit_records: 4}"));
        CliRun r = CliRun.of("run", "--config", spec.toString(), "--sanity-records", "3");
        assertEquals(0, r.exit(), r.err());
        Path run = tmp.resolve("runs").resolve("sane");
        List<SanityRow> rows = SanityTable.read(run.resolve("sanity").resolve("qt").resolve(SanityTable.FILE));
        assertEquals(Verdict.FAIL, SanityTable.verdicts(rows).get("random"), rows.toString());
        assertEquals(1, rows.stream().filter(x -> x.method().equals("random")
                && x.statistic().startsWith("spearman_abs:down_to=")).count(), "final cascade step only");
        String html = Files.readString(run.resolve("report").resolve("index.html"));
        assertTrue(html.contains("data-sanity=\"fail\""), "the failing method is marked in the rank matrix");
        assertTrue(r.err().contains("sanity stage in"), r.err());
    }
}
