package org.heatbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.heatbench.datasets.Lead;
import org.heatbench.datasets.SplitPolicy;
import org.heatbench.datasets.store.Provenance;
import org.heatbench.datasets.store.StoreSpec;
import org.heatbench.datasets.store.StoreWriter;
import org.heatbench.datasets.synth.GeneratorConfig;
import org.heatbench.datasets.synth.SyntheticEcgGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heatbench run} keeps an existing default store but says when its QT labels use the former T end. */
class DefaultStoreNoteTest {
    @TempDir
    Path tmp;

    private Path store(String name, boolean withTEnd) {
        SyntheticEcgGenerator g = SyntheticEcgGenerator.of(GeneratorConfig.defaults(2, 1));
        StoreSpec spec = g.storeSpec(Lead.STANDARD_12, SplitPolicy.DEFAULT);
        Map<String, String> p = new HashMap<>(spec.provenance().parameters());
        if (!withTEnd) {
            p.remove("t_end"); // what a v2 store made before the tangent definition records
        }
        Provenance old = spec.provenance();
        Path dir = tmp.resolve(name);
        try (StoreWriter w = StoreWriter.create(dir, spec.withProvenance(
                new Provenance(old.kind(), old.tool(), old.source(), p)), false)) {
            g.generate(w, 1);
        }
        return dir;
    }

    private static String note(Path dir) {
        StringWriter s = new StringWriter();
        RunCommand.warnIfOldTEnd(dir, new PrintWriter(s));
        return s.toString();
    }

    @Test
    void notesAPreTangentV2StoreOnly() {
        assertTrue(note(store("old", false)).contains("tangent method"), "pre-tangent v2 store: a note");
        assertEquals("", note(store("new", true)), "current store: silent");
    }
}
