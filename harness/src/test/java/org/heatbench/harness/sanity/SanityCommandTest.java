package org.heatbench.harness.sanity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.heatbench.harness.CliRun;
import org.heatbench.perturbation.sanity.SanityRow;
import org.heatbench.perturbation.sanity.SanityRow.Verdict;
import org.heatbench.perturbation.sanity.SanityTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heatbench sanity} end to end on a generated store and the shipped QT model. */
class SanityCommandTest {
    private static final Path MODEL = Path.of("../models/qt.onnx");

    @Test
    void writesSanityCsvAndPrintsVerdicts(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("store");
        CliRun g = CliRun.of("dataset", "generate", "--n", "12", "--out", store.toString(), "--seed", "3",
                "--threads", "1");
        assertEquals(0, g.exit(), g.err());
        Path out = tmp.resolve("sanity");
        CliRun r = CliRun.of("sanity", "--model", MODEL.toString(), "--dataset", store.toString(), "--target", "qt",
                "--method", "saliency,random", "--records", "3", "--split", "all", "--checks",
                "cascading,input_invariance", "--seed", "2", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<SanityRow> rows = SanityTable.read(out.resolve(SanityTable.FILE));
        Map<String, Verdict> v = SanityTable.verdicts(rows);
        // random ignores the model: its maps are identical whatever the weights
        assertEquals(Verdict.FAIL, v.get("random"));
        assertTrue(rows.stream().anyMatch(x -> x.method().equals("random")
                && x.statistic().equals("spearman_abs:all_layers") && x.value() == 1.0), rows.toString());
        assertTrue(rows.stream().noneMatch(x -> x.check().equals("independent_randomisation")));
        assertTrue(r.out().contains("input_invariance"), r.out());
        assertTrue(Files.readString(out.resolve("sanity.json")).contains("model_sha256"));
    }

    @Test
    void badCheckNameIsOneLineError(@TempDir Path tmp) {
        CliRun r = CliRun.of("sanity", "--model", MODEL.toString(), "--dataset", tmp.toString(), "--target", "qt",
                "--method", "saliency", "--checks", "cascade", "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown sanity check 'cascade'"), r.err());
        CliRun same = CliRun.of("sanity", "--model", MODEL.toString(), "--dataset", tmp.toString(), "--target", "qt",
                "--method", "saliency", "--out", tmp.toString());
        assertEquals(2, same.exit());
        assertTrue(same.err().contains("same path as --dataset"), same.err());
    }
}
