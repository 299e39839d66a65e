package org.heatbench.harness.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.heatbench.datasets.Target;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dataset label}: labels from the store's measurements, recomputed here from the rules' thresholds. */
class LabelCommandTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new DatasetCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void labelsFollowTheMeasurementsAndAreNotOverwritten() {
        Path store = tmp.resolve("s");
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "generate", "--n", "40", "--out", store.toString(), "--seed", "9"), out.toString());
        assertEquals(0, run(out, "label", store.toString()), out.toString());
        assertTrue(out.toString().contains("labelled 40 of 40"), out.toString());
        RecordMetadata m = RecordMetadata.read(store).orElseThrow();
        assertEquals(java.util.List.of("AVB1", "BRADY", "LONG_QT", "STE_V5", "TACHY", "TINV_V5", "WIDE_QRS"),
                m.labelNames());
        try (EcgStore s = EcgStore.open(store)) {
            for (int i = 0; i < s.size(); i++) {
                double[] l = m.labels(i);
                var t = s.targets(i);
                assertEquals(t.get(Target.PR) > 200 ? 1.0 : 0.0, l[0], s.id(i));
                assertEquals(t.hr() < 60 ? 1.0 : 0.0, l[1], s.id(i));
                assertEquals(t.qt() / Math.sqrt(60 / t.hr()) > 460 ? 1.0 : 0.0, l[2], s.id(i));
                assertEquals(t.stjV5() > 100 ? 1.0 : 0.0, l[3], s.id(i));
                assertEquals(t.hr() > 100 ? 1.0 : 0.0, l[4], s.id(i));
                assertEquals(t.tAmpV5() < 0 ? 1.0 : 0.0, l[5], s.id(i));
                assertEquals(t.qrs() > 120 ? 1.0 : 0.0, l[6], s.id(i));
            }
        }
        StringWriter again = new StringWriter();
        assertEquals(1, run(again, "label", store.toString()));
        assertTrue(again.toString().contains("not overwritten"), again.toString());
    }
}
