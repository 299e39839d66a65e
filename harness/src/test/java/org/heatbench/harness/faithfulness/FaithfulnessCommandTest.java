package org.heatbench.harness.faithfulness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.heatbench.harness.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heatbench faithfulness} end to end on the shipped QT model. */
class FaithfulnessCommandTest {

    @Test
    void writesPerRecordScores(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("store");
        assertEquals(0, CliRun.of("dataset", "generate", "--n", "12", "--out", store.toString(), "--seed", "3",
                "--threads", "1").exit());
        Path out = tmp.resolve("f");
        CliRun r = CliRun.of("faithfulness", "--model", "../models/qt.onnx", "--dataset", store.toString(), "--target",
                "qt", "--method", "input_x_gradient,random", "--records", "3", "--split", "all", "--subsets", "20",
                "--threads", "1", "--seed", "4", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("faithfulness.csv"));
        assertEquals("record_id,method,faithfulness_correlation,monotonicity", lines.get(0));
        assertEquals(1 + 3 * 2, lines.size());
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            double fc = Double.parseDouble(f[2]);
            double mo = Double.parseDouble(f[3]);
            assertTrue(fc >= -1 && fc <= 1 && mo >= -1 && mo <= 1, l);
        }
        assertTrue(r.out().contains("faithfulness correlation"), r.out());
    }
}
