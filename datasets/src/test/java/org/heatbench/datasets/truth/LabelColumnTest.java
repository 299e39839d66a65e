package org.heatbench.datasets.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.store.EcgStore;
import org.heatbench.datasets.store.RecordMetadata;
import org.heatbench.datasets.store.StoreWriter;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A label column from the sidecar when it lists the label, derived from the targets for a synthetic label. */
class LabelColumnTest {
    @TempDir
    Path tmp;

    private Path store(int n) {
        Path dir = tmp.resolve("s");
        SyntheticEcgGenerator g = SyntheticEcgGenerator.of(GeneratorConfig.legacy(n, 1));
        try (StoreWriter w = StoreWriter.create(dir, g.storeSpec(Lead.INDEPENDENT_8, SplitPolicy.DEFAULT), false)) {
            g.generate(w, 1);
        }
        return dir;
    }

    @Test
    void derivedFromTargetsWithoutASidecarAndReadFromItWhenListed() {
        Path dir = store(30);
        try (EcgStore s = EcgStore.open(dir)) {
            LabelColumn c = LabelColumn.of(s, "BRADY").orElseThrow();
            assertEquals(LabelColumn.DERIVED, c.source());
            int positives = 0;
            for (int i = 0; i < s.size(); i++) {
                double hr = s.targets(i).hr();
                assertEquals(hr < 60 ? 1.0 : 0.0, c.values()[i], "record " + i + " HR " + hr);
                positives += hr < 60 ? 1 : 0;
            }
            assertTrue(positives > 0 && positives < s.size(), "both classes present: " + positives);
            assertTrue(LabelColumn.of(s, "AFIB").isEmpty(), "not synthetic, no sidecar");
            // a sidecar that lists the label wins over the derivation (here: every record unlabelled but one)
            try (RecordMetadata.Writer w = new RecordMetadata.Writer(dir)) {
                for (int i = 0; i < s.size(); i++) {
                    w.add(s.id(i), Map.of(), i == 0 ? Map.of("BRADY", 1.0, "AFIB", 0.0) : null);
                }
                w.finish();
            }
            Optional<RecordMetadata> meta = RecordMetadata.read(dir);
            LabelColumn side = LabelColumn.of(s, "BRADY", meta).orElseThrow();
            assertEquals(LabelColumn.FROM_SIDECAR, side.source());
            assertEquals(1.0, side.values()[0]);
            assertTrue(Double.isNaN(side.values()[1]));
            assertEquals(0.0, LabelColumn.of(s, "AFIB", meta).orElseThrow().values()[0]);
            // a synthetic label the sidecar does not list is still derived
            assertEquals(LabelColumn.DERIVED, LabelColumn.of(s, "TACHY", meta).orElseThrow().source());
        }
    }
}
